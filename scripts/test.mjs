#!/usr/bin/env node
// `npm test`: lint and typecheck, then every Vitest project — unit, integration on PGlite, integration on PostgreSQL,
// browser flows in Debian's Chromium. PostgreSQL: JINGUO_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args, opts = {}) => {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// The formatter first (Prettier, .prettierrc.json: 120 columns), then type-aware lint (eslint.config.js): floating promises, non-exhaustive switches, \`any\`.
run('npx', ['prettier', '--check', '--log-level', 'warn', '.']);
run('npx', ['eslint', '--max-warnings', '0', '.']);
run('npx', ['tsc', '-p', 'packages/contracts']);
run('npx', ['tsc', '-p', 'apps/server']);
if (existsSync(resolve(root, 'apps/web/tsconfig.json'))) run('npx', ['tsc', '-p', 'apps/web']);
// The browser tests serve the built web app.
run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: resolve(root, 'apps/web') });
if (!existsSync('/usr/bin/chromium')) {
  console.error('Debian chromium is missing (/usr/bin/chromium): apt-get install chromium fonts-noto-cjk');
  process.exit(1);
}
// Two passes. The database tests first, two files at a time: a PGlite file keeps one core busy, a PostgreSQL file
// shares it with the server, so two workers use both cores (Vitest's default on two cores is one worker, 9.5 min
// instead of 6.3). The browser flows after them, one file at a time, on a quiet machine: their server runs on the
// embedded database, which serves one query at a time, and a flow waits for what a person would wait for.
const passes = [
  { name: 'database', projects: ['unit', 'int-pglite', 'int-postgres'], args: ['--maxWorkers', '2'] },
  { name: 'browser', projects: ['browser'], args: [] },
];
const totals = { passed: 0, failed: 0, skipped: 0 };
let status = 0;
for (const pass of passes) {
  const report = resolve(root, `test-results/vitest-${pass.name}.json`);
  rmSync(report, { force: true });
  const r = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      ...pass.projects.flatMap((p) => ['--project', p]),
      ...pass.args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) status = r.status ?? 1;
  if (existsSync(report)) {
    const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += numPassedTests;
    totals.failed += numFailedTests;
    totals.skipped += numPendingTests;
  } else if (status === 0) status = 1;
}
// The plain closing line CI reads.
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(status);
