// The long fuzzing run (`npm run bench -- --only fuzz`): the fuzz file of `npm test`
// (apps/server/test/fuzz.int.test.ts) with many thousand cases instead of its few hundred, on the target's kind of
// database. It runs in Vitest on a copy of the demo built for the run (PostgreSQL at JINGUO_TEST_PG_URL, default
// 127.0.0.1:5432/test; or PGlite), not on the bench database: its accepted writes must not change what the other
// benchmarks measure. JINGUO_FUZZ_RUNS (default 10,000; 300 in --smoke) and JINGUO_FUZZ_SEED choose the run.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../lib/paths.js';
import type { Benchmark, Figure, Goal } from '../lib/types.js';

/** What the fuzz file writes to JINGUO_FUZZ_REPORT (apps/server/test/fuzz.ts: FuzzReport). */
interface FuzzReport {
  seed: number;
  runs: number;
  operations: number;
  cases: number;
  answers: Record<string, number>;
  byKind: Record<string, number>;
  refused: number;
  refusedCompared: number;
  refusedThatWrote: number;
  findings: { operation: string; kind: string; note: string; problem: string; request: string }[];
  slowest: { operation: string; note: string; ms: number }[];
  seconds: number;
}

const NONE: Goal = {
  metric: 'value',
  op: '<=',
  value: 0,
  unit: '',
  source: 'issue 16 item 7: no 5xx, nothing written when refused',
};

export const fuzzWrites: Benchmark = {
  name: 'fuzz',
  module: 'platform',
  description: 'schema-driven bad input to every write operation (the npm test fuzz file, many thousand cases)',
  // npm test runs the fuzz file itself: the harness smoke (bench/harness.int.test.ts) need not run it again
  smoke: false,
  async run(ctx) {
    const runs = process.env.JINGUO_FUZZ_RUNS ?? (ctx.settings.smoke ? '300' : '10000');
    const out = join(tmpdir(), `jinguo-fuzz-${process.pid}-${Date.now()}.json`);
    const project = ctx.target.kind === 'pglite' ? 'int-pglite' : 'int-postgres';
    ctx.log(`fuzz: ${runs} cases in Vitest (${project})`);
    const started = Date.now();
    const { code, tail } = await vitest(project, { JINGUO_FUZZ_RUNS: runs, JINGUO_FUZZ_REPORT: out });
    const wall = (Date.now() - started) / 1000;
    if (!existsSync(out)) throw new Error(`the fuzz file wrote no report (exit ${code}):\n${tail}`);
    const r = JSON.parse(readFileSync(out, 'utf8')) as FuzzReport;
    rmSync(out, { force: true });
    for (const f of r.findings) ctx.log(`finding: ${f.operation} [${f.kind}] ${f.note}: ${f.problem}\n  ${f.request}`);
    const figure = (name: string, value: number, unit: string, goal: Goal | null): Figure => ({
      name,
      module: 'platform',
      target: ctx.target.kind,
      unit,
      value,
      p50: null,
      p95: null,
      p99: null,
      n: r.cases,
      goal,
      goalMet: goal ? value <= goal.value : null,
      rawSql: null,
      ratio: null,
    });
    const answers = r.answers;
    return [
      {
        ...figure('fuzz_cases', r.cases, 'cases', null),
        extra: {
          seed: r.seed,
          operations: r.operations,
          answers,
          byKind: r.byKind,
          slowest: r.slowest,
          fuzzSeconds: r.seconds,
          wallSeconds: Math.round(wall),
        },
        notes: [`seed ${r.seed}: JINGUO_FUZZ_SEED=${r.seed} JINGUO_FUZZ_RUNS=${r.runs} reproduce the run`],
      },
      figure('fuzz_4xx', answers['4xx'] ?? 0, 'answers', null),
      figure('fuzz_5xx', answers['5xx'] ?? 0, 'answers', NONE),
      {
        ...figure('fuzz_refused_nothing_written', r.refused - r.refusedThatWrote, 'refusals', null),
        notes: [`${r.refusedCompared} refusals committed a transaction and had every table compared`],
      },
      figure('fuzz_refused_that_wrote', r.refusedThatWrote, 'refusals', NONE),
      figure('fuzz_findings', r.findings.length, 'findings', NONE),
      figure('fuzz_seconds', r.seconds, 's', null),
    ];
  },
};

function vitest(project: string, env: Record<string, string>): Promise<{ code: number; tail: string }> {
  return new Promise((done) => {
    const child = spawn('npx', ['vitest', 'run', '--project', project, 'apps/server/test/fuzz.int.test.ts'], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out = (out + String(d)).slice(-20_000)));
    child.stderr.on('data', (d) => (out = (out + String(d)).slice(-20_000)));
    child.on('close', (code) => done({ code: code ?? 1, tail: out.slice(-4000) }));
  });
}
