// Helpers of the CLI's integration tests: a temporary database per test (a copy of a migrated PGlite template, or a
// fresh PostgreSQL database jinguo_cli_test_*), and runCli with the configuration pointed at it.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, expect } from 'vitest';
import type { Config } from '../platform/config.js';
import { openDatabase } from '../platform/db/client.js';
import { applyMigrations, MIGRATIONS_DIR } from '../platform/db/migrate.js';
import { runCli } from './cli.js';

export const KIND = (process.env.JINGUO_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
const PG_ADMIN_URL = process.env.JINGUO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const FIXTURE = resolve(import.meta.dirname, 'fixtures/99.tsv');

export const root = mkdtempSync(join(tmpdir(), 'jinguo-cli-test-'));
const databases: string[] = [];
let template: string | null = null;
let counter = 0;

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
async function pgliteTemplate(): Promise<string> {
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

/** A new empty database: a copy of a migrated PGlite template, or a new PostgreSQL database. */
export async function freshDb(): Promise<Db> {
  const dataDir = join(root, `d${counter++}`);
  let databaseUrl: string | null = null;
  if (KIND === 'postgres') {
    const name = `jinguo_cli_test_${process.pid}_${counter}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    databases.push(name);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    const h = await openDatabase({ databaseUrl, dataDir: null, poolSize: 1 });
    await applyMigrations(h);
    await h.close();
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

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  if (databases.length) {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
