// `npm run bench`: the speed goals of PRODUCT.md §4, measured on this machine. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './benchmarks/index.js';
import { BENCH, REPO } from './lib/paths.js';
import { startServer, type RunningServer } from './lib/server.js';
import { formatTable } from './lib/table.js';
import { preparePglite, preparePostgres, type RawClient, type Target } from './lib/targets.js';
import type { BenchContext, Figure, Settings } from './lib/types.js';

const HELP = `
npm run bench -- [options]

Measures the goals of PRODUCT.md §4 and prints a table and JSON; writes bench/results/<YYYY-MM-DD>.json.
Database: DATABASE_URL if set, else the local PostgreSQL database jinguo_bench on 127.0.0.1:5432 (created, and the
Chongqing demo loaded into it, on first use; JINGUO_BENCH_PG_URL picks another).

Options:
  --only <names>        comma-separated benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}
  --duration <s>        seconds per throughput run, autocannon and raw SQL (default 10)
  --connections <n>     autocannon connections and raw SQL loops (default 20)
  --pglite              also run against an embedded PGlite data dir (bench/.data/pglite)
  --pglite-only         only PGlite (no PostgreSQL needed)
  --smoke               every benchmark with tiny counts and durations, for CI: checks that figures are produced,
                        never judges timings; writes its JSON to the temp directory, not bench/results
  --out <file>          write the JSON here instead
  --scale <n>           reserved for generated data (not implemented yet; ignored)
  -h, --help            this help

Exit code 1 when a benchmark failed to produce its figures (e.g. any non-2xx response under load); goals missed
are reported, never turned into a failure.
`;

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\nRun \`npm run bench -- --help\` for usage.\n`);
  process.exit(2);
}

let values;
try {
  values = parseArgs({
    args: process.argv.slice(2),
    options: {
      only: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, pglite: { type: 'boolean' },
      'pglite-only': { type: 'boolean' }, smoke: { type: 'boolean' }, out: { type: 'string' }, scale: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true, allowPositionals: false,
  }).values;
} catch (err) {
  fail((err as Error).message);
}
if (values.help) {
  process.stdout.write(`${HELP.trim()}\n`);
  process.exit(0);
}

const positive = (raw: string | undefined, name: string, fallback: number) => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, got "${raw}"`);
  return n;
};

const smoke = values.smoke === true;
const settings: Settings = smoke
  ? { smoke, duration: positive(values.duration, 'duration', 1), connections: positive(values.connections, 'connections', 4), startRuns: 1, subtreeRounds: 1, subtreeTowns: 2, throughputIds: 20 }
  : { smoke, duration: positive(values.duration, 'duration', 10), connections: positive(values.connections, 'connections', 20), startRuns: 3, subtreeRounds: 3, subtreeTowns: 200, throughputIds: 500 };

const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : null;
for (const name of only ?? []) {
  if (!BENCHMARKS.some((b) => b.name === name)) fail(`unknown benchmark "${name}"; there are: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
}
const selected = BENCHMARKS.filter((b) => !only || only.includes(b.name));
const kinds: Target['kind'][] = values['pglite-only'] ? ['pglite'] : values.pglite ? ['postgres', 'pglite'] : ['postgres'];

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
if (values.scale !== undefined) log(`--scale ${values.scale} is not implemented yet (generated data comes with issue 6): running on the demo data`);

function makeContext(target: Target): BenchContext & { dispose(): Promise<void> } {
  let server: RunningServer | null = null;
  let raw: RawClient | null = null;
  const ctx = {
    target, settings, log,
    async stopServer() {
      if (server) await server.stop();
      server = null;
    },
    async closeRaw() {
      if (raw) await raw.close();
      raw = null;
    },
    async server() {
      if (!server) {
        if (target.kind === 'pglite') await ctx.closeRaw(); // one process at a time on an embedded database
        server = await startServer(target.serverEnv);
      }
      return server;
    },
    async raw() {
      if (!raw) {
        if (target.kind === 'pglite') await ctx.stopServer();
        raw = await target.openRaw();
      }
      return raw;
    },
    async dispose() {
      await ctx.stopServer();
      await ctx.closeRaw();
    },
  };
  return ctx;
}

const git = (...args: string[]) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

const startedAt = new Date();
const figures: Figure[] = [];
const errors: { target: string; benchmark: string; message: string }[] = [];
const targets: { kind: string; label: string; version: string }[] = [];
const loadBefore = loadavg();

for (const kind of kinds) {
  let target: Target;
  try {
    target = kind === 'postgres' ? await preparePostgres(log) : await preparePglite(log);
  } catch (err) {
    errors.push({ target: kind, benchmark: '(setup)', message: (err as Error).message });
    log(`${kind}: setup failed: ${(err as Error).message}`);
    continue;
  }
  targets.push({ kind: target.kind, label: target.label, version: target.version });
  log(`target: ${target.label}`);
  const ctx = makeContext(target);
  for (const b of selected) {
    log(`${kind}: ${b.name} — ${b.description}`);
    const t = Date.now();
    try {
      const produced = await b.run(ctx);
      if (produced.length === 0) throw new Error('produced no figures');
      figures.push(...produced);
      for (const f of produced) if (f.failed) errors.push({ target: kind, benchmark: f.name, message: f.failed });
      log(`${kind}: ${b.name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } catch (err) {
      errors.push({ target: kind, benchmark: b.name, message: (err as Error).message });
      log(`${kind}: ${b.name} FAILED: ${(err as Error).message}`);
      await ctx.stopServer().catch(() => {});
    }
  }
  await ctx.dispose();
}

const report = {
  date: today(),
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  mode: smoke ? 'smoke' : 'full',
  settings,
  commit: `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? ' (with uncommitted changes)' : ''}`,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}`, loadavgBefore: loadBefore.map((x) => Math.round(x * 100) / 100), loadavgAfter: loadavg().map((x) => Math.round(x * 100) / 100) },
  targets,
  figures,
  errors,
};

process.stdout.write(`\n${formatTable(figures)}\n`);
if (smoke) process.stdout.write('(smoke mode: tiny counts; the timings mean nothing)\n');
for (const e of errors) process.stdout.write(`FAILED ${e.target} ${e.benchmark}: ${e.message}\n`);
process.stdout.write(`\n${JSON.stringify(report, null, 2)}\n`);

const out = values.out ? resolve(values.out) : smoke ? join(tmpdir(), `jinguo-bench-smoke-${report.date}.json`) : join(BENCH, 'results', `${report.date}.json`);
mkdirSync(resolve(out, '..'), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
log(`results written to ${out}`);
process.exit(errors.length ? 1 : 0);
