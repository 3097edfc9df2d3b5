import { median, round } from '../lib/stats.js';
import { startServer, timeBareNode } from '../lib/server.js';
import { goalMet, type Benchmark, type Figure, type Goal } from '../lib/types.js';

const START_GOAL: Goal = {
  metric: 'p50',
  op: '<=',
  value: 10_000,
  unit: 'ms',
  source: 'PRODUCT.md §4 start: npm start to usable page ≤ 10 s',
};

/**
 * Server start with existing data: spawn → GET /api/health 200, N times, against a bare node process that queries once.
 */
export const startToHealthy: Benchmark = {
  name: 'start_to_healthy',
  module: 'platform',
  description:
    'time from starting the server (node --import tsx apps/server/src/main.ts, demo already loaded) to /api/health 200',
  async run(ctx) {
    const { target, settings } = ctx;
    await ctx.stopServer();
    await ctx.closeRaw();
    const samples: number[] = [];
    let health: unknown = null;
    // One start first, not counted: it absorbs one-time work (new migrations, the job runner's schema, tsx's cache).
    let warmUpMs: number | null = null;
    if (!settings.smoke) {
      const w = await startServer(target.serverEnv);
      warmUpMs = w.startupMs;
      await w.stop();
      ctx.log(`start (warm-up, not counted): ${Math.round(warmUpMs)} ms`);
    }
    for (let i = 0; i < settings.startRuns; i++) {
      const s = await startServer(target.serverEnv);
      samples.push(s.startupMs);
      health = s.health;
      await s.stop();
      ctx.log(`start ${i + 1}/${settings.startRuns}: ${Math.round(s.startupMs)} ms`);
      if (s.health.database !== target.kind)
        throw new Error(`the server reports database ${s.health.database}, expected ${target.kind}`);
    }
    const bare: number[] = [];
    for (let i = 0; i < settings.startRuns; i++) bare.push(await timeBareNode(target.bareScript, target.serverEnv));
    const p50 = median(samples);
    const rawP50 = median(bare);
    const f: Figure = {
      name: 'start_to_healthy',
      module: 'platform',
      target: target.kind,
      unit: 'ms',
      p50: round(p50),
      p95: null,
      p99: null,
      min: round(Math.min(...samples)),
      max: round(Math.max(...samples)),
      n: samples.length,
      goal: START_GOAL,
      goalMet: null,
      rawSql: {
        statement: 'bare `node` process: connect, select count(*) from drizzle.__drizzle_migrations, exit',
        unit: 'ms',
        p50: round(rawP50),
        p95: null,
        p99: null,
        n: bare.length,
        note: `min ${round(Math.min(...bare))} max ${round(Math.max(...bare))}`,
      },
      ratio: round(p50 / rawP50),
      ratioNote:
        'server median ÷ bare node process median (what TypeScript loading, migrations check, Fastify and routes add)',
      notes: [
        'p50 is the median of the runs; p95/p99 are not meaningful for a handful of starts',
        'one uncounted warm-up start first (extra.warmUpMs): one-time work after an upgrade is not the steady state',
        'excludes scripts/start.mjs (web build freshness check) and npm itself',
      ],
      extra: { samplesMs: samples.map(round), warmUpMs: round(warmUpMs), bareSamplesMs: bare.map(round), health },
    };
    f.goalMet = goalMet(f.goal, f, settings.smoke);
    return [f];
  },
};
