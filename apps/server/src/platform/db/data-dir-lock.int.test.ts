import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DB } from '../../../test/harness.js';
import { pgliteTemplate } from '../../cli/testing.js';
import { openDatabase } from './client.js';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './data-dir-lock.js';

// One process per embedded database directory (PGlite): a second `npm start` on ./data exits with a clear message,
// and a lock left by a killed process does not block a restart. PGlite only, so run once (in the int-pglite project).

const SERVER_ROOT = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
const emptyDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'jinguo-lock-'));
  dirs.push(d);
  return d;
};
/** A data directory holding a migrated database (a copy of a template: initdb costs seconds in each opener). */
const tempDir = async () => {
  const d = emptyDir();
  cpSync(await pgliteTemplate(), join(d, 'pglite'), { recursive: true });
  return d;
};
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A node process that opens the embedded database on `dir` (through openDatabase, as the server does) and waits. */
async function holder(dir: string): Promise<ChildProcess> {
  const script = `import { openDatabase } from './src/platform/db/client.ts';
    const h = await openDatabase({ databaseUrl: null, dataDir: ${JSON.stringify(dir)} });
    console.log('open');
    process.on('SIGTERM', async () => { await h.close(); process.exit(0); });
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: SERVER_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((ok, fail) => {
    let err = '';
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('open') && ok());
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) => fail(new Error(`holder exited (${code}): ${err}`)));
  });
  return child;
}
const exited = (c: ChildProcess) =>
  new Promise<void>((ok) => (c.exitCode !== null || c.signalCode !== null ? ok() : c.once('exit', () => ok())));

describe.skipIf(TEST_DB !== 'pglite')('the embedded database directory is locked to one process', () => {
  it('refuses a second opener in the same process, and frees the directory on close', async () => {
    const dir = await tempDir();
    const first = await openDatabase({ databaseUrl: null, dataDir: dir });
    await expect(openDatabase({ databaseUrl: null, dataDir: dir })).rejects.toThrow(DataDirLockedError);
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openDatabase({ databaseUrl: null, dataDir: dir });
    await again.close();
  });

  it('refuses while another process holds it, and takes over once that process was killed (kill -9)', async () => {
    const dir = await tempDir();
    const child = await holder(dir);
    const err = await openDatabase({ databaseUrl: null, dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as DataDirLockedError).pid).toBe(child.pid);
    expect((err as Error).message).toContain(`pid ${child.pid}`);
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true); // left behind: stale
    const h = await openDatabase({ databaseUrl: null, dataDir: dir });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await h.close();
  });

  it('treats an unreadable lock, or a pid now owned by another process, as stale', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, LOCK_FILE), '{"pid":');
    lockDataDir(dir).release();
    // a live pid (this process's parent) recorded with another start time: the pid was recycled
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, started: '1' }));
    const lock = existsSync('/proc/self/stat') ? lockDataDir(dir) : null;
    lock?.release();
    // the same live pid without a start time to compare is respected
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid }));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
  });

  it('a second server on the same directory exits with a clear message; the first, stopped, frees it', async () => {
    const dir = await tempDir();
    const child = await holder(dir);
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        JINGUO_DATA_DIR: dir,
        DATABASE_URL: '',
        PORT: '0',
        HOST: '127.0.0.1',
        JINGUO_MODE: 'demo',
      },
    });
    children.push(server);
    let out = '';
    server.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    server.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((ok) => server.once('exit', (c) => ok(c)));
    expect(code).toBe(1);
    expect(out).toContain(`[jinguo] the data directory ${dir} is in use by another Jinguo process (pid ${child.pid})`);
    expect(out).not.toContain('    at '); // a message, not a stack trace
    // the holder, stopped normally, frees the directory
    let holderOut = '';
    child.stderr!.on('data', (b: Buffer) => (holderOut += b.toString()));
    child.kill('SIGTERM');
    await exited(child);
    expect({ lockLeft: existsSync(join(dir, LOCK_FILE)), code: child.exitCode, holderOut }).toEqual({
      lockLeft: false,
      code: 0,
      holderOut: '',
    });
  });
});
