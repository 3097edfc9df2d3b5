// City-scale data for `npm run bench -- --scale S`: one PostgreSQL database per scale (jinguo_bench_s0_01,
// jinguo_bench_s0_1, jinguo_bench_s1), seeded once with seedCity and measured as it is by every benchmark.
import pg from 'pg';
import { loadDemoData } from '../../apps/server/src/demo/chongqing.js';
import { useAuditKeyOf } from '../../apps/server/src/platform/audit/audit.service.js';
import { createFieldCrypto } from '../../apps/server/src/platform/crypto.js';
import { openDatabase } from '../../apps/server/src/platform/db/client.js';
import { applyMigrations } from '../../apps/server/src/platform/db/migrate.js';
import { readSetting } from '../../apps/server/src/platform/settings.repository.js';
import { FULL_SCALE_CASES } from '../../apps/server/src/seed/cases.js';
import {
  FULL_SCALE,
  SEED_MARKER_KEY,
  formatSeedReport,
  seedCity,
  type SeedMarker,
} from '../../apps/server/src/seed/city.js';
import { DEMANDS_FULL_SCALE } from '../../apps/server/src/seed/demands.js';
import { VISITS_FULL_SCALE } from '../../apps/server/src/seed/visits.js';
import type { Dataset } from './types.js';

/** Scales the harness knows by name; any other in (0, 1] works the same way. */
export const KNOWN_SCALES = [0.01, 0.1, 1] as const;

/** jinguo_bench_s0_01 for 0.01, jinguo_bench_s1 for 1. */
export function benchDatabaseName(scale: number): string {
  return `jinguo_bench_s${String(scale).replace('.', '_')}`;
}

/**
 * Rows a complete seedCity at `scale` writes into the tables the benchmarks read (the demo adds a few hundred more).
 */
export function expectedCounts(scale: number): Record<string, number> {
  return {
    persons: Math.round(FULL_SCALE.persons * scale),
    womens_groups: Math.round(FULL_SCALE.womensGroups * scale),
    families: Math.round(FULL_SCALE.families * scale),
    migrant_profiles: Math.round(FULL_SCALE.migrants * scale),
    cases: Math.round(FULL_SCALE_CASES * scale),
    visits: Math.round(VISITS_FULL_SCALE * scale),
    demands: Math.round(DEMANDS_FULL_SCALE * scale),
  };
}

const COUNT_STATEMENTS: Record<string, string> = {
  organizations: 'select count(*)::bigint as n from organizations',
  womens_groups: `select count(*)::bigint as n from organizations where type = 'womens_group'`,
  persons: 'select count(*)::bigint as n from persons',
  person_tags: 'select count(*)::bigint as n from person_tags',
  families: 'select count(*)::bigint as n from families',
  migrant_profiles: 'select count(*)::bigint as n from migrant_profiles',
  cases: 'select count(*)::bigint as n from cases',
  visits: 'select count(*)::bigint as n from visits',
  demands: 'select count(*)::bigint as n from demands',
  users: 'select count(*)::bigint as n from users',
};

type Q = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

async function countTables(q: Q): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, text] of Object.entries(COUNT_STATEMENTS)) out[name] = Number((await q(text))[0]!.n);
  return out;
}

/** Persons above what the demo alone holds mean city-scale data is there (or on its way). */
const DEMO_PERSONS_AT_MOST = 10_000;

/**
 * The scale a database seeded without the marker (an older seed:city) holds, from its persons: the 2,000,000 of scale 1
 * times the scale, plus the demo's few hundred. Rounded to two significant digits.
 */
export function inferScale(persons: number): number {
  const raw = persons / FULL_SCALE.persons;
  return Number(raw.toPrecision(2));
}

/**
 * The seeded modules hold at least 90% of what `scale` asks for: tells a finished seed from a partial or running one.
 */
function missingAt(scale: number, counts: Record<string, number>): string[] {
  return Object.entries(expectedCounts(scale))
    .filter(([t, want]) => (counts[t] ?? 0) < want * 0.9)
    .map(([t, want]) => `${t} ${counts[t] ?? 0} of ~${want}`);
}

/** Other sessions on the database: a seed:city or a server is working on it. */
async function otherSessions(q: Q): Promise<string[]> {
  const rows =
    await q(`select pid, coalesce(application_name, '') as app, state, left(query, 60) as query from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`);
  return rows.map((r) => `pid ${r.pid} ${r.state} ${String(r.query).replace(/\s+/g, ' ')}`);
}

/**
 * Does `key` decrypt the personal data the seed wrote? (The server needs it for every endpoint that shows a decrypted
 * field.)
 */
async function keyDecrypts(q: Q, key: Buffer): Promise<boolean | null> {
  const [row] = await q(`select id_number_enc from persons where id_number_enc is not null order by id desc limit 1`);
  if (!row) return null;
  try {
    createFieldCrypto(key).decrypt(String(row.id_number_enc));
    return true;
  } catch {
    return false;
  }
}

export async function createDatabaseIfMissing(url: string, log: (m: string) => void): Promise<boolean> {
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(
      `cannot reach PostgreSQL at ${admin.host} (${(err as Error).message}). Start it (pg_ctlcluster … main start), set DATABASE_URL, or run with --pglite-only`,
    );
  }
  try {
    if ((await c.query('select 1 from pg_database where datname = $1', [name])).rowCount) return false;
    log(`creating database ${name}`);
    await c.query(`create database "${name.replaceAll('"', '""')}"`);
    return true;
  } finally {
    await c.end();
  }
}

/**
 * Makes sure the database at `url` holds the city at `scale`, and describes it. A database seeded by seedCity (by the
 * bench or by `npm run seed:city`) carries a marker with its scale and seed; one seeded before the marker existed is
 * recognised by its counts (scale inferred from the persons). A database with only the demo, or nothing, is seeded
 * here; one holding a partial or running seed, or another scale, is left alone with an error that says so.
 */
export async function ensureCity(
  url: string,
  opts: { scale: number; seed: number; key: Buffer; log: (m: string) => void },
): Promise<Dataset> {
  const { scale, log } = opts;
  const label = (() => {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return `${u.host}${u.pathname}`;
  })();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => {});
  const q: Q = async (text, params = []) => (await pool.query(text, params as unknown[])).rows;
  let marker: SeedMarker | null = null;
  let counts: Record<string, number> | null = null;
  try {
    const hasSchema =
      Number(
        (
          await q(
            `select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('system_settings', 'persons')`,
          )
        )[0]!.n,
      ) === 2;
    if (hasSchema) {
      if ((await q(`select 1 from system_settings where key = 'production_initialised'`)).length) {
        throw new Error(
          `${label} was initialised for production: the bench seeds and writes (the sweeper escalates demands), point it at a database of its own`,
        );
      }
      const m = await q(`select value from system_settings where key = $1`, [SEED_MARKER_KEY]);
      marker = (m[0]?.value as SeedMarker | undefined) ?? null;
      counts = await countTables(q);
      const persons = counts.persons ?? 0;
      if (!marker && persons > DEMO_PERSONS_AT_MOST) {
        const inferred = inferScale(persons);
        const missing = missingAt(inferred, counts);
        const busy = await otherSessions(q);
        if (missing.length) {
          throw new Error(
            `${label} holds ${counts.persons} persons but no seed:city marker and is incomplete (${missing.join(', ')})${busy.length ? `; other sessions are working on it (${busy.length}: is a seed:city running?)` : ''}: wait for the seed to finish, or drop the database to reseed it`,
          );
        }
        if (Math.abs(inferred - scale) > scale * 0.1)
          throw new Error(
            `${label} holds the city at scale ≈ ${inferred} (${counts.persons} persons), not ${scale}: use --scale ${inferred} or another database`,
          );
        const keyOk = await keyDecrypts(q, opts.key);
        if (keyOk === false)
          log(
            `warning: the data key does not decrypt ${label}'s personal data (seeded with another key): endpoints that show decrypted fields would fail; set JINGUO_DATA_KEY to the seed's key`,
          );
        log(
          `${label}: no seed marker; a complete seed:city at scale ${inferred} by its counts (${counts.persons} persons)`,
        );
        return {
          database: label,
          scale: inferred,
          seed: null,
          source: 'inferred-from-counts',
          counts,
          expected: expectedCounts(scale),
          seedReport: null,
          seededNow: false,
          keyDecrypts: keyOk,
        };
      }
    }
    if (marker) {
      if (Math.abs(marker.scale - scale) > 1e-9)
        throw new Error(
          `${label} was seeded at scale ${marker.scale} (seed ${marker.seed}), not ${scale}: use --scale ${marker.scale}, or drop the database to reseed it`,
        );
      if (marker.seed !== opts.seed)
        log(`note: ${label} was seeded with --seed ${marker.seed}, not ${opts.seed}; measuring the data as it is`);
      const keyOk = await keyDecrypts(q, opts.key);
      if (keyOk === false)
        log(
          `warning: the data key does not decrypt ${label}'s personal data (seeded with another key): endpoints that show decrypted fields would fail; set JINGUO_DATA_KEY to the seed's key`,
        );
      return {
        database: label,
        scale: marker.scale,
        seed: marker.seed,
        source: 'seed-marker',
        counts: counts!,
        expected: expectedCounts(scale),
        seedReport: marker.report,
        seededNow: false,
        keyDecrypts: keyOk,
      };
    }
    // Nothing city-scale here yet (a new database, or the demo only): seed it, unless someone else is at work on it.
    if (counts && (counts.womens_groups ?? 0) > 0)
      throw new Error(
        `${label} holds ${counts.womens_groups} generated women's groups but no seed marker: a seed:city stopped half-way or is running; drop the database to reseed it`,
      );
    const busy = await otherSessions(q);
    if (busy.length)
      throw new Error(
        `${label} is not seeded yet but other sessions are working on it (${busy.join('; ')}): is a seed:city running? Wait for it to finish`,
      );
  } finally {
    await pool.end();
  }

  const handle = await openDatabase({ databaseUrl: url, dataDir: null });
  let releaseAuditKey = () => {};
  try {
    await applyMigrations(handle);
    if (await readSetting(handle.db, 'production_initialised'))
      throw new Error(`${label} was initialised for production: point the bench at a database of its own`);
    const crypto = createFieldCrypto(opts.key);
    releaseAuditKey = useAuditKeyOf(opts.key); // the loader's audit events, under the servers' key
    const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    if (!(await readSetting(handle.db, 'demo_data'))) {
      log(`${label}: loading the Chongqing demo (the hierarchy and the demo users the benchmarks sign in as)…`);
      await loadDemoData(handle, { crypto, today: chinaToday, log });
    }
    log(`${label}: seeding the city at scale ${scale} (seed ${opts.seed}); later runs reuse it`);
    const report = await seedCity(handle, crypto, { scale, seed: opts.seed, log: (m) => log(m) });
    log(
      `seeded ${label} in ${report.seconds} s, ${report.rowsPerSecond.toLocaleString('en-US')} rows/s:\n${formatSeedReport(report)}`,
    );
    const rows = handle.pool!;
    const after = await countTables(async (text) => (await rows.query(text)).rows);
    return {
      database: label,
      scale,
      seed: opts.seed,
      source: 'seed-marker',
      counts: after,
      expected: expectedCounts(scale),
      seedReport: report,
      seededNow: true,
      keyDecrypts: true,
    };
  } finally {
    releaseAuditKey();
    await handle.close();
  }
}
