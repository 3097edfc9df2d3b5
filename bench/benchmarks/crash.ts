// Crash safety at size (issue 16 item 10). crash_sweeper: the deadline sweeper killed (kill -9, at a named point: no
// timing race) in the middle of its second batch of 200 while escalating 1,000 overdue demands, on a scratch copy of
// the target database, then the server started again: the time from that start to every due demand escalated and the
// killed run completed; it fails when a demand was escalated twice or missed. crash_scenarios: every kill point of
// apps/server/test/crash-safety.int.test.ts (npm test runs one per operation).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { childEnv, freePort, startServer } from '../lib/server.js';
import { REPO, SERVER_MAIN } from '../lib/paths.js';
import { round } from '../lib/stats.js';
import { nowMs, sleep } from '../lib/timing.js';
import type { BenchContext, Benchmark, Figure } from '../lib/types.js';

const BATCH = 200;
const JOB_ENV = {
  JINGUO_DEMANDS_SWEEP_SECONDS: '1',
  JINGUO_JOBS_POLL_MS: '100',
  JINGUO_JOBS_SWEEP_MS: '300',
  JINGUO_JOBS_ORPHAN_GRACE_S: '1',
};

export const crashSweeper: Benchmark = {
  name: 'crash_sweeper',
  module: 'platform',
  // npm test kills the sweeper mid-batch already (crash-safety.int.test.ts); in the harness smoke this waited
  // minutes on a scratch copy of the database for a figure the smoke never judges
  smoke: false,
  description:
    'the deadline sweeper killed (kill -9) mid second batch of 1,000 overdue demands, then restarted: time to every demand escalated exactly once (PostgreSQL, a scratch copy of the database)',
  async run(ctx) {
    if (ctx.target.kind !== 'postgres') {
      ctx.log('crash_sweeper: PostgreSQL only (on PGlite the crash-safety test kills the sweep mid-batch)');
      return [];
    }
    await ctx.stopServer();
    await ctx.closeRaw();
    // A scratch copy of the target database (CREATE DATABASE … TEMPLATE), dropped at the end, with its own data dir
    // (audit checkpoints): the 1,000 overdue demands and their escalations never reach the bench's own data.
    const url = new URL(ctx.target.serverEnv.DATABASE_URL!);
    const source = url.pathname.slice(1);
    const scratch = `${source}_crash`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`drop database if exists ${scratch} with (force)`);
    try {
      await admin.query(`create database ${scratch} template ${source}`);
    } catch (err) {
      await admin.end();
      throw new Error(`could not copy ${source} (other sessions on it?): ${(err as Error).message}`);
    }
    url.pathname = `/${scratch}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'jinguo-bench-crash-'));
    const env = { ...ctx.target.serverEnv, DATABASE_URL: url.toString(), JINGUO_DATA_DIR: dataDir, ...JOB_ENV };
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      return await measure(ctx, env, async (text) => (await db.query(text)).rows);
    } finally {
      await db.end();
      await admin.query(`drop database if exists ${scratch} with (force)`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

async function measure(
  ctx: BenchContext,
  env: Record<string, string | null>,
  query: (text: string) => Promise<Record<string, unknown>[]>,
): Promise<Figure[]> {
  const due = ctx.settings.smoke ? 20 : 1_000;
  // copies of one demand, received and unanswered past their feedback deadline (no other demand is due)
  await query(`update demands set next_escalation_at = null where next_escalation_at <= now()`);
  const cols = (
    await query(`select string_agg(quote_ident(column_name), ', ' order by ordinal_position) as c
      from information_schema.columns where table_schema = 'public' and table_name = 'demands'
      and column_name not in ('id', 'tracking_hash', 'state', 'escalation_level', 'escalated_to_org_id',
        'next_escalation_at', 'feedback_due_at', 'signed_at', 'replied_at', 'closed_at', 'version')`)
  )[0]!.c as string;
  const ids = (
    await query(`insert into demands (${cols}, state, escalation_level, next_escalation_at, feedback_due_at)
      select ${cols}, 'received', 0,
        now() - interval '1 minute', now() - interval '1 minute'
      from demands d, generate_series(1, ${due}) g
      where d.id = (select min(id) from demands where org_path ~ '*{4,}' and escalation_level = 0)
      returning id`)
  ).map((r) => String(r.id));
  const killAt = BATCH + Math.ceil((Math.min(ids.length, 2 * BATCH) - BATCH) / 2);
  const escalations = async () =>
    (await query(
      `select demand_id::text as id, count(*)::int as n from demand_escalations
       where demand_id = any('{${ids.join(',')}}'::bigint[]) group by demand_id`,
    )) as { id: string; n: number }[];

  // 1. a server that dies in the middle of the sweep
  const port = await freePort();
  const killedStarted = nowMs();
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_MAIN], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({
      JINGUO_MODE: 'demo',
      JINGUO_DEMO_CITY: 'off',
      LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      JINGUO_TEST_CRASH_AT: `demands.escalate.one:${killAt}`,
    }),
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-10_000)));
  child.stderr!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-10_000)));
  const signal = await new Promise<NodeJS.Signals | null>((ok) => child.once('exit', (_c, s) => ok(s)));
  if (signal !== 'SIGKILL' || !out.includes('crash point demands.escalate.one'))
    throw new Error(`the server was to kill itself in the sweep; it exited with ${signal}:\n${out}`);
  const killedAfterMs = nowMs() - killedStarted;
  const committed = (await escalations()).reduce((a, r) => a + r.n, 0);
  const [killed] = await query(`select id from pgboss.job where name = 'demands.sweep' and state = 'active'`);
  ctx.log(`crash_sweeper: killed at escalation ${killAt} of ${ids.length}; ${committed} committed before the kill`);

  // 2. the restart: every due demand escalated, the killed run recovered and completed
  const started = nowMs();
  const server = await startServer(env);
  try {
    for (const deadline = nowMs() + 300_000; ;) {
      const done = (await escalations()).length === ids.length;
      const [job] = killed
        ? await query(`select state::text as state from pgboss.job where id = '${String(killed.id)}'`)
        : [{ state: 'completed' }];
      if (done && job?.state === 'completed') break;
      if (nowMs() > deadline) throw new Error('the restarted server did not finish the sweep within 5 minutes');
      await sleep(50);
    }
    const recoveryMs = nowMs() - started;
    const after = await escalations();
    const twice = after.filter((r) => Number(r.n) !== 1).length;
    const missed = ids.length - after.length;
    if (twice || missed) throw new Error(`after the restart: ${twice} demands escalated twice, ${missed} missed`);
    const f: Figure = {
      name: 'crash_sweeper',
      module: 'platform',
      target: ctx.target.kind,
      unit: 'ms',
      value: round(recoveryMs),
      p50: null,
      p95: null,
      p99: null,
      n: 1,
      goal: null,
      goalMet: null,
      rawSql: null,
      ratio: null,
      notes: [
        `${ids.length} overdue demands; the sweep killed at escalation ${killAt} (${committed} committed in the batches before); value: restart → all escalated exactly once and the killed run completed (start ${round(server.startupMs)} ms of it)`,
      ],
      extra: {
        due: ids.length,
        killAt,
        committedBeforeKill: committed,
        killedAfterMs: round(killedAfterMs),
        startMs: round(server.startupMs),
        escalatedTwice: twice,
        missed,
      },
    };
    return [f];
  } finally {
    await server.stop();
  }
}

/**
 * Every kill point of apps/server/test/crash-safety.int.test.ts (case transitions, sweeps, backups, restores), run for
 * real on the target's kind of database: `npm test` runs one point of each operation, this runs them all
 * (JINGUO_CRASH_FULL=1). The figure is the file's wall time; each scenario's time and result are in `extra`.
 */
export const crashScenarios: Benchmark = {
  name: 'crash_scenarios',
  module: 'platform',
  // the crash-safety file runs in npm test itself (one kill point per operation)
  smoke: false,
  description:
    'kill -9 at every crash point of the crash-safety test (case transition, sweep, backup, restore), then restart: all must pass',
  async run(ctx) {
    const project = ctx.target.kind === 'postgres' ? 'int-postgres' : 'int-pglite';
    const report = join(mkdtempSync(join(tmpdir(), 'jinguo-bench-crash-')), 'report.json');
    const started = nowMs();
    const child = spawn(
      process.execPath,
      [
        join(REPO, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--project',
        project,
        'apps/server/test/crash-safety.int.test.ts',
        '--reporter=json',
        `--outputFile=${report}`,
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv({ JINGUO_CRASH_FULL: '1' }) },
    );
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
    child.stderr!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
    const code = await new Promise<number | null>((ok) => child.once('exit', (c) => ok(c)));
    const wallMs = nowMs() - started;
    const results = (
      JSON.parse(readFileSync(report, 'utf8')) as {
        testResults: { assertionResults: { title: string; status: string; duration?: number }[] }[];
      }
    ).testResults.flatMap((f) => f.assertionResults);
    rmSync(join(report, '..'), { recursive: true, force: true });
    const ran = results.filter((r) => r.status !== 'skipped' && r.status !== 'pending');
    const failed = ran.filter((r) => r.status !== 'passed');
    if (code !== 0 || failed.length)
      throw new Error(`crash scenarios failed: ${failed.map((r) => r.title).join('; ') || `exit ${code}`}\n${out}`);
    ctx.log(`crash_scenarios: ${ran.length} scenarios passed in ${round(wallMs / 1000)} s`);
    return [
      {
        name: 'crash_scenarios',
        module: 'platform',
        target: ctx.target.kind,
        unit: 'ms',
        value: round(wallMs),
        p50: null,
        p95: null,
        p99: null,
        n: ran.length,
        goal: null,
        goalMet: null,
        rawSql: null,
        ratio: null,
        notes: [`${ran.length} kill scenarios, all passed; value: the whole file (template build included)`],
        extra: { scenarios: ran.map((r) => ({ title: r.title, ms: round(r.duration ?? 0), status: r.status })) },
      },
    ];
  },
};
