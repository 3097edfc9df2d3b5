// Helpers of the CLI's integration tests: a temporary database per test (a copy of a migrated template: a PGlite
// directory, or a PostgreSQL database built once per run), and runCli with the configuration pointed at it.
// The files of a worker share this module (isolate: false): each calls cliTestFile() once, which drops the databases
// it made when it ends; the scratch directory goes when the worker exits.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, expect, inject } from 'vitest';
import type { Config } from '../platform/config.js';
import { openDatabase } from '../platform/db/client.js';
import { applyMigrations, MIGRATIONS_DIR } from '../platform/db/migrate.js';
import { runCli } from './cli.js';

export const KIND = (process.env.JINGUO_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
const PG_ADMIN_URL = process.env.JINGUO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const FIXTURE = resolve(import.meta.dirname, 'fixtures/99.tsv');

export const root = mkdtempSync(join(tmpdir(), 'jinguo-cli-test-'));
process.once('exit', () => rmSync(root, { recursive: true, force: true }));
let databases: string[] = [];
let template: string | null = null;
let counter = 0;

/** Call once at the top of a CLI test file: its PostgreSQL databases are dropped when the file ends. */
export function cliTestFile(): void {
  afterAll(async () => {
    const mine = databases;
    databases = [];
    if (!mine.length) return;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    for (const name of mine) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
}

export interface Q {
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
}
export interface Db extends Q {
  config: Partial<Config>;
  /** Several statements on one connection, closed afterwards (PGlite allows one process at a time). */
  run<T>(fn: (q: Q) => Promise<T>): Promise<T>;
}

/**
 * A migrated, empty PGlite directory, cached in the temp directory under a hash of the migrations (initdb costs
 * seconds; a copy costs milliseconds). Built aside and renamed into place, so parallel test files never see half.
 */
export async function pgliteTemplate(): Promise<string> {
  const hash = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR)
    .filter((n) => n.endsWith('.sql'))
    .sort())
    hash.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  hash.update(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json')));
  const dir = join(tmpdir(), `jinguo-cli-template-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const building = join(root, 'template');
  const h = await openDatabase({ databaseUrl: null, dataDir: building });
  await applyMigrations(h);
  await h.close();
  try {
    renameSync(join(building, 'pglite'), dir);
  } catch {
    if (!existsSync(join(dir, 'PG_VERSION'))) throw new Error(`could not cache the PGlite template at ${dir}`);
  }
  return dir;
}

/**
 * A migrated, empty PostgreSQL database for this run (test/global-setup.ts drops it at the end, by its marker file),
 * built under an advisory lock by the first worker that needs it and renamed into place when complete.
 */
async function postgresTemplate(): Promise<string> {
  const runDir = inject('jinguoTestRun');
  const name = `jinguo_cli_tpl_${runDir.slice(-12)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(7272, hashtext($1))', [name]);
    if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount) return name;
    const building = `${name}_b`;
    writeFileSync(join(runDir, `${building}.pg-template`), '');
    await admin.query(`drop database if exists ${building} with (force)`);
    await admin.query(`create database ${building}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${building}`;
    const h = await openDatabase({ databaseUrl: url.toString(), dataDir: null, poolSize: 1 });
    await applyMigrations(h);
    await h.close();
    await admin.query(`alter database ${building} rename to ${name}`);
    writeFileSync(join(runDir, `${name}.pg-template`), '');
    return name;
  } finally {
    await admin.end(); // ends the session, and with it the advisory lock
  }
}

/** A new empty database: a copy of a migrated PGlite template, or of the run's migrated PostgreSQL template. */
export async function freshDb(): Promise<Db> {
  const dataDir = join(root, `d${counter++}`);
  let databaseUrl: string | null = null;
  if (KIND === 'postgres') {
    const name = `jinguo_cli_test_${process.pid}_${counter}`;
    const tpl = await postgresTemplate();
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template ${tpl}`);
    await admin.end();
    databases.push(name);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  } else {
    template ??= await pgliteTemplate();
    cpSync(template, join(dataDir, 'pglite'), { recursive: true });
  }
  const run = async <T>(fn: (q: Q) => Promise<T>): Promise<T> => {
    const h = await openDatabase({ databaseUrl, dataDir, poolSize: 1 });
    try {
      return await fn({
        sql: async (text, params = []) =>
          (h.pglite ? (await h.pglite.query(text, params)).rows : (await h.pool!.query(text, params)).rows) as never,
        exec: (text) => h.exec(text),
      });
    } finally {
      await h.close();
    }
  };
  return {
    config: { dataDir, databaseUrl, mode: 'production', logLevel: 'silent', webDistDir: '/nonexistent' },
    run,
    sql: (text, params) => run((q) => q.sql(text, params)),
    exec: (text) => run((q) => q.exec(text)),
  };
}

export async function cli(db: Db, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, config: db.config });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The password printed on the line after "One-time password for …". */
export function otpOf(out: string): string {
  const lines = out.split('\n');
  const i = lines.findIndex((l) => l.startsWith('One-time password for'));
  expect(i, out).toBeGreaterThanOrEqual(0);
  return lines[i + 1]!.trim();
}
