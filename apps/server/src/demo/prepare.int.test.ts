// The demo database prepared at install (decision 0018): built whole or not at all, adopted by the first demo start
// as if that start had loaded it, discarded by any other opener. The preparation is always embedded PGlite (install
// prepares nothing with DATABASE_URL), so the file runs once, in the int-pglite project: on the PostgreSQL project it
// ran the same PGlite preparation again (48 s of npm test) to compare it with the same loader's PostgreSQL demo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { Client, SMALL_DIVISIONS, startTestPlatform, TEST_DB, type TestPlatform } from '../../test/harness.js';
import { runCli } from '../cli/cli.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase, queryRows, type Queryable } from '../platform/db/client.js';
import { PREPARED_MARKER, readPreparedMarker } from '../platform/db/prepared-data-dir.js';
import { openPlatform, type Platform } from '../platform.js';
import { loadDemoData } from './chongqing.js';
import { adoptPrepared, prepareDemoDataDir } from './prepare.js';

const TODAY = '2026-11-26';
const FIXTURE_99 = resolve(import.meta.dirname, '../cli/fixtures/99.tsv');
const ROOT = resolve(import.meta.dirname, '../../../..');
let dir: string;
let outcome: Awaited<ReturnType<typeof prepareDemoDataDir>>;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  if (TEST_DB !== 'pglite') return;
  dir = mkdtempSync(join(tmpdir(), 'jinguo-prepare-'));
  // a staging directory left by an install killed half-way is replaced, not reused
  mkdirSync(join(dir, 'a.preparing', 'pglite'), { recursive: true });
  writeFileSync(join(dir, 'a.preparing', 'pglite', 'PG_VERSION'), 'junk');
  outcome = await prepare('a');
  // one preparation, two never-opened copies: one for the demo start, one for another opener
  if (outcome.prepared) for (const copy of ['b', 'e']) cpSync(join(dir, 'a'), join(dir, copy), { recursive: true });
});
afterAll(async () => {
  for (const p of opened) await p.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const prepare = (name: string, divisionsFile = SMALL_DIVISIONS) =>
  prepareDemoDataDir({
    dataDir: join(dir, name),
    stagingDir: join(dir, `${name}.preparing`),
    today: TODAY,
    city: false,
    divisionsFile,
  });

async function open(dataDir: string, adopt: boolean): Promise<Platform> {
  const p = await openPlatform(loadConfig({ dataDir, databaseUrl: null, logLevel: 'silent', webDistDir: '/none' }), {
    adoptPrepared: adopt,
    today: () => TODAY,
  });
  opened.push(p);
  return p;
}

/** Rows in every table of the public schema (the audit log aside: its rows carry times and keyed hashes). */
async function tableCounts(db: Queryable): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${name}"`));
    counts[name] = Number(row!.n);
  }
  return counts;
}

/**
 * The counters' totals by node, metric and grain. The demo dates many records from the wall clock (two hours ago, the
 * next office hour, five days ago), so the days its counters fall on move with the time it loads: the template this
 * project's platforms copy is loaded when the run begins, the preparation here up to twenty minutes later in a full
 * run, and a record dated across a midnight in one and not the other gives a different number of day rows (CI,
 * 2026-12-06: 4,853 against 4,857). The totals do not depend on when it loads.
 */
async function counterTotals(db: Queryable): Promise<Record<string, number>> {
  const rows = await queryRows<{ k: string; n: string }>(
    db,
    sql`select node_path::text || ' ' || metric || ' ' || grain as k, sum(value)::text as n
          from stat_counters group by 1 order by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}

describe.skipIf(TEST_DB !== 'pglite')('the demo database prepared at install', () => {
  let t: TestPlatform;
  afterAll(() => t?.close());

  it('is what the first start would have loaded, and the first demo start adopts it: a demo user signs in and sees the demo', async () => {
    expect(outcome).toMatchObject({ prepared: true });
    expect(existsSync(join(dir, 'a.preparing'))).toBe(false);
    expect(readPreparedMarker(join(dir, 'a'))?.demoToday).toBe(TODAY);
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['audit', 'keys', 'pglite', PREPARED_MARKER]);

    const p = await open(join(dir, 'a'), true);
    expect(existsSync(join(dir, 'a', PREPARED_MARKER))).toBe(false); // adopted: from now on it is the user's
    expect(await loadDemoData(p.handle, { crypto: p.crypto, today: () => TODAY })).toEqual({ loaded: false });
    // the same rows, table by table, as the demo loaded by a start (the test platform's demo, on this project's
    // database)
    const prepared = await tableCounts(p.handle.db); // before anyone signs in (a session is a row)
    t = await startTestPlatform({ today: TODAY });
    const loaded = await tableCounts(t.platform.handle.db);
    for (const counts of [prepared, loaded]) {
      delete counts.audit_events;
      delete counts.stat_counters; // compared by their totals
    }
    expect(prepared).toEqual(loaded);
    const totals = await counterTotals(p.handle.db);
    expect(Object.keys(totals).length).toBeGreaterThan(100);
    expect(totals).toEqual(await counterTotals(t.platform.handle.db));
    expect(prepared.users).toBeGreaterThan(10);
    expect(prepared.cases).toBeGreaterThan(0);
    const cadre = new Client(p);
    expect((await cadre.post('/api/v1/auth/login', { username: 'village.a', password: 'Jinguo@2026' })).status).toBe(
      200,
    );
    const roots = await cadre.get('/api/v1/organizations/roots');
    expect(roots.status).toBe(200);
    expect(roots.body.ancestors.map((a: { code: string }) => a.code)).toEqual(['50', '500154', '500154001']);
  });

  it('is discarded by any other opener (a production init, the CLI), which finds what it would have found without it', async () => {
    expect(readPreparedMarker(join(dir, 'b'))?.demoToday).toBe(TODAY);
    const key = readFileSync(join(dir, 'b', 'keys', 'data.key'), 'utf8');
    const handle = await openDatabase({ databaseUrl: null, dataDir: join(dir, 'b') }); // no adoptPrepared
    opened.push(handle);
    const [users] = await queryRows<{ t: string | null }>(
      handle.db,
      sql`select to_regclass('public.users')::text as t`,
    );
    expect(users!.t).toBeNull(); // a new, empty database: not even migrated
    expect(existsSync(join(dir, 'b', PREPARED_MARKER))).toBe(false);
    expect(existsSync(join(dir, 'b', 'audit'))).toBe(false); // the prepared chain's checkpoints went with it
    // the key stays: the opener may have read it already, and it now belongs to the new database
    expect(readFileSync(join(dir, 'b', 'keys', 'data.key'), 'utf8')).toBe(key);
  });

  it('does not stop `jinguo init --production` run after `npm install` (it refuses a database with users)', async () => {
    const out: string[] = [];
    const code = await runCli(['init', '--production', '--province', '99', '--file', FIXTURE_99], {
      io: { out: (l) => out.push(l), err: (l) => out.push(l) },
      config: { dataDir: join(dir, 'e'), databaseUrl: null, mode: 'production', logLevel: 'silent' },
    });
    expect(code, out.join('\n')).toBe(0);
    const handle = await openDatabase({ databaseUrl: null, dataDir: join(dir, 'e') });
    opened.push(handle);
    const users = await queryRows<{ username: string }>(handle.db, sql`select username from users`);
    expect(users.map((u) => u.username)).toEqual(['admin']); // no demo account beside the production admin
  });

  it('leaves nothing half-made when it fails, and never touches an existing data directory', async () => {
    const failed = await prepare('c', join(dir, 'no-such-divisions.tsv'));
    expect(failed.prepared).toBe(false);
    expect(existsSync(join(dir, 'c'))).toBe(false);
    expect(existsSync(join(dir, 'c.preparing'))).toBe(false);

    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', 'mine.txt'), 'keep');
    expect(await prepare('d')).toEqual({ prepared: false, reason: `${join(dir, 'd')} exists already` });
    expect(readdirSync(join(dir, 'd'))).toEqual(['mine.txt']);
    expect(existsSync(join(dir, 'd.preparing'))).toBe(false);
  });

  it('is adopted only by a demo start within a day of its preparation, with the key it was prepared with', () => {
    const marker = { demoToday: TODAY, preparedAt: `${TODAY}T01:00:00Z` };
    const at = (today: string, more: Partial<Parameters<typeof adoptPrepared>[1]> = {}) =>
      adoptPrepared(marker, { mode: 'demo', today, env: {}, ...more }).adopt;
    expect(at(TODAY)).toBe(true);
    expect(at('2026-11-27')).toBe(true);
    expect(at('2026-11-28')).toBe(false); // its "16 days ago" and "due today" would be off: loaded afresh
    expect(at('2026-11-25')).toBe(false); // a clock set back
    expect(at(TODAY, { mode: 'production' })).toBe(false);
    expect(at(TODAY, { env: { JINGUO_DATA_KEY: 'x' } })).toBe(false);
  });

  it('is not prepared by the install with PostgreSQL, a given key, production mode or JINGUO_SKIP_PREPARE=1', () => {
    for (const env of [
      { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      { JINGUO_DATA_KEY: 'x' },
      { JINGUO_MODE: 'production' },
      { JINGUO_SKIP_PREPARE: '1' },
    ]) {
      const dataDir = join(dir, 'skipped');
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts/prepare-data.mjs')], {
        cwd: ROOT,
        env: { ...process.env, JINGUO_DATA_DIR: dataDir, ...env },
        encoding: 'utf8',
      });
      expect(r.status).toBe(0); // never fails the install
      expect(r.stdout).toContain('not prepared at install');
      expect(existsSync(dataDir)).toBe(false);
    }
  });
});
