import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * A restore of the embedded database swaps directories (the current one set aside, the restored one put in its
 * place), then finishes inside the restored database (migrations, sessions ended, the audit event, the audit
 * checkpoints of the replaced database set aside). Killed anywhere in between, it would leave no database at all, or
 * a restored one nobody finished. So before the first rename the restore writes this journal into the data
 * directory, and removes it only once everything is done. Whoever opens the directory next (the server, any CLI
 * command) finds the journal and puts the previous state back: the previous database, its audit checkpoints, no
 * staging directory. A restore either happened completely or not at all.
 */

export const RESTORE_JOURNAL = 'restore.journal.json';

export interface RestoreJournal {
  /** When the restore began, and its process (for the message). */
  started: string;
  pid: number;
  /** The database directory (<data dir>/pglite), the restored copy being staged, the previous one set aside. */
  dir: string;
  staging: string;
  kept: string | null;
  /** The audit checkpoint file, whether it existed, and the name it is set aside under during the restore. */
  checkpoints: { file: string; existed: boolean; aside: string };
}

/** The temporary name a file is written under before it is renamed into place (never mistaken for the file). */
export const tempNameOf = (file: string) => `${file}.tmp-${process.pid}`;

/**
 * Writes a file so that it is either absent or complete on disk: a temporary name, fsync, rename, fsync of the
 * directory. `beforeRename` runs once the temporary file is complete.
 */
export function writeFileDurably(
  file: string,
  data: string | Uint8Array,
  opts: { mode?: number; beforeRename?: () => void } = {},
): void {
  const tmp = tempNameOf(file);
  const fd = openSync(tmp, 'w', opts.mode ?? 0o600);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  opts.beforeRename?.();
  renameSync(tmp, file);
  syncDir(dirname(file));
}

/** fsync of a file already written (by another program, e.g. pg_dump). */
export function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync of a directory, so a rename in it survives a power cut; a no-op where directories cannot be opened. */
export function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* not supported on this platform */
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

const journalFile = (dataDir: string) => join(dataDir, RESTORE_JOURNAL);

export function writeRestoreJournal(dataDir: string, journal: RestoreJournal): void {
  writeFileDurably(journalFile(dataDir), JSON.stringify(journal, null, 2) + '\n');
}

export function clearRestoreJournal(dataDir: string): void {
  rmSync(journalFile(dataDir), { force: true });
  syncDir(dataDir);
}

/**
 * Puts the state before the restore back (each step only if still needed, so a rollback killed half-way can run
 * again): the restored or half-restored database and the staging copy removed, the previous database and audit
 * checkpoints back in place, the journal removed.
 */
export function rollBackRestore(dataDir: string, j: RestoreJournal): void {
  if (j.kept !== null && existsSync(j.kept)) {
    rmSync(j.dir, { recursive: true, force: true });
    renameSync(j.kept, j.dir);
  } else if (j.kept === null) {
    rmSync(j.dir, { recursive: true, force: true }); // there was no database before: there is none again
  }
  rmSync(j.staging, { recursive: true, force: true });
  if (existsSync(j.checkpoints.aside)) {
    rmSync(j.checkpoints.file, { force: true });
    renameSync(j.checkpoints.aside, j.checkpoints.file);
  } else if (!j.checkpoints.existed) {
    rmSync(j.checkpoints.file, { force: true }); // written for the restored trail only
  }
  syncDir(dirname(j.dir));
  syncDir(dirname(j.checkpoints.file));
  clearRestoreJournal(dataDir);
}

/**
 * Called with the data directory's lock held, before its database is opened: undoes a restore that did not finish
 * (killed, or the machine went down). Returns what it did, for the log, or null when there was nothing to undo.
 */
export function recoverInterruptedRestore(dataDir: string): string | null {
  const file = journalFile(dataDir);
  if (!existsSync(file)) return null;
  let j: RestoreJournal;
  try {
    j = JSON.parse(readFileSync(file, 'utf8')) as RestoreJournal;
  } catch (err) {
    throw new Error(
      `${file} records a restore that did not finish, and cannot be read (${(err as Error).message}). ` +
        'Check the directories pglite, pglite.restoring and pglite.before-restore-* by hand, then delete the file.',
    );
  }
  rollBackRestore(dataDir, j);
  return (
    `a restore started ${j.started} (pid ${j.pid}) did not finish: it was undone, the previous ` +
    (j.kept !== null ? `database is back in ${j.dir}` : 'state (no database) is back') +
    '. Run `jinguo restore` again to restore.'
  );
}

/*
 * On PostgreSQL the restore runs as one transaction (pg_restore's SQL through psql: the data is replaced completely or
 * not at all), then the same finish as above in the restored database. Killed in between, the database would serve
 * the backup's data with the backup's sessions, unaudited. The restore writes a journal into the data directory first
 * and a token into the database (system_settings) that the dump does not hold: at the next start the token still
 * there means the restore never committed (the journal is simply removed); gone means the data was replaced and the
 * restore did not finish: the server and every command refuse, naming the command that finishes it.
 */

export const PG_RESTORE_JOURNAL = 'restore.postgres.json';
export const PG_RESTORE_TOKEN = 'restore.pending';
/** The restore's application_name (pg_restore, psql), so a restore still running is seen in pg_stat_activity. */
export const PG_RESTORE_APP = 'jinguo-restore';

export interface PgRestoreJournal {
  started: string;
  pid: number;
  /** The backup file, for the message. */
  from: string;
  /** Written into the database before pg_restore; null when the database had no tables to hold it. */
  token: string | null;
  checkpoints: { file: string; existed: boolean; aside: string };
}

export class RestoreInterruptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreInterruptedError';
  }
}

const pgJournalFile = (dataDir: string) => join(dataDir, PG_RESTORE_JOURNAL);

export function writePgRestoreJournal(dataDir: string, journal: PgRestoreJournal): void {
  writeFileDurably(pgJournalFile(dataDir), JSON.stringify(journal, null, 2) + '\n');
}

export function clearPgRestoreJournal(dataDir: string): void {
  rmSync(pgJournalFile(dataDir), { force: true });
  syncDir(dataDir);
}

export function readPgRestoreJournal(dataDir: string): PgRestoreJournal | null {
  const file = pgJournalFile(dataDir);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PgRestoreJournal;
  } catch {
    throw new RestoreInterruptedError(
      `${file} records a restore that did not finish, and cannot be read. Run \`jinguo restore --from <backup> --force\` again, or delete the file if the database is as it should be.`,
    );
  }
}

/**
 * Before a PostgreSQL database is used (server start, every command): nothing when no restore was interrupted; the
 * journal removed when pg_restore never committed; RestoreInterruptedError when a restore is still running or replaced
 * the data without finishing.
 */
export async function checkInterruptedPgRestore(
  dataDir: string,
  query: (text: string) => Promise<Record<string, unknown>[]>,
): Promise<string | null> {
  const j = readPgRestoreJournal(dataDir);
  if (!j) return null;
  const running = await query(
    `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = '${PG_RESTORE_APP}'`,
  );
  if (Number(running[0]?.n ?? 0) > 0)
    throw new RestoreInterruptedError(
      `a restore of ${j.from} (started ${j.started}) is still running in this database (pg_restore): wait for it to end, then run \`jinguo restore --from ${j.from} --force\` again if it did not finish.`,
    );
  const found = await query(`select value #>> '{}' as token from system_settings where key = '${PG_RESTORE_TOKEN}'`)
    .then((rows) => (rows[0]?.token as string | undefined) ?? null)
    .catch(() => null); // no table: the database is empty, or pg_restore is half-way through dropping it
  const untouched =
    j.token !== null
      ? found === j.token
      : Number(
          (
            await query(
              `select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`,
            )
          )[0]?.n ?? 0,
        ) === 0; // restored into an empty database: still empty
  if (untouched) {
    if (j.token !== null) await query(`delete from system_settings where key = '${PG_RESTORE_TOKEN}'`);
    if (existsSync(j.checkpoints.aside) && !existsSync(j.checkpoints.file))
      renameSync(j.checkpoints.aside, j.checkpoints.file);
    clearPgRestoreJournal(dataDir);
    return `a restore of ${j.from} started ${j.started} (pid ${j.pid}) stopped before it replaced any data: the database is as it was.`;
  }
  throw new RestoreInterruptedError(
    `a restore of ${j.from} started ${j.started} (pid ${j.pid}) replaced the data but did not finish (sessions not ended, not audited). ` +
      `Run \`jinguo restore --from ${j.from} --force\` again to finish it (stop the servers first).`,
  );
}
