// `npm run bench`: the speed goals of PRODUCT.md §4, measured on this machine. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './benchmarks/index.js';
import { formatGrowth, growthRows } from './lib/growth.js';
import { KNOWN_SCALES, benchDatabaseName } from './lib/datasets.js';
import { BENCH, REPO } from './lib/paths.js';
import { startServer, type RunningServer } from './lib/server.js';
import { formatTable } from './lib/table.js';
import { preparePglite, preparePostgres, type RawClient, type Target } from './lib/targets.js';
import type { BenchContext, Dataset, Figure, Settings } from './lib/types.js';

const HELP = `
npm run bench -- [options]

Measures the goals of PRODUCT.md §4 and prints a table and JSON; writes bench/results/<YYYY-MM-DD>.json
(<date>-s<scale>.json with --scale, <date>-growth.json with --growth).
Database: DATABASE_URL if set; else, without --scale, the local PostgreSQL database jinguo_bench on 127.0.0.1:5432
(created, and the Chongqing demo loaded into it, on first use; JINGUO_BENCH_PG_URL picks another server/name); with
--scale S, jinguo_bench_s<S> on that server (${KNOWN_SCALES.map(benchDatabaseName).join(', ')}), created and
seeded with seed:city at that scale on first use (later runs reuse it; a database seeded by \`npm run seed:city\` is
recognised by its marker or its counts).

Options:
  --only <names>        comma-separated benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}
                        (${BENCHMARKS.filter((b) => b.onlyWhenNamed)
                          .map((b) => b.name)
                          .join(', ')} only when named here, or with --smoke)
  --duration <s>        seconds per throughput run, autocannon and raw SQL (default 10); the soak's length
                        (default 600, 12 with --smoke)
  --connections <n>     autocannon connections and raw SQL loops (default 20)
  --pglite              also run against an embedded PGlite data dir (bench/.data/pglite)
  --pglite-only         only PGlite (no PostgreSQL needed)
  --smoke               every benchmark with tiny counts and durations, for CI: checks that figures are produced,
                        never judges timings; writes its JSON to the temp directory, not bench/results
  --out <file>          write the JSON here instead
  --scale <n>           measure the city generated at this scale (0 < n ≤ 1; 1 = 2,000,000 persons, 300,000 demands…)
  --seed <n>            seed of the generator when the harness seeds a database (default 42, as seed:city)
  --compare <files>     comma-separated reports of runs at different scales (bench/results/<date>-s<scale>.json, or
                        growth reports): print the growth table from them and exit, running nothing
  --growth <list>       e.g. 0.01,0.1,1: run the selected benchmarks at each scale (ascending) and print how each
                        operation's time grows per 10× data, flagging those that grow roughly linearly (≥ 5× per 10×)
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
      only: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      pglite: { type: 'boolean' },
      'pglite-only': { type: 'boolean' },
      smoke: { type: 'boolean' },
      out: { type: 'string' },
      scale: { type: 'string' },
      seed: { type: 'string' },
      growth: { type: 'string' },
      compare: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
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
  ? {
      smoke,
      duration: positive(values.duration, 'duration', 1),
      connections: positive(values.connections, 'connections', 4),
      startRuns: 1,
      subtreeRounds: 1,
      subtreeTowns: 2,
      throughputIds: 20,
      soakSeconds: positive(values.duration, 'duration', 12),
    }
  : {
      smoke,
      duration: positive(values.duration, 'duration', 10),
      connections: positive(values.connections, 'connections', 20),
      startRuns: 3,
      subtreeRounds: 3,
      subtreeTowns: 200,
      throughputIds: 500,
      soakSeconds: positive(values.duration, 'duration', 600),
    };

const only = values.only
  ? values.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  : null;
for (const name of only ?? []) {
  if (!BENCHMARKS.some((b) => b.name === name))
    fail(`unknown benchmark "${name}"; there are: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
}
// --smoke leaves out what npm test runs itself (smoke: false); a benchmark that runs for minutes and writes (the soak)
// runs only when named
const selected = BENCHMARKS.filter((b) =>
  only ? only.includes(b.name) : smoke ? b.smoke !== false : !b.onlyWhenNamed,
);
const kinds: Target['kind'][] = values['pglite-only']
  ? ['pglite']
  : values.pglite
    ? ['postgres', 'pglite']
    : ['postgres'];

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

if (values.compare !== undefined) {
  // growth from saved reports: the runs at scale 1 take long and are made by hand, one at a time
  const byScale = new Map<number, Figure[]>();
  const loadAt: Record<string, number> = {};
  for (const file of values.compare
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)) {
    let saved: {
      figures?: Figure[];
      scale?: number | null;
      machine?: { loadavgBefore?: number[] };
      targets?: { scale?: number | null; loadavgAtStart?: number[] }[];
    };
    try {
      saved = JSON.parse(readFileSync(resolve(file), 'utf8'));
    } catch (err) {
      fail(`--compare: cannot read ${file}: ${(err as Error).message}`);
    }
    for (const t of saved.targets ?? []) {
      const atStart =
        t.loadavgAtStart?.[0] ?? (saved.targets!.length === 1 ? saved.machine?.loadavgBefore?.[0] : undefined);
      const scale = t.scale ?? saved.scale ?? null;
      if (scale !== null && atStart !== undefined) loadAt[String(scale)] = atStart;
    }
    for (const f of saved.figures ?? []) {
      const scale = f.scale ?? saved.scale ?? null;
      if (scale === null || f.failed) continue;
      byScale.set(scale, [
        ...(byScale.get(scale) ?? []).filter((g) => !(g.name === f.name && g.target === f.target)),
        f,
      ]);
    }
  }
  const compared = [...byScale.keys()].sort((a, b) => a - b);
  if (compared.length < 2)
    fail(
      `--compare needs figures at two scales at least; found ${compared.join(', ') || 'none'} (reports of runs with --scale or --growth)`,
    );
  const rows = growthRows(compared.map((scale) => ({ scale, figures: byScale.get(scale)! })));
  process.stdout.write(
    `Growth with the data (API and raw SQL; × per 10× data, least squares over ${compared.join(', ')})\n${formatGrowth(rows, compared, loadAt)}\n`,
  );
  process.exit(0);
}

const parseScale = (raw: string, option: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1) fail(`${option} takes scales in (0, 1], got "${raw}"`);
  return n;
};
if (values.scale !== undefined && values.growth !== undefined)
  fail('--scale and --growth exclude each other (--growth lists the scales)');
const growth =
  values.growth !== undefined
    ? [...new Set(values.growth.split(',').map((x) => parseScale(x.trim(), '--growth')))].sort((a, b) => a - b)
    : null;
if (growth && growth.length < 2) fail('--growth needs at least two scales, e.g. --growth 0.01,0.1');
if (growth && process.env.DATABASE_URL)
  fail('--growth uses one database per scale (jinguo_bench_s…): unset DATABASE_URL');
const scales: (number | null)[] = growth ?? [values.scale !== undefined ? parseScale(values.scale, '--scale') : null];
const seed = values.seed === undefined ? 42 : Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got "${values.seed}"`);
if (scales[0] !== null && kinds.includes('pglite'))
  fail('--scale and --growth run on PostgreSQL only (the city is generated with COPY into jinguo_bench_s…)');

function makeContext(target: Target): BenchContext & { dispose(): Promise<void> } {
  let server: RunningServer | null = null;
  let raw: RawClient | null = null;
  const ctx = {
    target,
    settings,
    log,
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
const errors: { target: string; benchmark: string; message: string; scale?: number | null }[] = [];
const targets: { kind: string; label: string; version: string; scale: number | null; loadavgAtStart: number[] }[] = [];
const datasets: Dataset[] = [];
const loadBefore = loadavg();

for (const scale of scales) {
  if (scale !== null) log(`— scale ${scale} —`);
  for (const kind of kinds) {
    let target: Target;
    try {
      target = kind === 'postgres' ? await preparePostgres(log, { scale, seed }) : await preparePglite(log);
    } catch (err) {
      errors.push({ target: kind, benchmark: '(setup)', message: (err as Error).message, scale });
      log(`${kind}: setup failed: ${(err as Error).message}`);
      continue;
    }
    targets.push({
      kind: target.kind,
      label: target.label,
      version: target.version,
      scale,
      loadavgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    });
    if (target.dataset) {
      datasets.push(target.dataset);
      const c = target.dataset.counts;
      log(
        `target: ${target.label}; ${target.dataset.source}${target.dataset.scale === null ? '' : ` scale ${target.dataset.scale}`}; ${Object.entries(
          c,
        )
          .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
          .join(', ')}`,
      );
    } else log(`target: ${target.label}`);
    const ctx = makeContext(target);
    for (const b of selected) {
      log(`${kind}: ${b.name} — ${b.description}`);
      const t = Date.now();
      try {
        const produced = await b.run(ctx);
        if (produced.length === 0) throw new Error('produced no figures');
        for (const f of produced) f.scale = scale;
        figures.push(...produced);
        for (const f of produced)
          if (f.failed) errors.push({ target: kind, benchmark: f.name, message: f.failed, scale });
        log(`${kind}: ${b.name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      } catch (err) {
        errors.push({ target: kind, benchmark: b.name, message: (err as Error).message, scale });
        log(`${kind}: ${b.name} FAILED: ${(err as Error).message}`);
        await ctx.stopServer().catch(() => {});
      }
    }
    await ctx.dispose();
  }
}

const growthTable = growth
  ? growthRows(growth.map((scale) => ({ scale, figures: figures.filter((f) => f.scale === scale) })))
  : null;

const report = {
  date: today(),
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  mode: smoke ? 'smoke' : 'full',
  scale: growth ? null : scales[0],
  growthScales: growth,
  seed,
  settings,
  commit: `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? ' (with uncommitted changes)' : ''}`,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadavgBefore: loadBefore.map((x) => Math.round(x * 100) / 100),
    loadavgAfter: loadavg().map((x) => Math.round(x * 100) / 100),
  },
  targets,
  /** The data each run measured: scale, seed, counts of the main tables, the seed's report (rows/s per module). */
  datasets,
  figures,
  growth: growthTable,
  errors,
};

for (const d of datasets) {
  process.stdout.write(
    `\n${d.database}: ${d.scale === null ? 'the Chongqing demo' : `the city at scale ${d.scale}${d.seed === null ? '' : `, seed ${d.seed}`} (${d.source})`}; ${Object.entries(
      d.counts,
    )
      .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
      .join(', ')}\n`,
  );
  if (d.seedReport)
    process.stdout.write(
      `  seeded in ${d.seedReport.seconds} s at ${d.seedReport.rowsPerSecond.toLocaleString('en-US')} rows/s${d.seededNow ? ' (this run)' : ''}\n`,
    );
}
if (growth) {
  for (const scale of growth)
    process.stdout.write(`\nscale ${scale}\n${formatTable(figures.filter((f) => f.scale === scale))}\n`);
  const load = Object.fromEntries(
    targets.filter((t) => t.kind === 'postgres').map((t) => [String(t.scale), t.loadavgAtStart[0]!]),
  );
  process.stdout.write(
    `\nGrowth with the data (API and raw SQL; × per 10× data, least squares over ${growth.join(', ')})\n${formatGrowth(growthTable!, growth, load)}\n`,
  );
} else process.stdout.write(`\n${formatTable(figures)}\n`);
if (smoke) process.stdout.write('(smoke mode: tiny counts; the timings mean nothing)\n');
for (const e of errors) process.stdout.write(`FAILED ${e.target} ${e.benchmark}: ${e.message}\n`);
process.stdout.write(`\n${JSON.stringify(report, null, 2)}\n`);

const suffix = growth ? '-growth' : scales[0] !== null ? `-s${String(scales[0]).replace('.', '_')}` : '';
const out = values.out
  ? resolve(values.out)
  : smoke
    ? join(tmpdir(), `jinguo-bench-smoke-${report.date}${suffix}.json`)
    : join(BENCH, 'results', `${report.date}${suffix}.json`);
mkdirSync(resolve(out, '..'), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
log(`results written to ${out}`);
process.exit(errors.length ? 1 : 0);
