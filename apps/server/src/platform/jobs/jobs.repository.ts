import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import type { BossDb } from './boss-db.repository.js';

/** The schema of pg-boss's own tables. */
export const BOSS_SCHEMA = 'pgboss';
/** The advisory lock class of the runner: liveness locks per job, and the periodic chains. */
const LOCK_CLASS = 727103;

/** Back to the queue without counting an attempt (graceful shutdown). */
export async function releaseJob(db: BossDb, name: string, id: string): Promise<void> {
  await db.executeSql(
    `update ${BOSS_SCHEMA}.job set state = 'retry', start_after = now(), started_on = null where name = $1 and id = $2 and state = 'active'`,
    [name, id],
  );
}

/** Active jobs of the queues; with a grace, only those fetched longer ago than that (their worker holds its lock). */
export async function listActiveJobs(
  db: BossDb,
  names: readonly string[],
  graceSeconds: number | null,
): Promise<{ id: string; name: string; data: unknown }[]> {
  const { rows } = await db.executeSql(
    `select id, name, data from ${BOSS_SCHEMA}.job where name = any($1::text[]) and state = 'active'${graceSeconds !== null ? ` and started_on < now() - make_interval(secs => $2)` : ''}`,
    graceSeconds !== null ? [names, graceSeconds] : [names],
  );
  return rows as { id: string; name: string; data: unknown }[];
}

/** A query on the runner's liveness connection, answering the `ok` column (null when there is no connection). */
export type LiveQuery = (text: string, values: unknown[]) => Promise<boolean | null>;

/** Takes the session lock that says a live worker runs the job; false when another session holds it. */
export async function tryLockJob(live: LiveQuery, jobId: string): Promise<boolean | null> {
  return live('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, jobId]);
}

export async function unlockJob(live: LiveQuery, jobId: string): Promise<boolean | null> {
  return live('select pg_advisory_unlock($1, hashtext($2)) as ok', [LOCK_CLASS, jobId]);
}

/** Serialises, for the transaction, the processes queueing the next run of one periodic job. */
export async function lockPeriodicChain(tx: Queryable, name: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(${`periodic:${name}`}))`);
}

/** Whether a run of the job is queued (or running, with `alsoActive`), other than the run `except`. */
export async function hasWaitingRun(
  tx: Queryable,
  name: string,
  except: string | null,
  alsoActive: boolean,
): Promise<boolean> {
  const states = alsoActive ? sql`('created', 'retry', 'active')` : sql`('created', 'retry')`;
  const waiting = await queryRows<{ id: string }>(
    tx,
    sql`select id::text as id from ${sql.raw(BOSS_SCHEMA)}.job
        where name = ${name} and state::text in ${states} and id::text <> ${except ?? ''} limit 1`,
  );
  return waiting.length > 0;
}
