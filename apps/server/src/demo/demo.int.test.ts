import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../platform/config.js';
import { openPlatform, type Platform } from '../platform.js';
import { queryRows } from '../platform/db/client.js';
import { writeSetting } from '../platform/settings.repository.js';
import { sql } from 'drizzle-orm';
import { PG_ADMIN_URL, SMALL_DIVISIONS, TEST_DB } from '../../test/harness.js';
import { loadDemoData } from './chongqing.js';

let platform: Platform;
let dir: string;
let dbName: string | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jinguo-demo-'));
  let databaseUrl: string | null = null;
  if (TEST_DB === 'postgres') {
    dbName = `jinguo_t_demo_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  platform = await openPlatform(loadConfig({ databaseUrl, dataDir: dir, logLevel: 'silent', webDistDir: '/none' }), {
    dataDirForDb: null,
  });
});
afterAll(async () => {
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
  if (dbName) {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});

describe('demo data', () => {
  it('is never loaded into a database initialised for production (its accounts share a public password)', async () => {
    await writeSetting(platform.handle.db, 'production_initialised', { at: new Date().toISOString() });
    await expect(
      loadDemoData(platform.handle, {
        crypto: platform.crypto,
        today: () => '2026-11-26',
        divisionsFile: SMALL_DIVISIONS,
      }),
    ).rejects.toThrow(/production/);
    const [users] = await queryRows<{ n: number }>(platform.handle.db, sql`select count(*)::int as n from users`);
    expect(Number(users!.n)).toBe(0);
  });
});
