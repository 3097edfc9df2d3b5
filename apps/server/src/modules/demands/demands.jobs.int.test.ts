// The sweeper runs as a periodic job: no request, no page open, and it carries on after the process stops or dies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../demo/chongqing.js';
import { loadConfig } from '../../platform/config.js';
import { runAsSystem, systemActor } from '../../platform/scope.js';
import { chinaToday, openPlatform, type Platform } from '../../platform.js';
import { PG_ADMIN_URL, SMALL_DIVISIONS, TEST_DB } from '../../../test/harness.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jinguo-sweeper-'));
let databaseUrl: string | null = null;
const dbName = `jinguo_t_sweep_${process.pid}_${Date.now()}`;

async function life(): Promise<Platform> {
  const config = loadConfig({
    databaseUrl,
    dataDir,
    webDistDir: '/nonexistent',
    sessionCacheMs: 0,
    logLevel: 'silent',
  });
  return openPlatform(config, { dataDirForDb: databaseUrl ? null : dataDir });
}

async function q<T>(p: Platform, text: string, params: unknown[] = []): Promise<T[]> {
  return p.handle.pglite
    ? (await p.handle.pglite.query<T>(text, params)).rows
    : ((await p.handle.pool!.query(text, params)).rows as T[]);
}

/** An overdue demand of 驷马社区, as if nobody had answered it in time. */
async function overdueDemand(p: Platform, title: string): Promise<number> {
  const [org] = await q<{ id: number }>(p, `select id from organizations where code = '500154001001'`);
  const d = await runAsSystem(p.handle, systemActor('test'), (s) =>
    p.modules.demands.intake.createDemand(s, {
      orgId: Number(org!.id),
      source: 'hotline_12338',
      category: 'hardship_aid',
      urgency: 'ordinary',
      title,
      description: '无人处理的来电',
    }),
  );
  // Fixed, overdue deadlines: a deadline counted into a year whose holidays are not loaded is provisional, and the
  // process's first sweep would count it again from the demand's receipt (late December, until next year ships).
  await q(
    p,
    `update demands set feedback_due_at = now() - interval '1 hour', next_escalation_at = now() - interval '1 hour',
       deadlines_provisional = false where id = $1`,
    [d.id],
  );
  return d.id;
}

async function until(what: string, check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const level = async (p: Platform, id: number) =>
  Number((await q<{ l: number }>(p, 'select escalation_level as l from demands where id = $1', [id]))[0]!.l);

beforeAll(async () => {
  process.env.JINGUO_DEMANDS_SWEEP_SECONDS = '1';
  process.env.JINGUO_JOBS_POLL_MS = '100';
  process.env.JINGUO_JOBS_SWEEP_MS = '500';
  process.env.JINGUO_JOBS_ORPHAN_GRACE_S = '1';
  if (TEST_DB === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const p = await life();
  await loadDemoData(p.handle, { crypto: p.crypto, today: chinaToday, divisionsFile: SMALL_DIVISIONS });
  await p.close();
});

afterAll(async () => {
  for (const k of [
    'JINGUO_DEMANDS_SWEEP_SECONDS',
    'JINGUO_JOBS_POLL_MS',
    'JINGUO_JOBS_SWEEP_MS',
    'JINGUO_JOBS_ORPHAN_GRACE_S',
  ])
    delete process.env[k];
  rmSync(dataDir, { recursive: true, force: true });
  if (TEST_DB === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});

describe('the deadline sweeper as a background job', () => {
  it('escalates with nobody on any page, and again after a restart and after a crash', async () => {
    const first = await life();
    const d1 = await overdueDemand(first, '第一次启动时超期');
    await first.jobs.start();
    await until('the first escalation', async () => (await level(first, d1)) === 1);
    await first.close(); // a graceful stop

    const second = await life();
    const d2 = await overdueDemand(second, '重启后超期');
    await second.jobs.start();
    await until('the escalation after a restart', async () => (await level(second, d2)) === 1);
    await second.jobs.kill(); // the process dies without a word
    await second.close();

    const third = await life();
    const d3 = await overdueDemand(third, '崩溃后超期');
    await third.jobs.start();
    await until('the escalation after a crash', async () => (await level(third, d3)) === 1);
    const events = await q<{ actor_name: string }>(
      third,
      `select actor_name from demand_events where action = 'escalate' and demand_id = any($1::bigint[])`,
      [[d1, d2, d3]],
    );
    expect(events.map((e) => e.actor_name)).toEqual([
      'system:demands-sweeper',
      'system:demands-sweeper',
      'system:demands-sweeper',
    ]);
    // escalated once each, whatever the number of passes and lives
    expect(
      Number(
        (
          await q<{ n: number }>(
            third,
            'select count(*)::int as n from demand_escalations where demand_id = any($1::bigint[])',
            [[d1, d2, d3]],
          )
        )[0]!.n,
      ),
    ).toBe(3);
    await third.close();
  }, 90_000);
});
