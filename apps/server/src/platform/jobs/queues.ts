import PgBoss from 'pg-boss';
import type { DbHandle, Queryable } from '../db/client.js';
import { bossDbFor, bossDbInTransaction, type BossDb } from './boss-db.repository.js';
import { BOSS_SCHEMA, releaseJob } from './jobs.repository.js';
import type { JobHandler, JobInfo, QueueOptions } from './jobs.js';

export interface Queue {
  name: string;
  handler: JobHandler<unknown>;
  opts: Required<Pick<QueueOptions<unknown>, 'retryLimit' | 'retryDelaySeconds' | 'concurrency'>> & {
    onFailed?: QueueOptions<unknown>['onFailed'];
  };
  created: Promise<void> | null;
}

/**
 * The queue side over pg-boss: the registered queues, pg-boss's start and stop, sending, and a job's end (completed,
 * failed with the owner told, or released back to the queue).
 */
export function createQueues(handle: DbHandle, log: (message: string, error?: unknown) => void) {
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
  let readyPromise: Promise<void> | null = null;
  let bossStarted = false;

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

  return {
    db,
    get started() {
      return bossStarted;
    },
    names: () => [...queues.keys()],
    all: () => [...queues.values()],
    queueOf,
    createQueue,
    ready,

    add<T>(name: string, handler: JobHandler<T>, opts: QueueOptions<T>): Queue {
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
      return q;
    },

    /** Enqueues a job, in the transaction `tx` when given. */
    async send(name: string, data: unknown, tx: Queryable | undefined): Promise<string> {
      const q = queueOf(name);
      if (tx && !bossStarted) throw new Error('jobs.ready() must have completed before sending inside a transaction');
      await ready();
      await createQueue(q);
      const id = await boss.send(
        name,
        data as object,
        tx ? ({ db: bossDbInTransaction(tx) } as PgBoss.SendOptions) : {},
      );
      if (!id) throw new Error(`job ${name} was not enqueued`);
      return id;
    },

    /** Enqueues a run of a job with no data inside the transaction, after `seconds` (0: at once). */
    async sendIn(tx: Queryable, name: string, seconds: number): Promise<void> {
      // A Date, not a number of seconds: pg-boss's "now() + interval" branch fails under a custom plan on PGlite.
      await boss.send(name, {}, {
        db: bossDbInTransaction(tx),
        ...(seconds > 0 ? { startAfter: new Date(Date.now() + seconds * 1000) } : {}),
      } as PgBoss.SendOptions);
    },

    async fetch(name: string): Promise<PgBoss.JobWithMetadata<unknown> | undefined> {
      const [job] = (await boss.fetch(name, {
        batchSize: 1,
        includeMetadata: true,
      })) as PgBoss.JobWithMetadata<unknown>[];
      return job;
    },

    complete: (name: string, id: string) => boss.complete(name, id),

    release: (name: string, id: string) => releaseJob(db, name, id),

    /** Fails the job (pg-boss retries it or fails it for good); once it has failed for good, tells the owner. */
    async fail(q: Queue, id: string, data: unknown, err: unknown): Promise<void> {
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
    },

    async get(name: string, id: string): Promise<JobInfo | null> {
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

    async stop(): Promise<void> {
      if (!bossStarted) return;
      await boss.stop({ graceful: false, close: false, wait: true });
      bossStarted = false;
      readyPromise = null;
      for (const q of queues.values()) q.created = null;
    },
  };
}
export type Queues = ReturnType<typeof createQueues>;
