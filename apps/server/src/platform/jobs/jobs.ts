import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { sql } from 'drizzle-orm';
import { queryRows, type DbHandle, type Queryable } from '../db/client.js';
import { bossDbFor, bossDbInTransaction, type BossDb } from './boss-db.js';

/**
 * Background jobs over pg-boss 10 (docs/decisions/0004-jobs.md). pg-boss keeps the queue in the database — natively on
 * PostgreSQL, through a small adapter on PGlite — and gives us enqueueing inside a transaction, FOR UPDATE SKIP LOCKED
 * fetching, retries with backoff and archiving. The runner around it adds what pg-boss 10 lacks:
 *
 * - **an abort signal** per job, so a handler stops between units of work when the process shuts down;
 * - **orphan recovery**: a job left `active` by a process that died is failed back into `retry` (pg-boss itself would
 *   wait for the job's expiry, hours for an import). On PostgreSQL the runner holds a session advisory lock on a
 *   dedicated connection for every job it runs; the lock dies with the process, so a job whose lock can be taken has no
 *   live worker. PGlite is one connection in one process: a job not run by this process has no worker at all.
 *
 * Handlers must be idempotent per unit of work (commit each unit with its progress): a job can be run again after a
 * crash, and — in the rare race of a stale takeover — twice.
 */

export const BOSS_SCHEMA = 'pgboss';
const LOCK_CLASS = 727103;

export interface JobContext<T> {
  id: string;
  name: string;
  data: T;
  /** 1 on the first run; grows with each retry and each recovery after a crash. */
  attempt: number;
  /** No retry follows if this attempt fails. */
  lastAttempt: boolean;
  /** Aborted when the runner stops: finish the current unit of work, then throw (`signal.throwIfAborted()`). */
  signal: AbortSignal;
}
export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface QueueOptions<T> {
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Jobs of this queue run at once in one process. */
  concurrency?: number;
  /** Called once a job has failed for good (retries exhausted), so the owner can record it. */
  onFailed?: (data: T, error: string) => Promise<void>;
}

export interface JobsOptions {
  handle: DbHandle;
  pollIntervalMs?: number;
  /** How often active jobs are checked for a dead worker. */
  sweepIntervalMs?: number;
  /** PostgreSQL: a job fetched this recently is never taken for an orphan (its worker may not hold its lock yet). */
  orphanGraceSeconds?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface JobInfo {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retryCount: number;
  output: unknown;
}

export interface Jobs {
  register<T>(name: string, handler: JobHandler<T>, opts?: QueueOptions<T>): void;
  /**
   * A periodic job (sweepers, outbox delivery): runs about every `seconds`, with nobody on any page, across restarts.
   * One chain per database: each run queues the next when it ends (also after its final failure), and start()
   * queues a first run when none is queued or running (after a crash, the orphaned run is recovered and retried).
   */
  every(
    name: string,
    seconds: number,
    handler: JobHandler<Record<string, never>>,
    opts?: Omit<QueueOptions<Record<string, never>>, 'onFailed'>,
  ): void;
  /**
   * Installs pg-boss's schema and the registered queues (idempotent). Call before sending inside a PGlite transaction.
   */
  ready(): Promise<void>;
  /** Enqueues a job; with `tx` it is enqueued only if that transaction commits. Returns the job id. */
  send<T>(name: string, data: T, opts?: { tx?: Queryable }): Promise<string>;
  /** Polls a queue now instead of at its next interval. */
  wake(name?: string): void;
  /** Starts working the registered queues; first recovers jobs orphaned by a dead process. */
  start(): Promise<void>;
  /** Graceful stop: handlers are aborted and awaited; their jobs go back to the queue at once. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
  /** Test aid: stops as if the process had died — no job is completed, failed or released; the liveness locks drop. */
  kill(): Promise<void>;
  get(name: string, id: string): Promise<JobInfo | null>;
  readonly started: boolean;
}

interface Queue {
  name: string;
  handler: JobHandler<unknown>;
  opts: Required<Pick<QueueOptions<unknown>, 'retryLimit' | 'retryDelaySeconds' | 'concurrency'>> & {
    onFailed?: QueueOptions<unknown>['onFailed'];
  };
  created: Promise<void> | null;
}

interface Running {
  queue: string;
  ac: AbortController;
  done: Promise<void>;
}

/** One life of the runner, from start() to stop() or kill(): a killed life never writes again. */
interface Incarnation {
  id: string;
  alive: boolean;
  stopping: boolean;
  running: Map<string, Running>;
  loops: Promise<void>[];
  wakers: Map<string, () => void>;
  /** PostgreSQL: the connection holding one advisory lock per running job. */
  live: pg.PoolClient | null;
  /** One query at a time on `live`. */
  liveChain: Promise<unknown>;
  /**
   * Serialises fetching (fetch + register) with the orphan sweep, so a job just fetched is never taken for an orphan.
   */
  mutex: Promise<unknown>;
}

/**
 * Job ids run by live runners of this process, per database (PGlite's whole world is this process) → the runner's life.
 */
const runningHere = new WeakMap<DbHandle, Map<string, string>>();

export class JobAbortedError extends Error {
  constructor() {
    super('job aborted: the runner is stopping');
  }
}

export function createJobs(options: JobsOptions): Jobs {
  const { handle } = options;
  const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  const pollMs = options.pollIntervalMs ?? env('JINGUO_JOBS_POLL_MS', 1000);
  const sweepMs = options.sweepIntervalMs ?? env('JINGUO_JOBS_SWEEP_MS', 15_000);
  const graceSeconds = options.orphanGraceSeconds ?? env('JINGUO_JOBS_ORPHAN_GRACE_S', 10);
  const log = options.log ?? ((m: string, e?: unknown) => console.error(`[jobs] ${m}`, e ?? ''));
  const db: BossDb = bossDbFor(handle);
  const boss = new PgBoss({
    db,
    schema: BOSS_SCHEMA,
    schedule: false,
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: 300,
    archiveCompletedAfterSeconds: 3600,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (err: unknown) => log('pg-boss error', err));
  const queues = new Map<string, Queue>();
  const periodic = new Map<string, number>();
  let readyPromise: Promise<void> | null = null;
  let bossStarted = false;
  let current: Incarnation | null = null;
  if (!runningHere.has(handle)) runningHere.set(handle, new Map());
  const here = runningHere.get(handle)!;

  const createQueue = (q: Queue) =>
    (q.created ??= boss
      .createQueue(q.name, {
        name: q.name,
        policy: 'standard',
        retryLimit: q.opts.retryLimit,
        retryDelay: q.opts.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: 23 * 3600,
      } as PgBoss.Queue)
      .catch((err: unknown) => {
        q.created = null;
        throw err;
      }));

  function ready(): Promise<void> {
    readyPromise ??= (async () => {
      await boss.start();
      bossStarted = true;
      for (const q of queues.values()) await createQueue(q);
    })().catch((err: unknown) => {
      readyPromise = null;
      throw err;
    });
    return readyPromise;
  }

  function queueOf(name: string): Queue {
    const q = queues.get(name);
    if (!q) throw new Error(`no job queue named ${name} is registered`);
    return q;
  }

  function withMutex<T>(inc: Incarnation, fn: () => Promise<T>): Promise<T> {
    const next = inc.mutex.then(fn, fn);
    inc.mutex = next.catch(() => undefined);
    return next;
  }

  /** A query on the liveness connection, one at a time; `null` on PGlite or once the connection is gone. */
  function liveQuery(inc: Incarnation, text: string, values: unknown[]): Promise<boolean | null> {
    const run = async () => {
      if (!inc.live) return null;
      const r = await inc.live.query<{ ok: boolean | null }>(text, values);
      return r.rows[0]?.ok ?? null;
    };
    const next = inc.liveChain.then(run, run);
    inc.liveChain = next.catch(() => undefined);
    return next;
  }

  function sleep(inc: Incarnation, name: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        if (inc.wakers.get(name) === done) inc.wakers.delete(name);
        resolve();
      }
      inc.wakers.set(name, done);
    });
  }

  /** Back to the queue without counting an attempt (graceful shutdown). */
  async function release(name: string, id: string) {
    await db.executeSql(
      `update ${BOSS_SCHEMA}.job set state = 'retry', start_after = now(), started_on = null where name = $1 and id = $2 and state = 'active'`,
      [name, id],
    );
  }

  async function fail(q: Queue, id: string, data: unknown, err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    await boss.fail(q.name, id, { message, ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) });
    const job = await boss.getJobById(q.name, id);
    if (job?.state === 'failed' && q.opts.onFailed) {
      try {
        await q.opts.onFailed(data ?? job.data, message);
      } catch (e) {
        log(`onFailed of ${q.name} ${id} failed`, e);
      }
    }
  }

  function launch(inc: Incarnation, q: Queue, raw: PgBoss.JobWithMetadata<unknown>) {
    const ac = new AbortController();
    const entry: Running = { queue: q.name, ac, done: Promise.resolve() };
    inc.running.set(raw.id, entry);
    here.set(raw.id, inc.id);
    entry.done = (async () => {
      let locked = false;
      try {
        if (inc.live) {
          locked =
            (await liveQuery(inc, 'select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, raw.id])) ===
            true;
          // Another live process holds it: the job was taken for an orphan while still running there. Leave it be.
          if (!locked) return;
        }
        await q.handler({
          id: raw.id,
          name: q.name,
          data: raw.data,
          attempt: raw.retryCount + 1,
          lastAttempt: raw.retryCount >= raw.retryLimit,
          signal: ac.signal,
        });
        if (inc.alive) await boss.complete(q.name, raw.id);
      } catch (err) {
        if (!inc.alive) return; // the process "died": the job stays active until a sweep recovers it
        try {
          if (ac.signal.aborted) await release(q.name, raw.id);
          else await fail(q, raw.id, raw.data, err);
        } catch (e) {
          log(`could not record the end of job ${q.name} ${raw.id}`, e);
        }
      } finally {
        inc.running.delete(raw.id);
        // A later life may have picked the job up again meanwhile: only this life's claim is dropped.
        if (here.get(raw.id) === inc.id) here.delete(raw.id);
        if (locked && inc.alive)
          await liveQuery(inc, 'select pg_advisory_unlock($1, hashtext($2)) as ok', [LOCK_CLASS, raw.id]).catch(
            () => undefined,
          );
        inc.wakers.get(q.name)?.();
      }
    })();
  }

  async function loop(inc: Incarnation, q: Queue) {
    while (inc.alive && !inc.stopping) {
      try {
        let busy = 0;
        for (const r of inc.running.values()) if (r.queue === q.name) busy++;
        if (busy < q.opts.concurrency) {
          const fetched = await withMutex(inc, async () => {
            const [job] = (await boss.fetch(q.name, {
              batchSize: 1,
              includeMetadata: true,
            })) as PgBoss.JobWithMetadata<unknown>[];
            if (!job) return false;
            if (!inc.alive) return false; // killed meanwhile: the job stays active, as after a crash
            if (inc.stopping) {
              await release(q.name, job.id);
              return false;
            }
            launch(inc, q, job);
            return true;
          });
          if (fetched) continue;
        }
      } catch (err) {
        if (inc.alive) log(`polling ${q.name} failed`, err);
      }
      await sleep(inc, q.name, pollMs);
    }
  }

  /** Active jobs of our queues whose worker is gone go back to `retry` (counting as an attempt). */
  async function sweep(inc: Incarnation) {
    const names = [...queues.keys()];
    if (!names.length || !inc.alive) return;
    await withMutex(inc, async () => {
      const { rows } = await db.executeSql(
        `select id, name, data from ${BOSS_SCHEMA}.job where name = any($1::text[]) and state = 'active'${inc.live ? ` and started_on < now() - make_interval(secs => $2)` : ''}`,
        inc.live ? [names, graceSeconds] : [names],
      );
      for (const r of rows as { id: string; name: string; data: unknown }[]) {
        if (!inc.alive || here.has(r.id)) continue;
        if (inc.live) {
          const got = await liveQuery(inc, 'select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, r.id]);
          if (got !== true) continue; // a live worker elsewhere holds it
          await liveQuery(inc, 'select pg_advisory_unlock($1, hashtext($2)) as ok', [LOCK_CLASS, r.id]);
        }
        log(`recovering job ${r.name} ${r.id}: its worker stopped before finishing`);
        await fail(
          queueOf(r.name),
          r.id,
          r.data,
          new Error('the worker running this job stopped before finishing (crash or restart)'),
        );
      }
    });
  }

  async function sweeper(inc: Incarnation) {
    while (inc.alive && !inc.stopping) {
      await sleep(inc, '\u0000sweep', sweepMs);
      if (!inc.alive || inc.stopping) break;
      try {
        await sweep(inc);
        for (const w of [...inc.wakers.values()]) w();
      } catch (err) {
        if (inc.alive) log('orphan sweep failed', err);
      }
    }
  }

  async function endIncarnation(inc: Incarnation, destroyConnection: boolean) {
    inc.alive = false;
    for (const w of [...inc.wakers.values()]) w();
    for (const id of inc.running.keys()) if (here.get(id) === inc.id) here.delete(id);
    if (inc.live) {
      inc.live.release(destroyConnection ? true : undefined);
      inc.live = null;
    }
    if (current === inc) current = null;
  }

  /** Queues the next run of a periodic job unless one is already queued (ignoring `except`, the run now ending). */
  async function chainNext(name: string, seconds: number, except: string | null, alsoActive: boolean) {
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(${`periodic:${name}`}))`);
      const states = alsoActive ? sql`('created', 'retry', 'active')` : sql`('created', 'retry')`;
      const waiting = await queryRows<{ id: string }>(
        tx,
        sql`select id::text as id from ${sql.raw(BOSS_SCHEMA)}.job
        where name = ${name} and state::text in ${states} and id::text <> ${except ?? ''} limit 1`,
      );
      if (waiting.length) return;
      // A Date, not a number of seconds: pg-boss's "now() + interval" branch fails under a custom plan on PGlite.
      await boss.send(name, {}, {
        db: bossDbInTransaction(tx),
        ...(seconds > 0 ? { startAfter: new Date(Date.now() + seconds * 1000) } : {}),
      } as PgBoss.SendOptions);
    });
  }

  return {
    get started() {
      return current !== null;
    },

    register(name, handler, opts = {}) {
      if (queues.has(name)) throw new Error(`job queue ${name} is already registered`);
      const q: Queue = {
        name,
        handler: handler as JobHandler<unknown>,
        created: null,
        opts: {
          retryLimit: opts.retryLimit ?? 5,
          retryDelaySeconds: opts.retryDelaySeconds ?? 2,
          concurrency: opts.concurrency ?? 1,
          onFailed: opts.onFailed as QueueOptions<unknown>['onFailed'],
        },
      };
      queues.set(name, q);
      if (bossStarted) void createQueue(q).catch((err: unknown) => log(`creating queue ${name} failed`, err));
      if (current) current.loops.push(loop(current, q));
    },

    every(name, seconds, handler, opts = {}) {
      if (!(seconds > 0)) throw new Error(`a periodic job needs a positive interval, got ${seconds}`);
      periodic.set(name, seconds);
      this.register<Record<string, never>>(
        name,
        async (job) => {
          await handler(job);
          await chainNext(name, seconds, job.id, false);
        },
        {
          retryLimit: 2,
          retryDelaySeconds: Math.min(60, seconds),
          ...opts,
          onFailed: async () => {
            await chainNext(name, seconds, null, false);
          },
        },
      );
    },

    ready,

    async send(name, data, opts = {}) {
      const q = queueOf(name);
      if (opts.tx && !bossStarted)
        throw new Error('jobs.ready() must have completed before sending inside a transaction');
      await ready();
      await createQueue(q);
      const id = await boss.send(
        name,
        data as object,
        opts.tx ? ({ db: bossDbInTransaction(opts.tx) } as PgBoss.SendOptions) : {},
      );
      if (!id) throw new Error(`job ${name} was not enqueued`);
      if (!opts.tx) current?.wakers.get(name)?.();
      return id;
    },

    wake(name) {
      if (!current) return;
      if (name) current.wakers.get(name)?.();
      else for (const w of [...current.wakers.values()]) w();
    },

    async start() {
      if (current) return;
      await ready();
      const inc: Incarnation = {
        id: randomUUID(),
        alive: true,
        stopping: false,
        running: new Map(),
        loops: [],
        wakers: new Map(),
        live: null,
        liveChain: Promise.resolve(),
        mutex: Promise.resolve(),
      };
      if (handle.pool) inc.live = await handle.pool.connect();
      current = inc;
      try {
        await sweep(inc);
      } catch (err) {
        log('orphan sweep at start failed', err);
      }
      for (const name of periodic.keys()) {
        try {
          await createQueue(queueOf(name));
          await chainNext(name, 0, null, true); // first run now; later ones every `seconds`
        } catch (err) {
          log(`could not queue the periodic job ${name}`, err);
        }
      }
      inc.loops = [...queues.values()].map((q) => loop(inc, q));
      inc.loops.push(sweeper(inc));
    },

    async stop(opts = {}) {
      const inc = current;
      if (inc) {
        inc.stopping = true;
        for (const r of inc.running.values()) r.ac.abort(new JobAbortedError());
        for (const w of [...inc.wakers.values()]) w();
        const all = Promise.all([...inc.running.values()].map((r) => r.done));
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          all.then(() => false),
          new Promise<boolean>((r) => (timer = setTimeout(() => r(true), opts.timeoutMs ?? 30_000))),
        ]);
        clearTimeout(timer);
        if (timedOut) log('stopping: some jobs did not finish in time; they will be recovered at the next start');
        await Promise.all(inc.loops.map((l) => l.catch(() => undefined)));
        await endIncarnation(inc, false);
      }
      if (bossStarted) {
        await boss.stop({ graceful: false, close: false, wait: true });
        bossStarted = false;
        readyPromise = null;
        for (const q of queues.values()) q.created = null;
      }
    },

    async kill() {
      const inc = current;
      if (!inc) return;
      for (const r of inc.running.values()) r.ac.abort(new JobAbortedError());
      await endIncarnation(inc, true);
    },

    async get(name, id) {
      await ready();
      const job = await boss.getJobById(name, id, { includeArchive: true });
      if (!job) return null;
      return {
        id: job.id,
        name: job.name,
        state: job.state as JobInfo['state'],
        retryCount: job.retryCount,
        output: job.output ?? null,
      };
    },
  };
}
