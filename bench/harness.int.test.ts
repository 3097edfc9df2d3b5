// The bench harness as CI runs it: `npm run bench -- --scale 0.01 --smoke` on a scratch database it seeds itself.
// Checks that the harness works end to end — seeding the city, every benchmark producing figures, the report file —
// and never judges a timing (the figures of a smoke run mean nothing).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCHMARKS } from './benchmarks/index.js';
import { ensureCity } from './lib/datasets.js';
import { REPO } from './lib/paths.js';
import type { Dataset, Figure } from './lib/types.js';

const SMOKE_DB = 'jinguo_bench_smoke';
const base = new URL(process.env.JINGUO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const adminUrl = Object.assign(new URL(base), { pathname: '/postgres' }).toString();
const smokeUrl = Object.assign(new URL(base), { pathname: `/${SMOKE_DB}` }).toString();

async function admin(statement: string, url = adminUrl) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

function runBench(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-50_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

interface Report {
  scale: number | null;
  mode: string;
  datasets: Dataset[];
  figures: Figure[];
  errors: unknown[];
}

const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

describe.skipIf(process.env.JINGUO_TEST_DB !== 'postgres')('npm run bench -- --scale 0.01 --smoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jinguo-bench-smoke-'));
  const out = join(dir, 'results.json');
  const key = randomBytes(32);
  let run: { code: number | null; output: string };
  let report: Report;

  beforeAll(async () => {
    await admin(`drop database if exists ${SMOKE_DB} with (force)`);
    await admin(`create database ${SMOKE_DB}`);
    run = await runBench(['--scale', '0.01', '--smoke', '--out', out], {
      DATABASE_URL: smokeUrl,
      JINGUO_DATA_KEY: key.toString('base64'),
      JINGUO_DATA_DIR: join(dir, 'data'),
    });
    if (existsSync(out)) report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  }, 600_000); // a guard against a hang only: the run takes 1–2 minutes, longer on a loaded machine

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await admin(`drop database if exists ${SMOKE_DB} with (force)`);
  });

  it('exits 0 and writes its report', () => {
    expect(run.code, run.output).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(report.mode).toBe('smoke');
    expect(report.scale).toBe(0.01);
    expect(report.errors).toEqual([]);
  });

  it('seeds the city at scale 0.01 and reports its counts and the load rate of every module', () => {
    const [dataset] = report.datasets;
    expect(dataset).toMatchObject({ scale: 0.01, seed: 42, source: 'seed-marker', seededNow: true, keyDecrypts: true });
    expect(dataset!.counts.persons).toBeGreaterThanOrEqual(20_000);
    for (const table of ['womens_groups', 'families', 'migrant_profiles', 'person_tags', 'cases', 'visits', 'demands'])
      expect(dataset!.counts[table], table).toBeGreaterThan(0);
    const phases = new Map(dataset!.seedReport!.phases.map((p) => [p.module, p]));
    for (const module of ['womens_groups', 'persons', 'migrants', 'families', 'cases', 'visits', 'demands']) {
      expect(phases.get(module), module).toBeDefined();
      expect(finite(phases.get(module)!.rowsPerSecond), module).toBe(true);
      expect(
        Object.values(phases.get(module)!.rows).reduce((a, b) => a + b, 0),
        module,
      ).toBeGreaterThan(0);
    }
    expect(finite(dataset!.seedReport!.rowsPerSecond)).toBe(true);
  });

  it('has figures from every benchmark, with numeric latencies or rates', () => {
    const modules = new Set(report.figures.map((f) => f.module));
    // (what npm test runs itself, or what only runs when named, is left out of the smoke: smoke: false)
    const smoked = BENCHMARKS.filter((b) => b.smoke !== false);
    for (const b of smoked) expect(modules.has(b.module), b.name).toBe(true);
    expect(report.figures.length).toBeGreaterThanOrEqual(smoked.length);
    for (const f of report.figures) {
      expect(f.failed, f.name).toBeUndefined();
      expect(f.scale, f.name).toBe(0.01);
      // import and export report a rate of rows and no latency
      if (f.unit === 'rows/s') {
        expect(finite(f.value) && f.value! > 0, `${f.name} rows/s`).toBe(true);
        continue;
      }
      expect(finite(f.p50), `${f.name} p50`).toBe(true);
      // throughput runs report a rate (autocannon has no p95); a handful of server starts report min and max
      if (f.unit === 'req/s') expect(finite(f.value), `${f.name} req/s`).toBe(true);
      else if (f.name === 'start_to_healthy') expect(finite(f.min) && finite(f.max), `${f.name} min/max`).toBe(true);
      else expect(finite(f.p95), `${f.name} p95`).toBe(true);
    }
  });

  it('recognises a seed without its marker by the counts, and leaves an incomplete or other-scale one alone', async () => {
    const log = () => {};
    await admin(`delete from system_settings where key = 'seed_city'`, smokeUrl);
    const inferred = await ensureCity(smokeUrl, { scale: 0.01, seed: 42, key, log });
    expect(inferred).toMatchObject({
      scale: 0.01,
      seed: null,
      source: 'inferred-from-counts',
      seededNow: false,
      keyDecrypts: true,
    });
    expect(await ensureCity(smokeUrl, { scale: 0.01, seed: 42, key: randomBytes(32), log })).toMatchObject({
      keyDecrypts: false,
    });
    await expect(ensureCity(smokeUrl, { scale: 0.1, seed: 42, key, log })).rejects.toThrow(/scale ≈ 0.01/);
    await admin('delete from demands', smokeUrl);
    await expect(ensureCity(smokeUrl, { scale: 0.01, seed: 42, key, log })).rejects.toThrow(
      /incomplete \(demands 0 of ~3000\)/,
    );
  });
});
