// Crash safety for real (issue 16 item 10): a child process runs the server (src/main.ts) on a database of its own,
// and kills itself with SIGKILL at a named point of a case transition or of a deadline sweep
// (platform/crash-point.ts, JINGUO_TEST_CRASH_AT: no sleep race). The database is then opened again the way a restart
// opens it, and the test asserts that nothing is half-written and that the interrupted jobs finish. Both databases: a
// PGlite data directory, or a PostgreSQL database (the killed process's connections drop and its transaction rolls
// back).
//
// Each scenario starts a process or two (seconds each): `npm test` runs one kill point of each operation (on PGlite,
// where every open of the database costs most, the restore's states are covered by restore-journal.test.ts instead);
// the rest runs with JINGUO_CRASH_FULL=1, which `npm run bench -- --only crash_scenarios` sets (bench/benchmarks/
// crash.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../src/platform/config.js';
import { runAsSystem, systemActor } from '../src/platform/scope.js';
import { chinaToday, openPlatform, type Platform } from '../src/platform.js';
import { PG_ADMIN_URL, SMALL_DIVISIONS, TEST_DB } from './harness.js';
import { pgliteTemplate, postgresTemplate } from './templates.js';

/** The further kill points (see above). */
const FULL = process.env.JINGUO_CRASH_FULL === '1';
const SERVER_ROOT = resolve(import.meta.dirname, '..');
const JOB_ENV = {
  JINGUO_DEMANDS_SWEEP_SECONDS: '1',
  JINGUO_JOBS_POLL_MS: '100',
  JINGUO_JOBS_SWEEP_MS: '300',
  JINGUO_JOBS_ORPHAN_GRACE_S: '1',
};

let dataDir = '';
let databaseUrl: string | null = null;
const dbName = `jinguo_t_crash_${process.pid}_${Date.now()}`;
const children: ChildProcess[] = [];

beforeAll(async () => {
  Object.assign(process.env, JOB_ENV); // the restarted platform (this process) sweeps and recovers as fast
  dataDir = mkdtempSync(join(tmpdir(), 'jinguo-crash-'));
  const runDir = inject('jinguoTestRun');
  cpSync(join(runDir, 'keys'), join(dataDir, 'keys'), { recursive: true });
  const spec = { demoToday: chinaToday(), divisionsFile: SMALL_DIVISIONS };
  if (TEST_DB === 'postgres') {
    const template = await postgresTemplate(PG_ADMIN_URL, runDir, spec);
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${dbName} template ${template}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  } else {
    // the demo template, written out as the data directory a server would own
    const client = await PGlite.create({
      dataDir: join(dataDir, 'pglite'),
      loadDataDir: await pgliteTemplate(runDir, spec),
      extensions: { ltree, pg_trgm },
    });
    await client.close();
  }
});

afterAll(async () => {
  await release();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const k of Object.keys(JOB_ENV)) delete process.env[k];
  rmSync(dataDir, { recursive: true, force: true });
  if (databaseUrl) {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

interface Child {
  url: string;
  /** Resolves when the process is gone, with its exit signal and everything it printed. */
  gone: Promise<{ signal: NodeJS.Signals | null; out: string }>;
}

/** `node --import tsx src/main.ts` on the test's database, crashing at `crashAt`; resolves once it is healthy. */
async function startServer(crashAt: string): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...JOB_ENV,
      JINGUO_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      JINGUO_MODE: 'demo', // the demo is in place already: nothing is loaded
      JINGUO_DEMO_CITY: 'off',
      JINGUO_SECOND_FACTOR: 'enrolled',
      LOG_LEVEL: 'silent',
      JINGUO_TEST_CRASH_AT: crashAt,
    },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const gone = new Promise<{ signal: NodeJS.Signals | null; out: string }>((ok) =>
    child.once('exit', (_code, signal) => ok({ signal, out })),
  );
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 90_000; ;) {
    if (child.exitCode !== null || child.signalCode !== null) break; // e.g. a sweep that crashed at once
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, gone };
}

/**
 * The restart: the platform opened on the same database, as `npm start` opens it (jobs not started yet). It stays
 * open for the next scenario's set-up (an open costs seconds) until a server has to take the database.
 */
let open: Platform | null = null;
async function restart(): Promise<Platform> {
  return (open ??= await openOnce());
}
async function release(): Promise<void> {
  await open?.close();
  open = null;
}
function openOnce(): Promise<Platform> {
  const config = loadConfig({
    databaseUrl,
    dataDir,
    webDistDir: '/nonexistent',
    sessionCacheMs: 0,
    logLevel: 'silent',
  });
  return openPlatform(config, { dataDirForDb: databaseUrl ? null : dataDir });
}

async function q<T = Record<string, unknown>>(p: Platform, text: string, params: unknown[] = []): Promise<T[]> {
  return p.handle.pglite
    ? (await p.handle.pglite.query<T>(text, params)).rows
    : ((await p.handle.pool!.query(text, params)).rows as T[]);
}
const n = async (p: Platform, text: string, params: unknown[] = []) =>
  Number((await q<{ n: number }>(p, text, params))[0]!.n);

async function until(what: string, check: () => Promise<boolean>, ms = 30_000) {
  for (const deadline = Date.now() + ms; !(await check());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signIn(url: string, username: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Jinguo@2026' }),
  });
  expect(res.status).toBe(200);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('jinguo_csrf='))!.split('=')[1]!;
  return { cookie: cookies.join('; '), csrf };
}

/** What one case looks like in every table a transition writes. */
async function caseRecord(p: Platform, id: number) {
  const [c] = await q<{ status: string; version: number }>(p, 'select status, version from cases where id = $1', [id]);
  return {
    status: c!.status,
    version: Number(c!.version),
    transitions: await q<{ from_status: string; to_status: string }>(
      p,
      `select from_status, to_status from case_events where case_id = $1 and kind = 'transition' order by id`,
      [id],
    ),
    followUps: await n(
      p,
      `select count(*)::int as n from case_follow_ups where case_id = $1 and reason = 'follow_up_phase'`,
      [id],
    ),
    audited: await n(
      p,
      `select count(*)::int as n from audit_events where action = 'case.begin_follow_up' and target_id = $1::text`,
      [id],
    ),
  };
}

/**
 * kill -9 inside a transition (`mid`: the case row updated, its event, follow-up and audit not yet written) or just
 * after its commit: the case is in the old state with nothing of the transition, or in the new one with all of it.
 */
async function transitionKilledAt(point: 'case.transition.mid' | 'case.transition.committed') {
  let p = await restart();
  const [row] = await q<{ id: number }>(
    p,
    `select c.id from cases c join case_assignments a on a.case_id = c.id join users u on u.id = a.user_id
     where c.status = 'handling' and u.username = 'kaizhou.caseworker' order by c.id limit 1`,
  );
  const id = Number(row!.id);
  const before = await caseRecord(p, id);
  await release();

  const server = await startServer(point);
  const { cookie, csrf } = await signIn(server.url, 'kaizhou.caseworker');
  const answer = await fetch(`${server.url}/api/v1/cases/${id}/transitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ transition: 'begin_follow_up' }),
  }).then(
    (r) => r.status,
    () => 'no answer',
  );
  const { signal, out } = await server.gone;
  expect({ answer, signal, crashed: out.includes(`crash point ${point}`) }).toEqual({
    answer: 'no answer',
    signal: 'SIGKILL',
    crashed: true,
  });

  p = await restart();
  const after = await caseRecord(p, id);
  if (point === 'case.transition.mid') expect(after).toEqual(before);
  else
    expect(after).toEqual({
      status: 'follow_up',
      version: before.version + 1,
      transitions: [...before.transitions, { from_status: 'handling', to_status: 'follow_up' }],
      followUps: before.followUps + 1,
      audited: before.audited + 1,
    });
  const chain = await p.audit.verify();
  expect(chain.ok, chain.problem ?? '').toBe(true);
}

/** Overdue demands of 驷马社区, as if nobody had answered them in time. */
async function overdueDemands(p: Platform, count: number, title: string): Promise<number[]> {
  const [org] = await q<{ id: number }>(p, `select id from organizations where code = '500154001001'`);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = await runAsSystem(p.handle, systemActor('test'), (s) =>
      p.modules.demands.intake.createDemand(s, {
        orgId: Number(org!.id),
        source: 'hotline_12338',
        category: 'hardship_aid',
        urgency: 'ordinary',
        title: `${title} ${i + 1}`,
        description: '无人处理的来电',
      }),
    );
    ids.push(d.id);
  }
  // fixed deadlines: a provisional one (counted into a year with no holidays loaded) is recounted by the first sweep
  await q(
    p,
    `update demands set feedback_due_at = now() - interval '1 hour', next_escalation_at = now() - interval '1 hour',
       deadlines_provisional = false
     where id = any($1::bigint[])`,
    [ids],
  );
  return ids;
}

/** Per demand: its escalation rows, escalate events and audit events (each exactly one after a pass). */
async function escalationsOf(p: Platform, ids: number[]) {
  const per = async (text: string) =>
    Object.fromEntries((await q<{ id: string; n: number }>(p, text, [ids])).map((r) => [String(r.id), Number(r.n)]));
  return {
    rows: await per(
      `select d.id, (select count(*)::int from demand_escalations e where e.demand_id = d.id) as n
       from demands d where d.id = any($1::bigint[])`,
    ),
    events: await per(
      `select d.id, (select count(*)::int from demand_events e where e.demand_id = d.id and e.action = 'escalate') as n
       from demands d where d.id = any($1::bigint[])`,
    ),
    audited: await per(
      `select d.id, (select count(*)::int from audit_events a where a.action = 'demand.escalate' and a.target_id = d.id::text) as n
       from demands d where d.id = any($1::bigint[])`,
    ),
    levels: await per(`select id, escalation_level as n from demands where id = any($1::bigint[])`),
  };
}
const each = (ids: number[], v: number) => Object.fromEntries(ids.map((id) => [String(id), v]));
/** The sweep runs left active (by the killed process): their ids. */
const activeSweeps = async (p: Platform) =>
  (await q<{ id: string }>(p, `select id from pgboss.job where name = 'demands.sweep' and state = 'active'`)).map(
    (r) => r.id,
  );
const jobState = async (p: Platform, id: string) =>
  (await q<{ state: string }>(p, 'select state::text as state from pgboss.job where id = $1', [id]))[0]?.state;

describe('kill -9 during a case transition', () => {
  it('in the middle: after restart the case is in its old state, with no event, follow-up or audit of it', () =>
    transitionKilledAt('case.transition.mid'));

  it.runIf(FULL)('after the commit: the case is in its new state with its event, follow-up and audit, each once', () =>
    transitionKilledAt('case.transition.committed'),
  );
});

describe('kill -9 during a deadline sweep (督办)', () => {
  it('in the middle of a batch: nothing of it stays; after restart every due demand is escalated exactly once', async () => {
    let p = await restart();
    const ids = await overdueDemands(p, 4, '批次中崩溃');
    await release();

    const server = await startServer('demands.escalate.one:2'); // dies after the second escalation of the batch
    const { signal, out } = await server.gone;
    expect({ signal, crashed: out.includes('crash point demands.escalate.one:2') }).toEqual({
      signal: 'SIGKILL',
      crashed: true,
    });

    p = await restart();
    expect(await escalationsOf(p, ids)).toEqual({
      rows: each(ids, 0),
      events: each(ids, 0),
      audited: each(ids, 0),
      levels: each(ids, 0),
    });
    const killed = await activeSweeps(p); // the killed run, left active by nobody
    expect(killed).toHaveLength(1);
    await p.jobs.start();
    await until('the pass after the restart', async () =>
      Object.values((await escalationsOf(p, ids)).levels).every((l) => l === 1),
    );
    await until('the killed run done', async () => (await jobState(p, killed[0]!)) === 'completed');
    expect(await escalationsOf(p, ids)).toEqual({
      rows: each(ids, 1),
      events: each(ids, 1),
      audited: each(ids, 1),
      levels: each(ids, 1),
    });
    expect(
      await n(p, `select count(*)::int as n from demands where next_escalation_at <= now() - interval '1 minute'`),
    ).toBe(0); // none missed
    await release(); // its jobs stop with it
  });

  it.runIf(FULL)(
    'after the escalations committed: the run is recovered, runs again, escalates nothing twice; the chain goes on',
    async () => {
      let p = await restart();
      const ids = await overdueDemands(p, 2, '提交后崩溃');
      await release();

      const server = await startServer('demands.sweep.escalated');
      const { signal } = await server.gone;
      expect(signal).toBe('SIGKILL');

      p = await restart();
      expect((await escalationsOf(p, ids)).rows).toEqual(each(ids, 1));
      const killed = await activeSweeps(p);
      expect(killed).toHaveLength(1);
      await p.jobs.start();
      const later = await overdueDemands(p, 1, '重启后超期'); // the periodic chain still runs
      await until('the next pass', async () => (await escalationsOf(p, later)).levels[String(later[0])] === 1);
      await until('the killed run done', async () => (await jobState(p, killed[0]!)) === 'completed');
      expect(await escalationsOf(p, ids)).toEqual({
        rows: each(ids, 1),
        events: each(ids, 1),
        audited: each(ids, 1),
        levels: each(ids, 1),
      });
      await release();
    },
  );
});

/** `jinguo <args>` as a child process on the test's database, crashing at `crashAt` if given. */
async function cli(args: string[], crashAt = '') {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/jinguo.ts', ...args], {
    cwd: SERVER_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      JINGUO_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      LOG_LEVEL: 'silent',
      JINGUO_TEST_CRASH_AT: crashAt,
    },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((ok) =>
    child.once('exit', (c, s) => ok([c, s])),
  );
  return { code, signal, out, pid: child.pid! };
}

describe('kill -9 during a backup', () => {
  it('leaves no file under the backup’s name (and the next backup is complete)', async () => {
    await release(); // the embedded database is the command's alone
    const dir = mkdtempSync(join(tmpdir(), 'jinguo-crash-backup-'));
    try {
      const out = join(dir, 'jinguo.backup');
      const killed = await cli(['backup', '--out', out], 'backup.written');
      expect(killed.signal, killed.out).toBe('SIGKILL');
      expect(killed.out).toContain('crash point backup.written');
      // the complete bytes were written, but only under a name that says it is not a backup
      expect(readdirSync(dir)).toEqual([`jinguo.backup.tmp-${killed.pid}`]);
      if (FULL) {
        const ok = await cli(['backup', '--out', out]);
        expect(ok.code, ok.out).toBe(0);
        expect(readdirSync(dir)).toContain('jinguo.backup');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(TEST_DB !== 'pglite' || !FULL)('kill -9 during a restore of the embedded database', () => {
  const backups = mkdtempSync(join(tmpdir(), 'jinguo-crash-restore-'));
  const file = join(backups, 'jinguo.tar.gz');
  const demands = async () => n(await restart(), 'select count(*)::int as n from demands');
  /** The data directory holds the database and the checkpoints, no restore leftovers, and the chain verifies. */
  async function intact(expectedDemands: number) {
    expect(await demands()).toBe(expectedDemands);
    const chain = await (await restart()).audit.verify();
    expect(chain.ok, chain.problem ?? '').toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual(['audit', 'jinguo.lock', 'keys', 'pglite']);
    expect(readdirSync(join(dataDir, 'audit'))).toEqual(['checkpoints.jsonl']);
  }
  afterAll(() => rmSync(backups, { recursive: true, force: true }));

  it('killed at any step, the previous database is back at the next start; then a restore completes', async () => {
    await release();
    const backup = await cli(['backup', '--out', file]);
    expect(backup.code, backup.out).toBe(0);
    const inBackup = await demands();
    await overdueDemands(await restart(), 1, '备份之后'); // the live database now differs from the backup
    await (await restart()).audit.checkpoint();
    await intact(inBackup + 1);

    for (const point of FULL ? ['restore.swapping', 'restore.finishing'] : ['restore.finishing']) {
      await release();
      const killed = await cli(['restore', '--from', file, '--force'], point);
      expect({ point, signal: killed.signal }).toEqual({ point, signal: 'SIGKILL' });
      await intact(inBackup + 1); // the start undid it
    }

    await release();
    const restored = await cli(['restore', '--from', file, '--force']);
    expect(restored.code, restored.out).toBe(0);
    expect(await demands()).toBe(inBackup);
    const p = await restart();
    expect(await n(p, 'select count(*)::int as n from sessions')).toBe(0);
    expect(await n(p, `select count(*)::int as n from audit_events where action = 'system.restore'`)).toBe(1);
    expect((await p.audit.verify()).ok).toBe(true);
  });
});

describe.skipIf(TEST_DB !== 'postgres')('kill -9 during a restore into PostgreSQL', () => {
  const backups = mkdtempSync(join(tmpdir(), 'jinguo-crash-restore-'));
  const file = join(backups, 'jinguo.dump');
  const demands = async () => n(await restart(), 'select count(*)::int as n from demands');
  afterAll(() => rmSync(backups, { recursive: true, force: true }));

  it('before pg_restore: untouched; after it: every start refuses until the restore is run again', async () => {
    await release();
    const backup = await cli(['backup', '--out', file]);
    expect(backup.code, backup.out).toBe(0);
    const inBackup = await demands();
    await overdueDemands(await restart(), 1, '备份之后');
    await release();

    if (FULL) {
      const early = await cli(['restore', '--from', file, '--force'], 'restore.journaled');
      expect(early.signal, early.out).toBe('SIGKILL');
      expect(await demands()).toBe(inBackup + 1); // the start found the token: nothing was replaced
      const p = await restart();
      expect(await n(p, `select count(*)::int as n from system_settings where key = 'restore.pending'`)).toBe(0);
      expect(readdirSync(dataDir)).not.toContain('restore.postgres.json');
      expect((await p.audit.verify()).ok).toBe(true);
      await release();
    }

    const late = await cli(['restore', '--from', file, '--force'], 'restore.finishing');
    expect(late.signal, late.out).toBe('SIGKILL');
    // the backup's data is in place, with the backup's sessions and no audit event: nothing may run on it
    await expect(restart()).rejects.toThrow(`Run \`jinguo restore --from ${file} --force\` again to finish it`);
    if (FULL) {
      const refused = await cli(['audit', 'verify']);
      expect({ code: refused.code, said: refused.out.includes('did not finish') }).toEqual({ code: 1, said: true });
    }

    const again = await cli(['restore', '--from', file, '--force']);
    expect(again.code, again.out).toBe(0);
    expect(await demands()).toBe(inBackup);
    const q2 = await restart();
    expect(await n(q2, 'select count(*)::int as n from sessions')).toBe(0);
    expect(await n(q2, `select count(*)::int as n from audit_events where action = 'system.restore'`)).toBe(1);
    expect((await q2.audit.verify()).ok).toBe(true);
  });
});
