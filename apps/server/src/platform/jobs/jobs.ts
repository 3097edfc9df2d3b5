import type { DbHandle, Queryable } from '../db/client.js';
import { createPeriodicSchedule } from './periodic.js';
import { createQueues } from './queues.js';
import { createRunner } from './runner.js';

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
 * The parts: `queues.ts` (pg-boss: queues, sending, a job's end), `runner.ts` (polling loops, liveness locks, orphan
 * sweep), `periodic.ts` (the chains of periodic jobs); their SQL is in `jobs.repository.ts` and
 * `boss-db.repository.ts`.
 *
 * Handlers must be idempotent per unit of work (commit each unit with its progress): a job can be run again after a
 * crash, and — in the rare race of a stale takeover — twice.
 */

export { BOSS_SCHEMA } from './jobs.repository.js';
export { JobAbortedError } from './runner.js';

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

export function createJobs(options: JobsOptions): Jobs {
  const { handle } = options;
  const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  const log = options.log ?? ((m: string, e?: unknown) => console.error(`[jobs] ${m}`, e ?? ''));
  const queues = createQueues(handle, log);
  const runner = createRunner({
    handle,
    queues,
    pollMs: options.pollIntervalMs ?? env('JINGUO_JOBS_POLL_MS', 1000),
    sweepMs: options.sweepIntervalMs ?? env('JINGUO_JOBS_SWEEP_MS', 15_000),
    graceSeconds: options.orphanGraceSeconds ?? env('JINGUO_JOBS_ORPHAN_GRACE_S', 10),
    log,
  });
  const periodic = createPeriodicSchedule(handle, queues, log);

  const jobs: Jobs = {
    get started() {
      return runner.started;
    },
    register(name, handler, opts = {}) {
      runner.adopt(queues.add(name, handler, opts));
    },
    every(name, seconds, handler, opts = {}) {
      periodic.every(name, seconds, handler, opts, (n, h, o) => jobs.register(n, h, o));
    },
    ready: () => queues.ready(),
    async send(name, data, opts = {}) {
      const id = await queues.send(name, data, opts.tx);
      if (!opts.tx) runner.wake(name);
      return id;
    },
    wake: (name) => runner.wake(name),
    start: () => runner.start(() => periodic.queueFirstRuns()),
    async stop(opts = {}) {
      await runner.stop(opts.timeoutMs ?? 30_000);
      await queues.stop();
    },
    kill: () => runner.kill(),
    get: (name, id) => queues.get(name, id),
  };
  return jobs;
}
