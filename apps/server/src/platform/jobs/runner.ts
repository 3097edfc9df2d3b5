import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { DbHandle } from '../db/client.js';
import { listActiveJobs, tryLockJob, unlockJob, type LiveQuery } from './jobs.repository.js';
import type { Queue, Queues } from './queues.js';

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

export interface RunnerOptions {
  handle: DbHandle;
  queues: Queues;
  pollMs: number;
  sweepMs: number;
  graceSeconds: number;
  log: (message: string, error?: unknown) => void;
}

/**
 * The runner: one polling loop per queue, each job under an abort signal (and, on PostgreSQL, a liveness lock), and
 * the orphan sweep that fails back into `retry` the active jobs whose worker is gone.
 */
export function createRunner({ handle, queues, pollMs, sweepMs, graceSeconds, log }: RunnerOptions) {
  let current: Incarnation | null = null;
  if (!runningHere.has(handle)) runningHere.set(handle, new Map());
  const here = runningHere.get(handle)!;

  function withMutex<T>(inc: Incarnation, fn: () => Promise<T>): Promise<T> {
    const next = inc.mutex.then(fn, fn);
    inc.mutex = next.catch(() => undefined);
    return next;
  }

  /** Queries on the liveness connection, one at a time; `null` on PGlite or once the connection is gone. */
  function liveQueryOf(inc: Incarnation): LiveQuery {
    return (text, values) => {
      const run = async () => {
        if (!inc.live) return null;
        const r = await inc.live.query<{ ok: boolean | null }>(text, values);
        return r.rows[0]?.ok ?? null;
      };
      const next = inc.liveChain.then(run, run);
      inc.liveChain = next.catch(() => undefined);
      return next;
    };
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

  function launch(inc: Incarnation, q: Queue, raw: PgBoss.JobWithMetadata<unknown>) {
    const ac = new AbortController();
    const entry: Running = { queue: q.name, ac, done: Promise.resolve() };
    const live = liveQueryOf(inc);
    inc.running.set(raw.id, entry);
    here.set(raw.id, inc.id);
    entry.done = (async () => {
      let locked = false;
      try {
        if (inc.live) {
          locked = (await tryLockJob(live, raw.id)) === true;
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
        if (inc.alive) await queues.complete(q.name, raw.id);
      } catch (err) {
        if (!inc.alive) return; // the process "died": the job stays active until a sweep recovers it
        try {
          if (ac.signal.aborted) await queues.release(q.name, raw.id);
          else await queues.fail(q, raw.id, raw.data, err);
        } catch (e) {
          log(`could not record the end of job ${q.name} ${raw.id}`, e);
        }
      } finally {
        inc.running.delete(raw.id);
        // A later life may have picked the job up again meanwhile: only this life's claim is dropped.
        if (here.get(raw.id) === inc.id) here.delete(raw.id);
        if (locked && inc.alive) await unlockJob(live, raw.id).catch(() => undefined);
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
            const job = await queues.fetch(q.name);
            if (!job) return false;
            if (!inc.alive) return false; // killed meanwhile: the job stays active, as after a crash
            if (inc.stopping) {
              await queues.release(q.name, job.id);
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
    const names = queues.names();
    if (!names.length || !inc.alive) return;
    const live = liveQueryOf(inc);
    await withMutex(inc, async () => {
      const rows = await listActiveJobs(queues.db, names, inc.live ? graceSeconds : null);
      for (const r of rows) {
        if (!inc.alive || here.has(r.id)) continue;
        if (inc.live) {
          const got = await tryLockJob(live, r.id);
          if (got !== true) continue; // a live worker elsewhere holds it
          await unlockJob(live, r.id);
        }
        log(`recovering job ${r.name} ${r.id}: its worker stopped before finishing`);
        await queues.fail(
          queues.queueOf(r.name),
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

  return {
    get started() {
      return current !== null;
    },

    /** A queue registered while the runner runs is polled at once. */
    adopt(q: Queue): void {
      if (current) current.loops.push(loop(current, q));
    },

    wake(name?: string): void {
      if (!current) return;
      if (name) current.wakers.get(name)?.();
      else for (const w of [...current.wakers.values()]) w();
    },

    /**
     * Starts a life: recovers orphaned jobs, runs `beforeLoops` (queueing periodic runs), then polls every queue.
     */
    async start(beforeLoops: () => Promise<void>): Promise<void> {
      if (current) return;
      await queues.ready();
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
      await beforeLoops();
      inc.loops = queues.all().map((q) => loop(inc, q));
      inc.loops.push(sweeper(inc));
    },

    /** Aborts the running handlers and waits for them (up to the timeout), then ends the life. */
    async stop(timeoutMs: number): Promise<void> {
      const inc = current;
      if (!inc) return;
      inc.stopping = true;
      for (const r of inc.running.values()) r.ac.abort(new JobAbortedError());
      for (const w of [...inc.wakers.values()]) w();
      const all = Promise.all([...inc.running.values()].map((r) => r.done));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) log('stopping: some jobs did not finish in time; they will be recovered at the next start');
      await Promise.all(inc.loops.map((l) => l.catch(() => undefined)));
      await endIncarnation(inc, false);
    },

    async kill(): Promise<void> {
      const inc = current;
      if (!inc) return;
      for (const r of inc.running.values()) r.ac.abort(new JobAbortedError());
      await endIncarnation(inc, true);
    },
  };
}
