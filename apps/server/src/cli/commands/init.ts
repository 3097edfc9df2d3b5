import { basename } from 'node:path';
import { sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { queryRows } from '../../platform/db/client.js';
import { runAsSystem } from '../../platform/scope.js';
import { readSetting, writeSetting } from '../../platform/settings.repository.js';
import { orgLoading } from '../../modules/organizations/index.js';
import { CHONGQING, importChongqing, LIANGJIANG_DATE, type ChongqingImport } from '../../provinces/chongqing.js';
import { CliFailure, parseCommand, UsageError, type CliContext } from '../context.js';
import { countRows, describeDatabase, withDatabase } from '../database.js';
import { DEFAULT_DIVISIONS_AS_OF, importProvince, loadProvinceDivisions, parseDate, parseProvince } from './orgs.js';
import { CLI_ACTOR, createAccount, parseUsername, printOneTimePassword } from './users.js';

export const INIT_HELP = `
jinguo init --production (--province <NN> | --root-name <名称> --root-code <code>) [options]

Prepares an empty database for production use, once:
  - applies the migrations;
  - imports the province's administrative divisions as the federation network (--province), or creates a single
    root organization (--root-name, --root-code) to build the tree under by hand; for Chongqing (--province 50) the
    network is brought to today's structure: the functional zones 西部科学城重庆高新区 and 万盛经开区 take their
    towns, and the 2025-11-06 reorganization (两江新区) is replayed with its history, exactly as the demo shows it;
  - creates ONE system administrator at the root, with a random one-time password printed once; it must be
    changed at the first sign-in;
  - loads no demo data and records the setting production_initialised.
It refuses when any user exists (e.g. a database that ran in demo mode). Start the server afterwards with
JINGUO_MODE=production.

Options:
  --production             required: the only kind of init there is (demo data loads itself in demo mode)
  --province <NN>          two-digit province code; imports apps/server/data/divisions/<NN>.tsv
  --file <path>            another division file for --province
  --as-of <YYYY-MM-DD>     the date the division data describes (default ${DEFAULT_DIVISIONS_AS_OF})
  --root-name <名称>        name of the single root organization, e.g. 某某市妇联 (without --province)
  --root-code <code>       its code: 2–32 letters, digits or - (without --province)
  --admin-username <u>     the administrator's username (default admin)
  --admin-name <姓名>       the administrator's display name (default 系统管理员)
  -h, --help               this help

Environment: DATABASE_URL (PostgreSQL) or JINGUO_DATA_DIR (embedded PGlite, default ./data); JINGUO_DATA_KEY or
<data dir>/keys/data.key holds the field encryption key.
`;

export interface ProductionInitialised {
  at: string;
  rootOrg: { id: number; code: string; name: string };
  province: string | null;
  adminUsername: string;
  organizations: number;
}

export async function initCommand(ctx: CliContext, argv: string[], today: () => string): Promise<number> {
  const cmd = 'init';
  const v = parseCommand(
    ctx.io,
    cmd,
    argv,
    {
      production: { type: 'boolean' },
      province: { type: 'string' },
      file: { type: 'string' },
      'as-of': { type: 'string' },
      'root-name': { type: 'string' },
      'root-code': { type: 'string' },
      'admin-username': { type: 'string' },
      'admin-name': { type: 'string' },
    },
    INIT_HELP,
  );
  if (!v.production) {
    throw new UsageError(
      'jinguo init needs --production. (Demo data needs no init: the server loads it by itself in demo mode, JINGUO_MODE=demo.)',
      cmd,
    );
  }
  const province = v.province === undefined ? null : parseProvince(v.province, cmd);
  const rootName = v['root-name']?.trim();
  const rootCode = v['root-code']?.trim();
  if (province && (rootName || rootCode))
    throw new UsageError(
      'give either --province or --root-name/--root-code, not both (the province line names the root)',
      cmd,
    );
  if (!province && (!rootName || !rootCode))
    throw new UsageError(
      "give --province <NN> to import a province's divisions, or both --root-name and --root-code for a single root organization",
      cmd,
    );
  if (!province && (v.file || v['as-of'])) throw new UsageError('--file and --as-of go with --province', cmd);
  if (rootCode && !/^[0-9A-Za-z-]{2,32}$/.test(rootCode))
    throw new UsageError(`--root-code: 2–32 letters, digits or -, got "${rootCode}"`, cmd);
  if (rootName && rootName.length > 100) throw new UsageError('--root-name is at most 100 characters', cmd);
  const asOf = parseDate(v['as-of'] ?? DEFAULT_DIVISIONS_AS_OF, 'as-of', cmd);
  const adminUsername = parseUsername(v['admin-username'] ?? 'admin', cmd);
  const adminName = (v['admin-name'] ?? '系统管理员').trim();
  if (!adminName || adminName.length > 50) throw new UsageError('--admin-name: 1–50 characters', cmd);
  const source = province ? loadProvinceDivisions(province, v.file) : null;

  ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
  const started = Date.now();
  const result = await withDatabase(ctx, { create: true }, async ({ handle, crypto }) => {
    const already = await readSetting<ProductionInitialised>(handle.db, 'production_initialised');
    if (already)
      throw new CliFailure(
        `this database was already initialised for production on ${already.at} (administrator ${already.adminUsername}). Use \`jinguo users reset-password\` to regain access.`,
      );
    if (await readSetting(handle.db, 'demo_data'))
      throw new CliFailure(
        'this database holds the demo data (it ran in demo mode): initialise an empty database instead (another JINGUO_DATA_DIR or DATABASE_URL).',
      );
    const userCount = await countRows(handle, 'users');
    if (userCount > 0)
      throw new CliFailure(
        `refusing to initialise: ${userCount} user account(s) already exist. jinguo init --production runs once, on an empty database.`,
      );

    const r = await runAsSystem(handle, CLI_ACTOR, async (s) => {
      let root;
      let imported = 0;
      let structure: ChongqingImport | null = null;
      if (source && province === CHONGQING) {
        // Chongqing as it stands today, as the demo shows it: functional zones and the recorded 2025 reorganization
        structure = await importChongqing(s, { crypto, today }, source.divisions, asOf).catch((err: unknown) => {
          throw new CliFailure(err instanceof Error ? err.message : String(err));
        });
        imported = structure.created;
        await appendAudit(s.tx, s.actor, {
          action: 'org.import_divisions',
          targetType: 'organization',
          reason: 'jinguo init --production',
          after: {
            province,
            file: basename(source.file),
            asOf,
            lines: source.divisions.length,
            created: structure.created,
            skipped: structure.skipped,
            functionalZones: structure.zones,
            reorganizations: structure.reorganized ? [LIANGJIANG_DATE] : [],
          },
        });
        root = (await orgLoading.findOrgByCode(s, province))!;
      } else if (source && province) {
        const res = await importProvince(s, { province, file: source.file, divisions: source.divisions, asOf });
        imported = res.created;
        root = (await orgLoading.findOrgByCode(s, province))!;
      } else {
        root = await orgLoading.createRootOrg(s, { name: rootName!, code: rootCode!, date: today() });
        imported = 1;
      }
      const admin = await createAccount(s, {
        username: adminUsername,
        displayName: adminName,
        org: { id: root.id, path: root.path },
        roles: ['system_admin'],
      });
      const organizations = Number(
        (await queryRows<{ n: number }>(s.tx, sql`select count(*)::int as n from organizations`))[0]!.n,
      );
      const marker: ProductionInitialised = {
        at: new Date().toISOString(),
        rootOrg: { id: root.id, code: root.code, name: root.name },
        province,
        adminUsername,
        organizations,
      };
      await writeSetting(s.tx, 'production_initialised', marker);
      await appendAudit(s.tx, s.actor, {
        action: 'system.production.init',
        targetType: 'system',
        orgId: root.id,
        orgPath: root.path,
        after: marker,
      });
      return { root, admin, imported, organizations, structure };
    });
    await handle.exec('analyze');
    return r;
  });

  ctx.io.out(
    `Initialised for production in ${((Date.now() - started) / 1000).toFixed(1)} s: root ${result.root.code} ${result.root.name}, ${result.organizations} organizations${province ? ` (${result.imported} imported from the divisions of province ${province})` : ''}.`,
  );
  if (result.structure) {
    const zones = result.structure.zones.length
      ? `functional zones ${result.structure.zones.join(', ')}`
      : 'no functional zones';
    ctx.io.out(
      `Chongqing's structure as of today: ${zones}${result.structure.reorganized ? `; the ${LIANGJIANG_DATE} reorganization (两江新区) replayed, with its history` : ''}.`,
    );
  }
  ctx.io.out(
    `System administrator: ${result.admin.user.username} (${result.admin.user.displayName}), role system_admin. No demo data was loaded.`,
  );
  printOneTimePassword(ctx, result.admin.user.username, result.admin.oneTimePassword);
  ctx.io.out(
    'The administrator manages accounts and settings only (三员分立): create the security officer and the auditor with',
  );
  ctx.io.out(
    `  jinguo users create --username security --name 安全管理员 --org ${result.root.code} --roles security_officer`,
  );
  ctx.io.out(`  jinguo users create --username auditor --name 审计管理员 --org ${result.root.code} --roles auditor`);
  if (ctx.config.mode !== 'production') {
    ctx.io.err(
      'warning: JINGUO_MODE is not "production". Start the server with JINGUO_MODE=production: in demo mode it would load the demo accounts, whose password is public.',
    );
  }
  return 0;
}
