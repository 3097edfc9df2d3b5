#!/usr/bin/env node
// Run after `npm install` (postinstall, after the web build): prepares the embedded database the first `npm start`
// would create — migrated, demo loaded — so that the first start only opens it (decision 0018). Never fails the
// install: whatever goes wrong, the data directory is left as it was and the first start does the work itself.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(import.meta.dirname, '..');

/** Why nothing is prepared in this environment, or null. */
export function skipReason(env) {
  if (env.JINGUO_SKIP_PREPARE === '1') return 'JINGUO_SKIP_PREPARE=1';
  if (env.DATABASE_URL) return 'DATABASE_URL is set: the first start migrates PostgreSQL and loads the demo there';
  if ((env.JINGUO_MODE ?? 'demo') !== 'demo') return 'JINGUO_MODE is not demo: production loads no demo';
  // a key given at install need not be the key given at start: the first start uses the operator's key
  if (env.JINGUO_DATA_KEY) return 'JINGUO_DATA_KEY is set';
  return null;
}

export function prepareData(env = process.env) {
  const dataDir = resolve(env.JINGUO_DATA_DIR ?? join(root, 'data'));
  const skip = skipReason(env) ?? (existsSync(dataDir) ? `${dataDir} exists already` : null);
  if (skip) {
    console.log(`[jinguo] demo data not prepared at install (${skip})`);
    return 0;
  }
  console.log('[jinguo] preparing the demo database (what the first start would do)…');
  const staging = `${dataDir}.preparing`;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'apps/server/src/demo/prepare.main.ts'), staging],
    { cwd: root, stdio: 'inherit', env: { ...env, LOG_LEVEL: 'silent' }, timeout: 600_000 },
  );
  if (r.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    console.log('[jinguo] demo data not prepared at install; the first `npm start` loads it');
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(prepareData());
