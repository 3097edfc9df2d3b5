import { Param, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbHandle, type Queryable } from '../db/client.js';

/** What pg-boss needs from a database: `executeSql(text, values)` returning `{ rows }`. */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss over the platform's own connection: the node-postgres pool on PostgreSQL (no second pool), the single PGlite
 * connection on the embedded database. PGlite's `query` takes one statement; pg-boss sends its schema creation and
 * maintenance as one multi-statement script (BEGIN; …; COMMIT) without parameters, which goes through `exec`.
 */
export function bossDbFor(handle: DbHandle): BossDb {
  if (handle.pool) {
    const pool = handle.pool;
    return { executeSql: (text, values) => pool.query(text, values as unknown[] | undefined) };
  }
  const pglite = handle.pglite!;
  return {
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        const results = await pglite.exec(text);
        // The meaningful result of a locked script is the last statement that returned columns (not its COMMIT).
        for (let i = results.length - 1; i >= 0; i--) if (results[i]!.fields.length > 0) return results[i]!;
        return results[results.length - 1] ?? { rows: [] };
      }
      return pglite.query(text, values as unknown[]);
    },
  };
}

/**
 * pg-boss inside a caller's transaction, so a job is enqueued if and only if the change that asks for it commits.
 * The queue's tables belong to the platform, not to the request's role: the statement runs with the session's own
 * role and the transaction's role (`jinguo_app` in a scoped transaction) is restored right after.
 */
export function bossDbInTransaction(tx: Queryable): BossDb {
  return {
    async executeSql(text, values) {
      const [{ role }] = (await queryRows<{ role: string }>(tx, sql`select current_setting('role') as role`)) as [
        { role: string },
      ];
      await tx.execute(sql`select set_config('role', 'none', true)`);
      let result: { rows: unknown[] };
      try {
        result = (await tx.execute(withParams(text, values ?? []))) as unknown as { rows: unknown[] };
      } catch (err) {
        // The transaction is aborted now: restoring the role would fail too and hide this error.
        throw err;
      }
      await tx.execute(sql`select set_config('role', ${role}, true)`);
      return result;
    },
  };
}

/** `$1 … $n` placeholders of a pg-boss statement as drizzle parameters (each value passed whole, arrays included). */
export function withParams(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) chunks.push(sql.raw(parts[i]!));
    else chunks.push(sql`${new Param(values[Number(parts[i]) - 1] ?? null)}`);
  }
  return sql.join(chunks);
}
