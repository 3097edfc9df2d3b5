// Once per `vitest run` and integration project: a run directory that the test files share through inject(): the
// field-encryption key every test platform uses (templates hold data encrypted with it) and the PGlite template
// dumps (templates.ts). At the end the directory goes, and so do the PostgreSQL templates this run built.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run directory (templates.ts): absent when a file runs without this global setup. */
    jinguoTestRun: string;
  }
}

export default function setup(project: TestProject) {
  const runDir = join(tmpdir(), `jinguo-run-${randomBytes(6).toString('hex')}`);
  mkdirSync(join(runDir, 'keys'), { recursive: true });
  writeFileSync(join(runDir, 'keys', 'data.key'), randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  project.provide('jinguoTestRun', runDir);
  return async () => {
    // templates.ts leaves a marker per PostgreSQL template it built: drop those (a run on PGlite never connects)
    const built = readdirSync(runDir).filter((f) => f.endsWith('.pg-template'));
    if (built.length) {
      const admin = new pg.Client({ connectionString: process.env.JINGUO_TEST_PG_URL ?? PG_ADMIN_URL_DEFAULT });
      await admin.connect();
      try {
        for (const f of built)
          await admin.query(`drop database if exists ${f.replace(/\.pg-template$/, '')} with (force)`);
      } finally {
        await admin.end();
      }
    }
    rmSync(runDir, { recursive: true, force: true });
  };
}

const PG_ADMIN_URL_DEFAULT = 'postgres://postgres@127.0.0.1:5432/test';
