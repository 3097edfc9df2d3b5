import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/*
 * One process per embedded database directory. PGlite keeps the whole database in the process that opened it and
 * writes it back to the directory; two processes on one directory overwrite each other's files and corrupt it. The
 * lock is a file created exclusively (O_EXCL) holding the owner's pid and start time. A lock whose process is gone
 * (killed, crashed) is stale and taken over, so a restart after `kill -9` is never blocked.
 */

export const LOCK_FILE = 'jinguo.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      pid === process.pid
        ? `the data directory ${dir} is already open in this process`
        : `the data directory ${dir} is in use by another Jinguo process (pid ${pid}); two processes on one embedded ` +
            'database would corrupt it. Stop that process first, or point JINGUO_DATA_DIR at another directory.',
    );
    this.name = 'DataDirLockedError';
  }
}

interface Owner {
  pid: number;
  /** The process's start time (Linux /proc), so a recycled pid is not mistaken for the owner. */
  started: string | null;
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot; null where /proc is unavailable. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may contain spaces: count fields after its closing paren
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: it exists, run by someone else
  }
  if (owner.started !== null) {
    const now = startTimeOf(owner.pid);
    if (now !== null && now !== owner.started) return false; // the pid now belongs to another process
  }
  return true;
}

function readOwner(file: string): Owner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Owner>;
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, started: typeof parsed.started === 'string' ? parsed.started : null }
      : null;
  } catch {
    return null; // half-written or unreadable: treat as stale
  }
}

/** The pid of the live process holding the directory's lock, or null when it is free (or its lock is stale). */
export function dataDirHolder(dir: string): number | null {
  const owner = readOwner(join(dir, LOCK_FILE));
  return owner && isAlive(owner) ? owner.pid : null;
}

export interface DataDirLock {
  release(): void;
}

/** Takes the directory's lock for this process, or throws DataDirLockedError when a live process holds it. */
export function lockDataDir(dir: string): DataDirLock {
  const file = join(dir, LOCK_FILE);
  const me: Owner = { pid: process.pid, started: startTimeOf(process.pid) };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
      const owner = readOwner(file);
      if (owner && isAlive(owner)) throw new DataDirLockedError(dir, owner.pid);
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    const owner = readOwner(file);
    if (owner?.pid === me.pid) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { release };
}
