#!/usr/bin/env node
// `npm test`: lint and typecheck, then every Vitest project — unit, integration on PGlite, integration on PostgreSQL,
// browser flows in Debian's Chromium. PostgreSQL: JINGUO_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args, opts = {}) => {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Type-aware lint first (eslint.config.js): floating promises, non-exhaustive switches, \`any\`.
run('npx', ['eslint', '--max-warnings', '0', '.']);
run('npx', ['tsc', '-p', 'packages/contracts']);
run('npx', ['tsc', '-p', 'apps/server']);
if (existsSync(resolve(root, 'apps/web/tsconfig.json'))) run('npx', ['tsc', '-p', 'apps/web']);
// The browser tests serve the built web app.
run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: resolve(root, 'apps/web') });
const projects = ['unit', 'int-pglite', 'int-postgres', 'browser'];
if (!existsSync('/usr/bin/chromium')) {
  console.error('Debian chromium is missing (/usr/bin/chromium): apt-get install chromium fonts-noto-cjk');
  process.exit(1);
}
const report = resolve(root, 'test-results/vitest.json');
const r = spawnSync('npx', ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: root, stdio: 'inherit' });
if (existsSync(report)) {
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report, 'utf8'));
  // The plain closing line CI reads.
  console.log(`\n${numPassedTests} passed, ${numFailedTests} failed${numPendingTests ? `, ${numPendingTests} skipped` : ''}`);
}
process.exit(r.status ?? 1);
