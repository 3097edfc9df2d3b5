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
