import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { appendAudit, auditKeyFits, keyedChainReady, verifyAuditChain } from '../../platform/audit/audit.service.js';
import { ensureDir } from '../../platform/config.js';
import { createFieldCrypto, deriveAuditKey, loadDataKey } from '../../platform/crypto.js';
import { openDatabase, queryRows, type DbHandle } from '../../platform/db/client.js';
import { lockDataDir, type DataDirLock } from '../../platform/db/data-dir-lock.js';
import { applyMigrations, migrationVersion } from '../../platform/db/migrate.js';
import {
  checkInterruptedPgRestore,
  clearPgRestoreJournal,
  PG_RESTORE_APP,
  PG_RESTORE_TOKEN,
  writePgRestoreJournal,
  clearRestoreJournal,
  rollBackRestore,
  syncDir,
  syncFile,
  tempNameOf,
  writeFileDurably,
  writeRestoreJournal,
  type RestoreJournal,
} from '../../platform/db/restore-journal.js';
import { crashPoint } from '../../platform/crash-point.js';
import { checkpointFileOf } from '../../platform/audit/audit.checkpoints.js';
import { runAsSystem } from '../../platform/scope.js';
import { writeSetting } from '../../platform/settings.repository.js';
import { CliFailure, parseCommand, required, type CliContext } from '../context.js';
import {
  assertEmbeddedFree,
  assertNoInterruptedRestore,
  auditTrailOf,
  countRows,
  embeddedExists,
  pgliteDir,
  redactUrl,
} from '../database.js';
import { CLI_ACTOR } from './users.js';

export const BACKUP_HELP = `
jinguo backup --out <file> [--force]

Embedded database (PGlite, no DATABASE_URL): writes the whole database directory as one .tar.gz, consistently
(the server must be stopped: the command refuses while the database is open elsewhere).
PostgreSQL (DATABASE_URL set): runs pg_dump --format=custom when pg_dump is installed, and prints the command.

The field encryption key (JINGUO_DATA_KEY or <data dir>/keys/data.key) is NOT in the backup, by design: keep a
copy of it somewhere else. Without it, encrypted personal data in a backup cannot be read.

Options:
  --out <file>   where to write (e.g. jinguo-2026-03-08.tar.gz, or .dump for PostgreSQL)
  --force        overwrite an existing file
  -h, --help     this help
`;

export const RESTORE_HELP = `
jinguo restore --from <file> [--force]

Embedded database: loads a backup written by \`jinguo backup\` into <data dir>/pglite, checks that it opens and
that its migrations match, applies this version's newer migrations, verifies the audit chain under this
installation's audit key, sets the audit checkpoints of the replaced database aside (the restored trail ends
before them), ends all sessions and records the restore in the audit trail.
An existing database is replaced only with --force, and is then kept beside it as pglite.before-restore-<time>.
PostgreSQL: pg_restore --clean --if-exists writes the restore as SQL and psql runs it into DATABASE_URL in one
transaction, pg-boss's queues dropped first (refuses while other sessions are connected, and needs --force when the
database already has tables), then the same checks. Killed half-way, the next start says what to do.

Options:
  --from <file>  the backup file
  --force        replace an existing database
  -h, --help     this help
`;

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

/** The absolute path of an executable on PATH, or null. */
export function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);
const printable = (argv: string[], url: string) =>
  argv.map((a) => shellQuote(a === url ? redactUrl(url) : a)).join(' ');

function sizeOf(bytes: number): string {
  return bytes > 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function keyReminder(ctx: CliContext): void {
  const where = process.env.JINGUO_DATA_KEY
    ? 'the JINGUO_DATA_KEY environment variable'
    : join(ctx.config.dataDir, 'keys', 'data.key');
  ctx.io.out(
    `Reminder: the field encryption key (${where}) is not in the backup. Keep a copy of it in a safe place of its own.`,
  );
}

export async function backupCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const v = parseCommand(ctx.io, 'backup', argv, { out: { type: 'string' }, force: { type: 'boolean' } }, BACKUP_HELP);
  const out = resolve(required(v, 'out', 'backup'));
  if (existsSync(out) && !v.force) throw new CliFailure(`${out} exists; pass --force to overwrite it`);
  if (!existsSync(dirname(out))) throw new CliFailure(`the directory ${dirname(out)} does not exist`);
  return ctx.config.databaseUrl ? backupPostgres(ctx, ctx.config.databaseUrl, out) : backupEmbedded(ctx, out);
}

export async function restoreCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const v = parseCommand(
    ctx.io,
    'restore',
    argv,
    { from: { type: 'string' }, force: { type: 'boolean' } },
    RESTORE_HELP,
  );
  const from = resolve(required(v, 'from', 'restore'));
  if (!existsSync(from) || !statSync(from).isFile()) throw new CliFailure(`no backup file at ${from}`);
  return ctx.config.databaseUrl
    ? restorePostgres(ctx, ctx.config.databaseUrl, from, v.force === true)
    : restoreEmbedded(ctx, from, v.force === true);
}

async function recordBackup(ctx: CliContext, handle: DbHandle, file: string, bytes: number, digest: string) {
  const migrations = await migrationVersion(handle);
  if (!(await keyedChainReady(handle.db))) {
    ctx.io.err(
      'note: the backup is not recorded in the audit trail: this database predates the keyed audit chain (migration 0039). Start the server once to upgrade it.',
    );
    return;
  }
  const audit = auditTrailOf(ctx.config, handle);
  try {
    await runAsSystem(handle, CLI_ACTOR, (s) =>
      appendAudit(s.tx, s.actor, {
        action: 'system.backup',
        targetType: 'system',
        after: { file: basename(file), bytes, sha256: digest, migrations: migrations.applied },
        reason: 'jinguo backup',
      }),
    );
    await audit.checkpoint();
  } finally {
    audit.close();
  }
}

/* ---------- embedded (PGlite) ---------- */

async function backupEmbedded(ctx: CliContext, out: string): Promise<number> {
  const dir = pgliteDir(ctx.config);
  assertEmbeddedFree(ctx);
  if (!embeddedExists(ctx.config))
    throw new CliFailure(`no database at ${dir} (JINGUO_DATA_DIR=${ctx.config.dataDir}): nothing to back up`);
  ctx.io.out(`database: PGlite ${dir}`);
  const started = Date.now();
  const handle = await openDatabase({ databaseUrl: null, dataDir: ctx.config.dataDir });
  try {
    const migrations = await migrationVersion(handle);
    const counts = {
      organizations: await countRows(handle, 'organizations'),
      users: await countRows(handle, 'users'),
      auditEvents: await countRows(handle, 'audit_events'),
    };
    const blob = await handle.pglite!.dumpDataDir('gzip');
    const buf = Buffer.from(await blob.arrayBuffer());
    // never a file under the final name that is not complete on disk: a killed backup leaves `<out>.tmp-<pid>`
    writeFileDurably(out, buf, { beforeRename: () => crashPoint('backup.written') });
    const digest = sha256(buf);
    await recordBackup(ctx, handle, out, buf.length, digest);
    ctx.io.out(
      `Backup written to ${out} (${sizeOf(buf.length)}, sha256 ${digest}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    ctx.io.out(
      `It holds ${counts.organizations} organizations, ${counts.users} users, ${counts.auditEvents} audit events; migrations ${migrations.applied} (${migrations.latest}).`,
    );
    keyReminder(ctx);
    return 0;
  } finally {
    await handle.close();
  }
}

interface Probe {
  applied: number;
  organizations: number;
  users: number;
}

async function probeEmbedded(client: PGlite): Promise<Probe> {
  const one = async (q: string) => Number((await client.query<{ n: number }>(q)).rows[0]?.n ?? 0);
  const hasMigrations = await one(
    `select count(*)::int as n from information_schema.tables where table_schema = 'drizzle' and table_name = '__drizzle_migrations'`,
  );
  if (!hasMigrations) throw new CliFailure('the backup holds no Jinguo database (no migrations table)');
  return {
    applied: await one('select count(*)::int as n from drizzle.__drizzle_migrations'),
    organizations: await one('select count(*)::int as n from organizations'),
    users: await one('select count(*)::int as n from users'),
  };
}

/** After the restored database is in place: open it, compare migrations, verify the chain, end sessions, audit. */
async function finishRestore(
  ctx: CliContext,
  handle: DbHandle,
  from: string,
  digest: string,
  bytes: number,
  expectedApplied: number | null,
  checkpointsAside?: string,
) {
  const migrations = await migrationVersion(handle);
  if (expectedApplied !== null && migrations.applied !== expectedApplied) {
    throw new CliFailure(
      `the restored database reports ${migrations.applied} migrations, the backup had ${expectedApplied}`,
    );
  }
  if (migrations.applied > migrations.expected) {
    throw new CliFailure(
      `the backup was made by a newer Jinguo (${migrations.applied} migrations; this version knows ${migrations.expected}): upgrade Jinguo first`,
    );
  }
  // The restored database takes this version's schema now (the keyed audit chain needs migration 0039 and later).
  const pending = migrations.expected - migrations.applied;
  if (pending > 0) await applyMigrations(handle);
  // Its chain is checked under this installation's audit key. The checkpoint file describes the database that was
  // replaced (newer events than the backup holds): it is set aside, and a new one starts with the restored head.
  const key = deriveAuditKey(loadDataKey(ctx.config.dataDir));
  const audit = auditTrailOf(ctx.config, handle);
  try {
    const chain = await verifyAuditChain(handle.db, { key });
    const keyOk = await dataKeyMatches(ctx, handle);
    const auditKeyOk = await auditKeyFits(handle.db, key);
    const setAside = setCheckpointsAside(audit.checkpointFile, checkpointsAside);
    crashPoint('restore.finishing'); // restored and migrated, checkpoints set aside; sessions and audit not yet done
    await runAsSystem(handle, CLI_ACTOR, async (s) => {
      await s.tx.execute(sql`delete from sessions`);
      if (auditKeyOk === false) return;
      await appendAudit(s.tx, s.actor, {
        action: 'system.restore',
        targetType: 'system',
        reason: 'jinguo restore',
        result: 'success',
        after: {
          file: basename(from),
          bytes,
          sha256: digest,
          migrations: migrations.applied,
          auditChain: chain,
          checkpointsSetAside: setAside ? basename(setAside) : null,
        },
      });
    });
    if (auditKeyOk !== false) await audit.checkpoint();
    ctx.io.out(
      `Opened the restored database: migrations ${migrations.applied} of ${migrations.expected} (${migrations.latest})${pending > 0 ? `; the ${pending} newer ones were applied` : ''}.`,
    );
    ctx.io.out(
      `Organizations ${await countRows(handle, 'organizations')}, users ${await countRows(handle, 'users')}. All sessions ended: everyone signs in again.`,
    );
    if (chain.ok) ctx.io.out(`Audit chain OK (${chain.checked} events).`);
    else ctx.io.err(`warning: the restored audit chain is BROKEN at event id ${chain.firstBadId}: ${chain.problem}`);
    if (setAside)
      ctx.io.out(
        `The audit checkpoints of the replaced database were set aside as ${setAside}; new ones start with the restored trail.`,
      );
    if (auditKeyOk === false)
      ctx.io.err(
        'warning: the restore is NOT recorded in the audit trail: the restored trail was not written with the audit key derived from the data key here. Put the key of the backed-up installation in place, then run `jinguo audit verify`.',
      );
    if (keyOk === false) {
      ctx.io.err(
        `warning: the data key here (${process.env.JINGUO_DATA_KEY ? 'JINGUO_DATA_KEY' : join(ctx.config.dataDir, 'keys', 'data.key')}) does not decrypt the restored personal data. Put the key of the backed-up installation in its place before starting the server.`,
      );
    }
  } finally {
    audit.close();
  }
}

/** Moves the checkpoint file of a replaced database aside (kept, never deleted); its new name, or null. */
function setCheckpointsAside(file: string, name?: string): string | null {
  if (!existsSync(file)) return null;
  const aside =
    name ?? file.replace(/\.jsonl$/, `.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  renameSync(file, aside);
  return aside;
}

/** Decrypts one encrypted field of the restored data with this installation's key: null when there is none to try. */
async function dataKeyMatches(ctx: CliContext, handle: DbHandle): Promise<boolean | null> {
  const [row] = await queryRows<{ v: string }>(
    handle.db,
    sql`
    select v from (select contact_phone_enc as v from organizations where contact_phone_enc is not null limit 1) a
    union all select v from (select phone_enc as v from org_officers where phone_enc is not null limit 1) b limit 1`,
  );
  if (!row) return null;
  try {
    createFieldCrypto(loadDataKey(ctx.config.dataDir)).decrypt(row.v);
    return true;
  } catch {
    return false;
  }
}

async function restoreEmbedded(ctx: CliContext, from: string, force: boolean): Promise<number> {
  assertEmbeddedFree(ctx); // …and undoes an earlier restore that was killed half-way
  // Held from here to the end: a server started while the backup loads would open the database about to be set
  // aside, and go on writing to it after the swap.
  const lock = lockDataDir(ensureDir(ctx.config.dataDir));
  try {
    return await restoreEmbeddedLocked(ctx, from, force, lock);
  } finally {
    lock.release();
  }
}

async function restoreEmbeddedLocked(
  ctx: CliContext,
  from: string,
  force: boolean,
  lock: DataDirLock,
): Promise<number> {
  const dir = pgliteDir(ctx.config);
  const existing = existsSync(dir);
  if (existing && embeddedExists(ctx.config) && !force) {
    throw new CliFailure(
      `a database exists at ${dir}; pass --force to replace it (it is then kept as ${basename(dir)}.before-restore-<time>)`,
    );
  }
  ctx.io.out(`database: PGlite ${dir}`);
  const buf = readFileSync(from);
  const digest = sha256(buf);
  ctx.io.out(`backup: ${from} (${sizeOf(buf.length)}, sha256 ${digest})`);
  ensureDir(ctx.config.dataDir);

  // 1. Load the dump into a directory of its own and check it before touching the current database.
  const staging = `${dir}.restoring`;
  rmSync(staging, { recursive: true, force: true });
  let probe: Probe;
  try {
    const client = await PGlite.create({
      dataDir: staging,
      loadDataDir: new Blob([buf]),
      extensions: { ltree, pg_trgm },
    });
    try {
      probe = await probeEmbedded(client);
    } finally {
      await client.close();
    }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (err instanceof CliFailure) throw err;
    throw new CliFailure(`${from} is not a readable Jinguo backup: ${(err as Error).message}`);
  }

  // 2. Swap directories; keep the previous database until the operator deletes it. From here until the restore is
  // finished a journal in the data directory says how to put everything back: killed anywhere in between, the next
  // open of the directory (server or command) undoes the restore (platform/db/restore-journal.ts).
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const kept = existing ? `${dir}.before-restore-${stamp}` : null;
  const checkpointFile = checkpointFileOf(ctx.config.dataDir);
  const journal: RestoreJournal = {
    started: new Date().toISOString(),
    pid: process.pid,
    dir,
    staging,
    kept,
    checkpoints: {
      file: checkpointFile,
      existed: existsSync(checkpointFile),
      aside: checkpointFile.replace(/\.jsonl$/, `.before-restore-${stamp}.jsonl`),
    },
  };
  writeRestoreJournal(ctx.config.dataDir, journal);
  if (kept) renameSync(dir, kept);
  crashPoint('restore.swapping'); // the previous database set aside, the restored one not yet in its place
  renameSync(staging, dir);

  // 3. Open it the way the server does and check it again; put the old one back if that fails.
  try {
    // openDatabase would undo the restore in progress: the journal is set aside while this process holds the lock
    const handle = await openDatabase({
      databaseUrl: null,
      dataDir: ctx.config.dataDir,
      restoring: true,
      heldLock: lock,
    });
    try {
      await finishRestore(ctx, handle, from, digest, buf.length, probe.applied, journal.checkpoints.aside);
    } finally {
      await handle.close();
    }
    crashPoint('restore.finished'); // all done but the journal's removal: still undone by the next open
    clearRestoreJournal(ctx.config.dataDir);
  } catch (err) {
    rollBackRestore(ctx.config.dataDir, journal);
    throw err instanceof CliFailure
      ? err
      : new CliFailure(
          `the restored database did not open: ${(err as Error).message}; the previous database is back in place`,
        );
  }
  ctx.io.out(`Restored ${from} into ${dir}.`);
  if (kept) ctx.io.out(`The previous database was kept at ${kept}; delete it once you are satisfied.`);
  return 0;
}

/* ---------- PostgreSQL ---------- */

function runTool(
  ctx: CliContext,
  tool: string,
  argv: string[],
  url: string,
  opts: { dieWithCommand?: boolean } = {},
): void {
  const path = which(tool);
  ctx.io.out(`$ ${printable([tool, ...argv], url)}`);
  if (!path)
    throw new CliFailure(
      `${tool} is not installed here. Run the command above on a machine with the PostgreSQL client tools (same major version as the server or newer).`,
    );
  // killed, this command takes the tool with it (Linux: setpriv's parent-death signal) instead of leaving it running
  const setpriv = opts.dieWithCommand ? which('setpriv') : null;
  const [command, args] = setpriv ? [setpriv, ['--pdeathsig', 'KILL', path, ...argv]] : [path, argv];
  const r = spawnSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.stdout?.trim()) ctx.io.out(r.stdout.trimEnd());
  if (r.stderr?.trim()) ctx.io.err(r.stderr.trimEnd());
  if (r.error) throw new CliFailure(`${tool} could not run: ${r.error.message}`);
  if (r.status !== 0) throw new CliFailure(`${tool} failed with exit code ${r.status}`);
}

/**
 * pg_restore --clean cannot replace pg-boss's queues (partitioned tables: "cannot drop inherited constraint"), so a
 * database that ever ran the server could not be restored. pg_restore writes the restore as SQL instead, and psql runs
 * it in ONE transaction after dropping pg-boss's schema (the dump brings its own): the data is replaced completely or
 * not at all. Both are killed with this command (setpriv's parent-death signal) rather than left running.
 */
async function restoreScript(ctx: CliContext, url: string, from: string): Promise<void> {
  const tools = ['pg_restore', 'psql'].map((t) => ({ tool: t, path: which(t) }));
  const restoreArgs = ['--clean', '--if-exists', '--no-owner', '--file', '-', from];
  const psqlArgs = ['--no-psqlrc', '--quiet', '--single-transaction', '--set', 'ON_ERROR_STOP=1', '--dbname', url];
  const dropQueues = 'DROP SCHEMA IF EXISTS pgboss CASCADE';
  ctx.io.out(
    `$ ${printable(['pg_restore', ...restoreArgs], url)} | ${printable(['psql', ...psqlArgs], url)} -c '${dropQueues}' -f -`,
  );
  const missing = tools.filter((t) => !t.path).map((t) => t.tool);
  if (missing.length)
    throw new CliFailure(
      `${missing.join(' and ')} not installed here. Run the command above on a machine with the PostgreSQL client tools (same major version as the server or newer).`,
    );
  const setpriv = which('setpriv');
  const start = (path: string, args: string[]) =>
    spawn(setpriv ?? path, setpriv ? ['--pdeathsig', 'KILL', path, ...args] : args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PGAPPNAME: PG_RESTORE_APP },
    });
  const writer = start(tools[0]!.path!, restoreArgs);
  const runner = start(tools[1]!.path!, [...psqlArgs, '--command', dropQueues, '--file', '-']);
  writer.stdin.end();
  writer.stdout.pipe(runner.stdin);
  runner.stdin.on('error', () => {}); // psql stopped reading (it failed): its exit code says so
  let errors = '';
  for (const c of [writer, runner])
    c.stderr.on('data', (b: Buffer) => (errors = (errors + b.toString()).slice(-8_000)));
  runner.stdout.on('data', (b: Buffer) => ctx.io.out(b.toString().trimEnd()));
  const exit = (c: typeof writer) =>
    new Promise<number | null>((ok) => {
      c.once('error', () => ok(-1));
      c.once('exit', (code) => ok(code));
    });
  const [w, r] = await Promise.all([exit(writer), exit(runner)]);
  if (errors.trim()) ctx.io.err(errors.trimEnd());
  if (w !== 0) throw new CliFailure(`pg_restore failed with exit code ${w}: nothing was restored`);
  if (r !== 0)
    throw new CliFailure(`psql failed with exit code ${r}: the transaction was rolled back, nothing was restored`);
}

async function backupPostgres(ctx: CliContext, url: string, out: string): Promise<number> {
  ctx.io.out(`database: PostgreSQL ${redactUrl(url)}`);
  const check = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 1 });
  try {
    await assertNoInterruptedRestore(ctx, check); // no backup of a restore left half-done
  } finally {
    await check.close();
  }
  const started = Date.now();
  // never a file under the final name that is not complete on disk: pg_dump writes `<out>.tmp-<pid>`, synced, renamed
  const partial = tempNameOf(out);
  try {
    runTool(ctx, 'pg_dump', ['--format=custom', '--file', partial, '--dbname', url], url, { dieWithCommand: true });
    syncFile(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  crashPoint('backup.written');
  renameSync(partial, out);
  syncDir(dirname(out));
  const buf = readFileSync(out);
  const digest = sha256(buf);
  const handle = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 1 });
  try {
    await recordBackup(ctx, handle, out, buf.length, digest);
  } finally {
    await handle.close();
  }
  ctx.io.out(
    `Backup written to ${out} (${sizeOf(buf.length)}, sha256 ${digest}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  ctx.io.out(
    `Restore it with \`jinguo restore --from ${shellQuote(out)}\`, or: pg_restore --clean --if-exists --no-owner --file - ${shellQuote(out)} | psql --single-transaction --set ON_ERROR_STOP=1 --dbname <url> --command 'DROP SCHEMA IF EXISTS pgboss CASCADE' --file -`,
  );
  keyReminder(ctx);
  return 0;
}

async function restorePostgres(ctx: CliContext, url: string, from: string, force: boolean): Promise<number> {
  ctx.io.out(`database: PostgreSQL ${redactUrl(url)}`);
  const buf = readFileSync(from);
  const digest = sha256(buf);
  const checkpointFile = checkpointFileOf(ctx.config.dataDir);
  const journal = {
    started: new Date().toISOString(),
    pid: process.pid,
    from,
    checkpoints: {
      file: checkpointFile,
      existed: existsSync(checkpointFile),
      aside: checkpointFile.replace(
        /\.jsonl$/,
        `.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`,
      ),
    },
  };
  ensureDir(ctx.config.dataDir);
  const handle = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 1 });
  try {
    const others = await queryRows<{ n: number; clients: string | null }>(
      handle.db,
      sql`
      select count(*)::int as n, string_agg(distinct coalesce(client_addr::text, 'local') || coalesce(' ' || nullif(application_name, ''), ''), ', ') as clients
      from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    if (Number(others[0]?.n ?? 0) > 0) {
      throw new CliFailure(
        `${others[0]!.n} other session(s) are connected to this database (${others[0]!.clients}): stop the Jinguo servers before restoring`,
      );
    }
    const tables = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`,
    );
    if (Number(tables[0]?.n ?? 0) > 0 && !force) {
      throw new CliFailure(
        'the database already has tables; pass --force to replace them (pg_restore --clean), or restore into a new empty database',
      );
    }
    // Roles live outside a database dump; the app role must exist before the dump's GRANTs run.
    await handle.exec(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jinguo_app') THEN CREATE ROLE jinguo_app NOLOGIN; END IF; END $$`,
    );
    // From here until the restore is finished, a journal in the data directory and a token in the database (which
    // the dump does not hold) tell the next start whether pg_restore replaced the data (platform/db/restore-journal.ts)
    const token = Number(tables[0]?.n ?? 0) > 0 ? randomUUID() : null;
    if (token !== null) await writeSetting(handle.db, PG_RESTORE_TOKEN, token);
    writePgRestoreJournal(ctx.config.dataDir, { ...journal, token });
  } finally {
    await handle.close();
  }
  crashPoint('restore.journaled'); // nothing replaced yet
  try {
    await restoreScript(ctx, url, from);
  } catch (err) {
    // one transaction: nothing was replaced; the token and the journal go
    const again = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 1 });
    try {
      await checkInterruptedPgRestore(ctx.config.dataDir, async (text) => (await again.pool!.query(text)).rows);
    } finally {
      await again.close();
    }
    throw err;
  }
  const after = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 1 });
  try {
    await finishRestore(ctx, after, from, digest, buf.length, null, journal.checkpoints.aside);
  } catch (err) {
    ctx.io.err(
      `The data of ${from} is in place but the restore did not finish: the server refuses to start until \`jinguo restore --from ${from} --force\` is run again.`,
    );
    throw err;
  } finally {
    await after.close();
  }
  clearPgRestoreJournal(ctx.config.dataDir);
  ctx.io.out(`Restored ${from}.`);
  return 0;
}
