import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_ADMIN_URL, TEST_DB } from '../../../test/harness.js';
import { openDatabase, queryRows, type DbHandle } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import { createJobs, type JobContext, type Jobs } from './jobs.js';

let handle: DbHandle;
let dbName: string | null = null;
const runners: Jobs[] = [];

beforeAll(async () => {
  let databaseUrl: string | null = null;
  if (TEST_DB === 'postgres') {
    dbName = `jinguo_jobs_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  handle = await openDatabase({ databaseUrl, dataDir: null });
  await applyMigrations(handle);
  await handle.exec('create table job_test_units (job text not null, unit int not null, primary key (job, unit))');
});

afterAll(async () => {
  for (const r of runners) await r.stop({ timeoutMs: 2000 });
  await handle?.close();
  if (dbName) {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});

function runner() {
  const r = createJobs({ handle, pollIntervalMs: 50, sweepIntervalMs: 200, orphanGraceSeconds: 0, log: () => {} });
  runners.push(r);
  return r;
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const units = async (job: string) =>
  (
    await queryRows<{ unit: number }>(handle.db, sql`select unit from job_test_units where job = ${job} order by unit`)
  ).map((r) => Number(r.unit));

/** Work in units, each committed with its progress (the pattern import jobs follow). */
function unitHandler(total: number, onUnit?: (job: JobContext<{ key: string }>, unit: number) => Promise<void>) {
  return async (job: JobContext<{ key: string }>) => {
    for (;;) {
      job.signal.throwIfAborted();
      const done = await units(job.data.key);
      const next = done.length;
      if (next >= total) return;
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into job_test_units (job, unit) values (${job.data.key}, ${next})`);
      });
      await onUnit?.(job, next);
    }
  };
}

describe('job runner over pg-boss', () => {
  it('runs a job and completes it', async () => {
    const r = runner();
    r.register('t-basic', unitHandler(3));
    await r.start();
    const id = await r.send('t-basic', { key: 'basic' });
    await until('completion', async () => (await r.get('t-basic', id))?.state === 'completed');
    expect(await units('basic')).toEqual([0, 1, 2]);
    await r.stop();
  });

  it('enqueues inside a scoped transaction only if it commits', async () => {
    const r = runner();
    const seen: string[] = [];
    r.register<{ key: string }>('t-tx', async (job) => void seen.push(job.data.key));
    await r.ready();
    await handle.db
      .transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'jinguo_app', true)`);
        await r.send('t-tx', { key: 'rolled-back' }, { tx });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const committed = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'jinguo_app', true)`);
      const id = await r.send('t-tx', { key: 'committed' }, { tx });
      const [role] = await queryRows<{ role: string }>(tx, sql`select current_setting('role') as role`);
      expect(role!.role).toBe('jinguo_app'); // the request's role is back after the enqueue
      return id;
    });
    await r.start();
    await until('completion', async () => (await r.get('t-tx', committed))?.state === 'completed');
    expect(seen).toEqual(['committed']);
    await r.stop();
  });

  it('retries a failing job and reports a job that failed for good', async () => {
    const r = runner();
    let calls = 0;
    const failed: string[] = [];
    r.register<{ key: string }>(
      't-retry',
      async (job) => {
        calls++;
        if (job.data.key === 'always' || job.attempt < 2) throw new Error(`boom ${job.attempt}`);
      },
      {
        retryLimit: 1,
        retryDelaySeconds: 1,
        onFailed: async (data, error) => void failed.push(`${data.key}: ${error}`),
      },
    );
    await r.start();
    const ok = await r.send('t-retry', { key: 'once' });
    await until('retry success', async () => (await r.get('t-retry', ok))?.state === 'completed');
    const bad = await r.send('t-retry', { key: 'always' });
    // the owner is told right after the job is marked failed for good: a read can come between the two
    await until(
      'final failure, reported',
      async () => (await r.get('t-retry', bad))?.state === 'failed' && failed.length > 0,
    );
    expect(failed).toEqual(['always: boom 2']);
    expect(calls).toBe(4);
    await r.stop();
  });

  it('recovers a job whose process died mid-way and finishes it from where it was', async () => {
    const r = runner();
    let killed = false;
    r.register(
      't-crash',
      unitHandler(5, async (job, unit) => {
        if (unit === 1 && !killed) {
          killed = true;
          await r.kill(); // the process dies right after committing unit 1
          job.signal.throwIfAborted();
        }
      }),
    );
    await r.start();
    const id = await r.send('t-crash', { key: 'crash' });
    await until('the crash', async () => killed);
    expect((await r.get('t-crash', id))?.state).toBe('active'); // nobody completed, failed or released it
    expect(await units('crash')).toEqual([0, 1]);
    await r.start(); // the next life of the process
    await until('completion after restart', async () => (await r.get('t-crash', id))?.state === 'completed');
    expect(await units('crash')).toEqual([0, 1, 2, 3, 4]);
    expect((await r.get('t-crash', id))?.retryCount).toBe(1);
    await r.stop();
  });

  it('a graceful stop hands the running job back to the queue without counting an attempt', async () => {
    const r = runner();
    let started = 0;
    r.register(
      't-stop',
      unitHandler(4, async (job, unit) => {
        if (unit === 0 && started++ === 0) await until('abort', async () => job.signal.aborted);
      }),
    );
    await r.start();
    const id = await r.send('t-stop', { key: 'stop' });
    await until('first unit', async () => (await units('stop')).length === 1);
    await r.stop();
    expect(['retry', 'created']).toContain((await r.get('t-stop', id))?.state);
    await r.start();
    await until('completion', async () => (await r.get('t-stop', id))?.state === 'completed');
    expect(await units('stop')).toEqual([0, 1, 2, 3]);
    expect((await r.get('t-stop', id))?.retryCount).toBe(0);
    await r.stop();
  });
});

describe('periodic jobs', () => {
  const waiting = async (name: string) =>
    Number(
      (
        await queryRows<{ n: number }>(
          handle.db,
          sql`select count(*)::int as n from pgboss.job where name = ${name} and state::text in ('created', 'retry')`,
        )
      )[0]!.n,
    );

  it('run again and again with nobody asking, as one chain even with two runners on the database', async () => {
    const runs: number[] = [];
    const a = runner();
    const b = runner();
    for (const r of [a, b]) r.every('t-periodic', 1, async () => void runs.push(Date.now()));
    await a.start();
    await b.start();
    await until('three runs', async () => runs.length >= 3, 15_000);
    // Never more than one run waiting: the two runners share one chain.
    expect(await waiting('t-periodic')).toBeLessThanOrEqual(1);
    const gaps = runs.slice(1).map((t, i) => t - runs[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(800); // about every second, not in a burst
    await a.stop();
    await b.stop();
  });

  it('survive a crash: the chain goes on after a restart, and a failing run does not end it', async () => {
    let calls = 0;
    const first = runner();
    first.every(
      't-periodic-crash',
      1,
      async (job) => {
        calls++;
        if (calls === 1) throw new Error('a bad pass');
        await new Promise((r) => setTimeout(r, 200));
        job.signal.throwIfAborted();
      },
      { retryLimit: 0 },
    );
    await first.start();
    await until('a second run after the failed first', async () => calls >= 2, 15_000);
    await first.kill(); // the process dies
    const before = calls;
    const second = runner();
    second.every('t-periodic-crash', 1, async () => void calls++);
    await second.start();
    await until('runs after the restart', async () => calls >= before + 2, 15_000);
    expect(await waiting('t-periodic-crash')).toBeLessThanOrEqual(1);
    await second.stop();
  });
});
