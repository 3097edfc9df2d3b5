import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { loadDemoData } from '../../apps/server/src/demo/chongqing.js';
import { loadConfig } from '../../apps/server/src/platform/config.js';
import { useAuditKeyOf } from '../../apps/server/src/platform/audit/audit.service.js';
import { createFieldCrypto, loadDataKey } from '../../apps/server/src/platform/crypto.js';
import { openDatabase } from '../../apps/server/src/platform/db/client.js';
import { literal } from '../../apps/server/src/platform/db/inline.js';
import { applyMigrations } from '../../apps/server/src/platform/db/migrate.js';
import { readSetting } from '../../apps/server/src/platform/settings.repository.js';
import { createDatabaseIfMissing, benchDatabaseName, ensureCity } from './datasets.js';
import { BENCH_DATA } from './paths.js';
import type { Dataset } from './types.js';

export type Rows = Record<string, unknown>[];
export interface PreparedStatement {
  name: string;
  text: string;
  params: readonly unknown[];
}

const executeOf = (call: PreparedStatement) =>
  call.params.length ? `execute ${call.name}(${call.params.map(literal).join(', ')})` : `execute ${call.name}`;
const lastRows = (r: unknown): Rows =>
  Array.isArray(r) ? (r[r.length - 1] as { rows: Rows }).rows : (r as { rows: Rows }).rows;
export type Query = (text: string, params?: unknown[]) => Promise<Rows>;

/** A connection to the benchmark database that bypasses the platform: pg directly, or PGlite in this process. */
export interface RawClient {
  query: Query;
  /** One transaction on one connection. */
  transaction<T>(fn: (q: Query) => Promise<T>): Promise<T>;
  /**
   * A statement prepared once on each connection that runs it ($n placeholders), executed with `params`; with
   * `setup`, sent as `setup; EXECUTE name(literals)` in one simple-protocol message (one round trip, one implicit
   * transaction), exactly as the platform's readScoped does.
   */
  prepared(call: PreparedStatement, setup?: string): Promise<Rows>;
  /** How many queries can run at once (PostgreSQL pool size; PGlite 1). */
  concurrency: number;
  close(): Promise<void>;
}

export interface Target {
  kind: 'postgres' | 'pglite';
  label: string;
  version: string;
  /** Environment for a server process on this database (on top of process.env; null deletes a variable). */
  serverEnv: Record<string, string | null>;
  openRaw(): Promise<RawClient>;
  /** Shell-free script for a bare node process that connects and runs one query (start-up baseline). */
  bareScript: string;
  /** What data the database holds (the demo, or the city at a scale); absent on targets prepared without it. */
  dataset?: Dataset;
}

/** A fixed, non-secret key for the bench-owned demo databases, so the loader and every server agree without files. */
const BENCH_KEY = createHash('sha256').update('jinguo bench demo data key (not a secret)').digest('base64');

export const PG_DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/jinguo_bench';

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function ensureDemo(
  databaseUrl: string | null,
  dataDir: string,
  key: Buffer,
  log: (m: string) => void,
): Promise<void> {
  const handle = await openDatabase({ databaseUrl, dataDir: databaseUrl ? null : dataDir });
  const releaseAuditKey = useAuditKeyOf(key); // the loader's audit events, under the servers' key
  try {
    await applyMigrations(handle);
    if (await readSetting(handle.db, 'demo_data')) return;
    if (await readSetting(handle.db, 'production_initialised')) {
      throw new Error(
        'the benchmark database was initialised for production: point DATABASE_URL at a database for benchmarks (the demo is loaded into it)',
      );
    }
    log('loading the Chongqing demo (once; later runs reuse it)…');
    await loadDemoData(handle, { crypto: createFieldCrypto(key), today: chinaToday, log });
  } finally {
    releaseAuditKey();
    await handle.close();
  }
}

function pgRaw(url: string, max = 10): RawClient {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  return {
    concurrency: max,
    query: async (text, params = []) => (await pool.query(text, params as unknown[])).rows,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const r = await fn(async (text, params = []) => (await client.query(text, params as unknown[])).rows);
        await client.query('commit');
        return r;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async prepared(call, setup) {
      const client = await pool.connect();
      try {
        let names = preparedOn.get(client);
        if (!names) preparedOn.set(client, (names = new Set()));
        if (!names.has(call.name)) {
          await client.query(`prepare ${call.name} as ${call.text}`);
          names.add(call.name);
        }
        return lastRows(await client.query(setup ? `${setup};\n${executeOf(call)}` : executeOf(call)));
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * The data key of this checkout, as `npm start` and `npm run seed:city` use it: JINGUO_DATA_KEY, else
 * data/keys/data.key.
 */
function checkoutKey(): Buffer {
  return process.env.JINGUO_DATA_KEY
    ? Buffer.from(process.env.JINGUO_DATA_KEY, 'base64')
    : loadDataKey(loadConfig().dataDir);
}

/**
 * PostgreSQL. Without --scale: DATABASE_URL when set (the demo is loaded into it if missing), else the local database
 * jinguo_bench with the demo, created on first use, under a fixed bench key. With --scale S: DATABASE_URL when set,
 * else
 * jinguo_bench_s<S> (jinguo_bench_s0_01, jinguo_bench_s0_1, jinguo_bench_s1) on the same server, holding the city at
 * that scale (seeded on first use; see datasets.ts) under this checkout's data key, the one `npm run seed:city` uses.
 */
export async function preparePostgres(
  log: (m: string) => void,
  opts: { scale?: number | null; seed?: number } = {},
): Promise<Target> {
  const given = process.env.DATABASE_URL || null;
  const scale = opts.scale ?? null;
  const base = process.env.JINGUO_BENCH_PG_URL ?? PG_DEFAULT_URL;
  const url =
    given ??
    (scale === null
      ? base
      : (() => {
          const u = new URL(base);
          u.pathname = `/${benchDatabaseName(scale)}`;
          return u.toString();
        })());
  const dataDir = given
    ? loadConfig().dataDir
    : join(BENCH_DATA, scale === null ? 'postgres' : benchDatabaseName(scale));
  if (!given) await createDatabaseIfMissing(url, log);
  let key: Buffer;
  let dataset: Dataset;
  if (scale !== null) {
    key = checkoutKey();
    dataset = await ensureCity(url, { scale, seed: opts.seed ?? 42, key, log });
  } else {
    key = given
      ? process.env.JINGUO_DATA_KEY
        ? Buffer.from(process.env.JINGUO_DATA_KEY, 'base64')
        : loadDataKey(dataDir)
      : Buffer.from(BENCH_KEY, 'base64');
    await ensureDemo(url, dataDir, key, log);
    dataset = await demoDataset(url);
  }
  const raw = pgRaw(url, 1);
  const version = String((await raw.query('show server_version'))[0]?.server_version ?? '?');
  await raw.close();
  const safe = new URL(url);
  if (safe.password) safe.password = '***';
  return {
    kind: 'postgres',
    label: `PostgreSQL ${version.split(' ')[0]} ${safe.host}${safe.pathname}`,
    version,
    serverEnv: { DATABASE_URL: url, JINGUO_DATA_DIR: dataDir, JINGUO_DATA_KEY: key.toString('base64') },
    dataset,
    openRaw: async () => pgRaw(url),
    bareScript: `import pg from 'pg';
const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
await c.connect();
const r = await c.query('select count(*)::int as n from drizzle.__drizzle_migrations');
await c.end();
console.log(r.rows[0].n);`,
  };
}

/** The counts of a database holding the demo (no --scale). */
async function demoDataset(url: string): Promise<Dataset> {
  const raw = pgRaw(url, 1);
  try {
    const counts: Record<string, number> = {};
    for (const t of ['organizations', 'persons', 'cases', 'visits', 'demands', 'users'])
      counts[t] = Number((await raw.query(`select count(*)::bigint as n from ${t}`))[0]!.n);
    const safe = new URL(url);
    if (safe.password) safe.password = '***';
    return {
      database: `${safe.host}${safe.pathname}`,
      scale: null,
      seed: null,
      source: 'demo',
      counts,
      expected: {},
      seedReport: null,
      seededNow: false,
      keyDecrypts: null,
    };
  } finally {
    await raw.close();
  }
}

/** Embedded PGlite in bench/.data/pglite, with the demo loaded on first use. */
export async function preparePglite(log: (m: string) => void): Promise<Target> {
  const dataDir = join(BENCH_DATA, 'pglite');
  const key = Buffer.from(BENCH_KEY, 'base64');
  await ensureDemo(null, dataDir, key, log);
  const dir = join(dataDir, 'pglite');
  const open = async (): Promise<RawClient> => {
    const client = await PGlite.create({ dataDir: dir, extensions: { ltree, pg_trgm } });
    const names = new Set<string>();
    return {
      concurrency: 1,
      query: async (text, params = []) => (await client.query<Record<string, unknown>>(text, params as unknown[])).rows,
      transaction: (fn) =>
        client.transaction((tx) =>
          fn(async (text, params = []) => (await tx.query<Record<string, unknown>>(text, params as unknown[])).rows),
        ),
      async prepared(call, setup) {
        if (!names.has(call.name)) {
          await client.exec(`prepare ${call.name} as ${call.text}`);
          names.add(call.name);
        }
        return lastRows(await client.exec(setup ? `${setup};\n${executeOf(call)}` : executeOf(call)));
      },
      close: () => client.close(),
    };
  };
  const raw = await open();
  const version = String((await raw.query('show server_version'))[0]?.server_version ?? '?');
  await raw.close();
  return {
    kind: 'pglite',
    label: `PGlite (PostgreSQL ${version.split(' ')[0]}) ${dir}`,
    version,
    serverEnv: { DATABASE_URL: null, JINGUO_DATA_DIR: dataDir, JINGUO_DATA_KEY: BENCH_KEY },
    openRaw: open,
    bareScript: `import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
const db = await PGlite.create({ dataDir: ${JSON.stringify(dir)}, extensions: { ltree, pg_trgm } });
const r = await db.query('select count(*)::int as n from drizzle.__drizzle_migrations');
await db.close();
console.log(r.rows[0].n);`,
  };
}
