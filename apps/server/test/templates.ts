// Template databases, built once per test run (global-setup.ts) and copied for every test file: migrating and loading
// the Chongqing demo took ~15 s per file; a copy takes a second or two. One template per (database kind, demo or
// bare, the demo's today). The first file that needs one builds it while the other workers wait for it:
//   PostgreSQL: a database built under an advisory lock, renamed into place when complete, then used as
//     `CREATE DATABASE … TEMPLATE` (which needs it to have no connection: the builder closes its pool first);
//   PGlite: an in-memory database dumped after a checkpoint, without its recycled WAL segments (slimDump; a plain
//     tarball: gunzip cost each of ~50 files 0.13 s of CPU) into the run directory, written under a lock file and
//     renamed into place; each file opens a new in-memory PGlite from it (client.ts startInMemoryFrom).
// Each file still gets its own database: nothing one file writes is seen by another.
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadDemoData } from '../src/demo/chongqing.js';
import { loadConfig } from '../src/platform/config.js';
import { openPlatform } from '../src/platform.js';

export interface TemplateSpec {
  /** The demo loaded (with this today), or a bare migrated database (null). */
  demoToday: string | null;
  divisionsFile: string;
}

const templateName = (runDir: string, spec: TemplateSpec) =>
  `jinguo_tpl_${runDir.slice(-12)}_${spec.demoToday ? `demo_${spec.demoToday.replaceAll('-', '')}` : 'bare'}`;

/** Opens a platform on the database, migrates it and loads the demo if asked, then closes it. */
async function build(runDir: string, databaseUrl: string | null, spec: TemplateSpec): Promise<Blob | null> {
  const config = loadConfig({
    databaseUrl,
    dataDir: runDir, // the run's key (keys/data.key): the same key every test platform of the run uses
    webDistDir: '/nonexistent',
    sessionCacheMs: 0,
    logLevel: 'silent',
  });
  const today = spec.demoToday;
  const platform = await openPlatform(config, { dataDirForDb: null, ...(today ? { today: () => today } : {}) });
  try {
    if (today)
      await loadDemoData(platform.handle, {
        crypto: platform.crypto,
        today: () => today,
        divisionsFile: spec.divisionsFile,
      });
    return platform.handle.pglite ? await slimDump(platform.handle.pglite) : null;
  } finally {
    await platform.close();
  }
}

/**
 * The database's files as a plain tarball, as small and as quick to open as they can be. A checkpoint first: opened
 * without one, every test file's PGlite replayed the demo's WAL before its first query (measured: 1.15–1.5 s of CPU to
 * open the demo template, 0.75–0.8 s after). Then only the WAL segment holding that checkpoint is kept: the others
 * are old segments PostgreSQL recycled under future names, 16 MiB of nothing each, half of the 70 MB tarball that
 * every file read, untarred and copied into its in-memory file system.
 */
async function slimDump(pglite: PGlite): Promise<Blob> {
  await pglite.exec('checkpoint');
  // the segments from the checkpoint's redo point to the current insert position (on an idle database, one)
  const [wal] = (
    await pglite.query<{ first: string; last: string }>(
      'select redo_wal_file as first, pg_walfile_name(pg_current_wal_insert_lsn()) as last from pg_control_checkpoint()',
    )
  ).rows;
  const tar = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  const segment = /\/pg_wal\/([0-9A-F]{24})$/;
  return new Blob([
    withoutEntries(tar, (name) => {
      const file = segment.exec(name)?.[1];
      return file !== undefined && wal !== undefined && (file < wal.first || file > wal.last);
    }),
  ]);
}

/** A tarball without the entries `drop` names (ustar: a 512-byte header, then the data in 512-byte blocks). */
export function withoutEntries(tar: Buffer, drop: (name: string) => boolean): Buffer<ArrayBuffer> {
  const kept: Buffer[] = [];
  const field = (header: Buffer, from: number, length: number) =>
    header
      .subarray(from, from + length)
      .toString('latin1')
      .replace(/\0.*$/s, '');
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) {
      kept.push(tar.subarray(at)); // the end-of-archive blocks
      break;
    }
    const prefix = field(header, 345, 155);
    const name = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const length = 512 + Math.ceil(size / 512) * 512;
    if (!drop(name)) kept.push(tar.subarray(at, at + length));
    at += length;
  }
  return Buffer.concat(kept);
}

/** The PostgreSQL template for this run and spec, built now if no worker has built it yet. Returns its name. */
export async function postgresTemplate(adminUrl: string, runDir: string, spec: TemplateSpec): Promise<string> {
  const name = templateName(runDir, spec);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(7271, hashtext($1))', [name]);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) return name;
    const building = `${name}_b`;
    writeFileSync(join(runDir, `${building}.pg-template`), ''); // dropped at the end of the run even if left half-built
    await admin.query(`drop database if exists ${building} with (force)`);
    await admin.query(`create database ${building}`);
    const url = new URL(adminUrl);
    url.pathname = `/${building}`;
    await build(runDir, url.toString(), spec);
    await admin.query(`alter database ${building} rename to ${name}`);
    writeFileSync(join(runDir, `${name}.pg-template`), '');
    return name;
  } finally {
    await admin.end(); // ends the session, and with it the advisory lock
  }
}

/** The PGlite dump for this run and spec, built now if no worker has built it yet. */
export async function pgliteTemplate(runDir: string, spec: TemplateSpec): Promise<Blob> {
  const file = join(runDir, `${templateName(runDir, spec)}.tar`);
  const lock = `${file}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(file)) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // another worker is building it; if it fails it removes the lock and one of us tries again
      if (Date.now() > deadline) throw new Error(`waited 10 minutes for the test template ${file}`);
      await sleep(200);
      continue;
    }
    closeSync(fd);
    try {
      const dump = (await build(runDir, null, spec))!;
      const tmp = mkdtempSync(`${file}.tmp-`);
      writeFileSync(join(tmp, 'dump'), Buffer.from(await dump.arrayBuffer()));
      renameSync(join(tmp, 'dump'), file);
      rmSync(tmp, { recursive: true, force: true });
    } catch (err) {
      rmSync(lock, { force: true });
      throw err;
    }
  }
  return new Blob([readFileSync(file)]);
}
