import type { DbHandle } from '../db/client.js';
import { hasWaitingRun, lockPeriodicChain } from './jobs.repository.js';
import type { JobHandler, QueueOptions } from './jobs.js';
import type { Queues } from './queues.js';

type NoData = Record<string, never>;

/**
 * Periodic jobs as one chain per database: each run queues the next when it ends (also after its final failure), and
 * a starting runner queues a first run when none is queued or running.
 */
export function createPeriodicSchedule(
  handle: DbHandle,
  queues: Queues,
  log: (message: string, error?: unknown) => void,
) {
  const periodic = new Map<string, number>();

  /** Queues the next run of a periodic job unless one is already queued (ignoring `except`, the run now ending). */
  async function chainNext(name: string, seconds: number, except: string | null, alsoActive: boolean) {
    await handle.db.transaction(async (tx) => {
      await lockPeriodicChain(tx, name);
      if (await hasWaitingRun(tx, name, except, alsoActive)) return;
      await queues.sendIn(tx, name, seconds);
    });
  }

  return {
    /** Registers the job through `register`, its handler and its final failure chaining the next run. */
    every(
      name: string,
      seconds: number,
      handler: JobHandler<NoData>,
      opts: Omit<QueueOptions<NoData>, 'onFailed'>,
      register: (name: string, handler: JobHandler<NoData>, opts: QueueOptions<NoData>) => void,
    ): void {
      if (!(seconds > 0)) throw new Error(`a periodic job needs a positive interval, got ${seconds}`);
      periodic.set(name, seconds);
      register(
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

    /** At start: a first run now of each periodic job that has none queued or running; later ones every `seconds`. */
    async queueFirstRuns(): Promise<void> {
      for (const name of periodic.keys()) {
        try {
          await queues.createQueue(queues.queueOf(name));
          await chainNext(name, 0, null, true);
        } catch (err) {
          log(`could not queue the periodic job ${name}`, err);
        }
      }
    },
  };
}
