// Crash safety at size (issue 16 item 10): the deadline sweeper killed (kill -9, at a named point: no timing race) in
// the middle of its second batch of 200 while escalating 1,000 overdue demands (1,000 × scale with --scale), then the
// server started again. Reports the time from that start to every due demand escalated and the killed run completed,
// and fails when a demand was escalated twice or missed. The fast versions (one batch, case transitions, backups and
// restores) are apps/server/test/crash-safety.int.test.ts.
import { spawn } from 'node:child_process';
import { OPEN_DEMAND_STATES } from '@jinguo/contracts';
import { childEnv, freePort, startServer } from '../lib/server.js';
import { REPO, SERVER_MAIN } from '../lib/paths.js';
import { round } from '../lib/stats.js';
import { nowMs, sleep } from '../lib/timing.js';
import type { Benchmark, Figure } from '../lib/types.js';

const OPEN = `(${OPEN_DEMAND_STATES.map((s) => `'${s}'`).join(',')})`;
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
  description:
    'the deadline sweeper killed (kill -9) mid second batch of 1,000 overdue demands (× scale), then restarted: time to every demand escalated exactly once (PostgreSQL)',
  async run(ctx) {
    if (ctx.target.kind !== 'postgres') {
      ctx.log('crash_sweeper: PostgreSQL only (on PGlite the crash-safety test kills the sweep mid-batch)');
      return [];
    }
    await ctx.stopServer();
    const raw = await ctx.raw();
    const scale = ctx.target.dataset?.scale ?? null;
    const due = ctx.settings.smoke ? 20 : scale === null ? 1_000 : Math.max(20, Math.round(1_000 * scale));
    // the demands nobody answered in time: open, never escalated (the sweep escalates whatever else is due as well)
    const ids = (
      await raw.query(`update demands set next_escalation_at = now() - interval '1 minute' where id in (
        select id from demands where state in ${OPEN} and escalation_level = 0 and next_escalation_at is not null
        order by id limit ${due}) returning id`)
    ).map((r) => String(r.id));
    const killAt = ids.length > BATCH ? BATCH + Math.ceil((Math.min(ids.length, 2 * BATCH) - BATCH) / 2) : 2;
    const escalations = async () =>
      (await raw.query(
        `select demand_id::text as id, count(*)::int as n from demand_escalations
         where demand_id = any('{${ids.join(',')}}'::bigint[]) group by demand_id`,
      )) as { id: string; n: number }[];
    const before = await escalations();
    if (before.length) throw new Error(`${before.length} of the chosen demands were escalated already`);

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
        ...ctx.target.serverEnv,
        ...JOB_ENV,
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
    const [killed] = await raw.query(`select id from pgboss.job where name = 'demands.sweep' and state = 'active'`);
    ctx.log(`crash_sweeper: killed at escalation ${killAt} of ${ids.length}; ${committed} committed before the kill`);

    // 2. the restart: every due demand escalated, the killed run recovered and completed
    const started = nowMs();
    const server = await startServer({ ...ctx.target.serverEnv, ...JOB_ENV });
    try {
      for (const deadline = nowMs() + 300_000; ;) {
        const done = (await escalations()).length === ids.length;
        const [job] = killed
          ? await raw.query(`select state::text as state from pgboss.job where id = '${String(killed.id)}'`)
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
  },
};
