#!/usr/bin/env node
// `npm start`: builds the web app if its sources are newer than the build (npm install built it already), then runs
// the server (demo mode on embedded PGlite under ./data by default; DATABASE_URL for PostgreSQL).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildWebIfStale } from './web-build.mjs';

const root = resolve(import.meta.dirname, '..');
const built = buildWebIfStale();
if (built !== 0) process.exit(built);
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
