#!/usr/bin/env node
// `npm test`: format, lint and types; every Vitest project — unit, integration on PGlite, integration on
// PostgreSQL, browser flows in Debian's Chromium. PostgreSQL: JINGUO_TEST_PG_URL, default
// postgres://postgres@127.0.0.1:5432/test.
//
// Three lanes share the two cores:
//   database — unit + int-pglite + int-postgres, two files at a time (a PGlite file keeps one core busy, a PostgreSQL
//              file shares it with the server); from the start to the end;
//   checks   — the web build first (when stale: npm install builds it), then Prettier (.prettierrc.json, 120 columns),
//              type-aware ESLint (boundaries, floating promises…), tsc ×3. As soon as the web app is built, the browser
//              flows' demo servers start (tests/browser/demo-server.mjs), so their demos load while the checks run;
//   browser  — when the checks are done: the flows in two shards (vitest --shard), each one file at a time against its
//              own demo server (a flow changes the demo it runs on, so two flows never share one), beside the rest of
//              the database lane. One shard of 29 files ran 329 s after the checks and left a core idle at the end
//              (2026-12-05: 600 s in all).
// The database lane prints as it goes; the others print their whole output when they end, so lines never mix.
// Any lane failing fails the run; the last line is the summary CI reads.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareDemo, startDemoServer } from '../tests/browser/demo-server.mjs';

const root = resolve(import.meta.dirname, '..');

/** Runs one command; resolves with its exit code and (unless streamed) its output. */
function exec(cmd, args, { cwd = root, stream = false, env = {} } = {}) {
  return new Promise((done) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('close', (code) => done({ code: code ?? 1, out }));
  });
}

/** A lane: commands one after another, stopping at the first failure. */
async function lane(name, steps, { stream = false } = {}) {
  const started = Date.now();
  let log = '';
  let code = 0;
  for (const step of steps) {
    const line = `\n$ ${step.cmd} ${step.args.join(' ')}\n`;
    if (stream) process.stdout.write(line);
    else log += line;
    if (step.before) {
      const problem = await step.before();
      if (problem) {
        log += `${problem}\n`;
        code = 1;
        break;
      }
    }
    const r = await exec(step.cmd, step.args, { cwd: step.cwd, stream, env: step.env });
    log += r.out;
    if (r.code !== 0) {
      code = r.code;
      break;
    }
    step.after?.();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  if (!stream) process.stdout.write(`\n──── ${name} (${seconds} s) ────${log}\n`);
  console.log(`\n[${name}] ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s`);
  return code;
}

const vitest = (name, projects, extra = []) => ({
  cmd: 'npx',
  args: [
    'vitest',
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    ...extra,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report(name)}`,
  ],
});
const report = (name) => resolve(root, `test-results/vitest-${name}.json`);
/** The browser flows' shards: each has its own demo server (a flow changes the data it runs on). */
const BROWSER_SHARDS = 2;
const browserNames = Array.from({ length: BROWSER_SHARDS }, (_, i) => `browser-${i + 1}`);
for (const name of ['database', ...browserNames]) rmSync(report(name), { force: true });

let demoServers = [];
let preparedDemo = Promise.resolve(null);
const checks = lane('checks', [
  // The browser flows serve the built web app; their servers start as soon as it exists, from one demo prepared for
  // all of them (one demo load instead of one a server). (npm install built the app already, so this is usually a
  // check that the build is current).
  {
    cmd: process.execPath,
    args: ['scripts/web-build.mjs'],
    after: () => {
      preparedDemo = prepareDemo();
      demoServers = Array.from({ length: BROWSER_SHARDS }, async () =>
        startDemoServer({ timeoutMs: 600_000, from: (await preparedDemo)?.dataDir }),
      );
    },
  },
  { cmd: 'npx', args: ['prettier', '--check', '--log-level', 'warn', '.'] },
  { cmd: 'npx', args: ['eslint', '--max-warnings', '0', '.'] },
  { cmd: 'npx', args: ['tsc', '-p', 'packages/contracts'] },
  { cmd: 'npx', args: ['tsc', '-p', 'apps/server'] },
  { cmd: 'npx', args: ['tsc', '-p', 'apps/web'] },
]);
const database = lane('database', [vitest('database', ['unit', 'int-pglite', 'int-postgres'], ['--maxWorkers', '2'])], {
  stream: true,
});
const browserShard = (index) =>
  checks.then(async () => {
    const name = `browser-${index + 1}`;
    const step = { ...vitest(name, ['browser'], [`--shard=${index + 1}/${BROWSER_SHARDS}`]), env: {} };
    step.before = async () => {
      if (!existsSync('/usr/bin/chromium'))
        return 'Debian chromium is missing (/usr/bin/chromium): apt-get install chromium fonts-noto-cjk';
      if (!demoServers[index]) return 'the web app did not build, so the browser flows have no server';
      const server = await demoServers[index];
      try {
        await server.ready;
      } catch (err) {
        return String(err);
      }
      step.env.JINGUO_BROWSER_BASE_URL = server.url;
      step.env.JINGUO_BROWSER_SERVER_LOG = server.logFile; // what a phone receives (helpers.ts smsSentTo)
      return null;
    };
    const code = await lane(name, [step]);
    await (await demoServers[index])?.stop(); // its demo server has nothing more to serve: its jobs stop polling
    return code;
  });
const codes = await Promise.all([checks, database, ...browserNames.map((_, i) => browserShard(i))]);
await Promise.all(demoServers.map(async (s) => (await s).stop())); // (stopping twice is harmless)
(await preparedDemo)?.remove();

const totals = { passed: 0, failed: 0, skipped: 0 };
let status = codes.find((c) => c !== 0) ?? 0;
for (const name of ['database', ...browserNames]) {
  if (!existsSync(report(name))) {
    if (status === 0) status = 1;
    continue;
  }
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report(name), 'utf8'));
  totals.passed += numPassedTests;
  totals.failed += numFailedTests;
  totals.skipped += numPendingTests;
}
// The plain closing line CI reads.
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(status);
