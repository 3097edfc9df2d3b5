#!/usr/bin/env node
// Builds the web app when its sources are newer than the build (or there is none). Run after `npm install`
// (postinstall), so that the first `npm start` only starts the server; `npm start` and `npm test` run it again, which
// costs nothing when the build is current.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const web = join(root, 'apps/web');
const dist = join(web, 'dist/index.html');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The web build's sources: the app, its entry pages and the shared contracts. */
function sourcesChangedAt() {
  return Math.max(
    newest(join(web, 'src')),
    statSync(join(web, 'index.html')).mtimeMs,
    statSync(join(web, 'h5.html')).mtimeMs,
    newest(join(root, 'packages/contracts/src')),
  );
}

/** Builds when stale; returns the exit code (0 when the build is current). */
export function buildWebIfStale() {
  if (existsSync(dist) && statSync(dist).mtimeMs >= sourcesChangedAt()) return 0;
  console.log('[jinguo] building the web app…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  return r.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(buildWebIfStale());
