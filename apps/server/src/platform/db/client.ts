import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgDialect, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { join } from 'node:path';
import { ensureDir } from '../config.js';
import { recoverInterruptedRestore } from './restore-journal.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { preparedCall } from './inline.js';
import { withCommitHooks } from './commit-hooks.js';
import { settlePreparedDataDir } from './prepared-data-dir.js';

/**
 * No schema object: every query names its tables (the relational query API is not used), so the database layer
 * knows no module's tables. drizzle-kit finds them through the `*.tables.ts` files (drizzle.config.ts).
 */
export type Schema = Record<string, never>;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the pool or an open transaction. */
export type Queryable = Database | Tx;

type NodePgSchema = ConstructorParameters<typeof NodePgSession>[2];
type NodePgOptions = ConstructorParameters<typeof NodePgSession>[3];

export type DatabaseKind = 'pglite' | 'postgres';

export interface DbHandle {
  kind: DatabaseKind;
  db: Database;
  /** Runs multi-statement SQL (PGlite needs exec() for that). */
  exec(sqlText: string): Promise<void>;
  /**
   * One round trip for a one-statement read: `setupSql` (inline literals only: build it with inlineSql) and then
   * `statement`, sent as one simple-protocol message, so both run in one implicit transaction (all or nothing;
   * `set_config(…, true)` lasts until its end). The statement is prepared once per connection and then executed
   * with its parameters written in as literals, so PostgreSQL reuses its plan instead of planning it every time.
   * Returns the statement's rows. Given several steps, they all travel in the same message: a `SQL` step is prepared
   * like the statement, a string (inline literals only) is sent as it is; the rows are the last step's. A PREPARE
   * waits for the locks its tables are under like any statement: `prepareAfter` (inline) is sent with it in one
   * message, e.g. to bound it by the same statement_timeout as the read.
   */
  readAfter<T>(
    setupSql: string,
    statement: SQL | readonly (SQL | string)[],
    opts?: { prepareAfter?: string },
  ): Promise<T[]>;
  /**
   * A transaction whose first statement is `setupSql` (inline literals only). On PostgreSQL it travels with the
   * BEGIN in one round trip; on PGlite (in process) it simply runs first. Work registered with `beforeCommit`
   * runs after `fn`, just before the COMMIT.
   */
  transactionAfter<T>(setupSql: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The underlying PGlite, for backup (dumpDataDir); null on PostgreSQL. */
  pglite: PGlite | null;
  pool: pg.Pool | null;
}

// int8 as JS number (ids stay far below 2^53); numeric as number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenOptions {
  databaseUrl: string | null;
  /** Directory for the embedded database; null = in memory (tests). */
  dataDir: string | null;
  poolSize?: number;
  /**
   * A data directory prepared at install and never opened (prepared-data-dir.ts) is adopted when true (the first demo
   * start), discarded otherwise (any other opener finds what it would have found without the install's preparation).
   */
  adoptPrepared?: boolean;
  /** A restore opening the database it is putting in place: its own journal is not undone (restore-journal.ts). */
  restoring?: boolean;
  /**
   * The data directory's lock, when this process holds it already (a restore holds it from its first check to its
   * end, so that no server opens the directory while it is swapped): used instead of taking it, and kept at close.
   */
  heldLock?: DataDirLock;
}

/** Prepared statements per connection: beyond this, one-statement reads run inline instead of preparing more. */
const MAX_PREPARED = 200;
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
function preparedNamesOf(client: pg.PoolClient): Set<string> {
  let names = preparedOn.get(client);
  if (!names) preparedOn.set(client, (names = new Set()));
  return names;
}

const stepsOf = (statement: SQL | readonly (SQL | string)[]): readonly (SQL | string)[] =>
  Array.isArray(statement) ? statement : [statement as SQL];

/**
 * The steps of a one-round-trip read as the statements of one simple-protocol message (readAfter, both drivers): a
 * string as it is; a `SQL` step as an EXECUTE of its prepared statement when `prepare` has it prepared on this
 * connection (it answers false when the connection holds MAX_PREPARED already), else with its values written in.
 */
async function messageSteps(
  statement: SQL | readonly (SQL | string)[],
  prepare: (name: string, text: string) => Promise<boolean>,
): Promise<string> {
  const runs: string[] = [];
  for (const step of stepsOf(statement)) {
    if (typeof step === 'string') {
      runs.push(step);
      continue;
    }
    const call = preparedCall(step);
    runs.push((await prepare(call.name, call.text)) ? call.execute : call.inline());
  }
  return runs.join(';\n');
}

/** Tests: in-memory PGlite databases opened from now on start from this dump (dumpDataDir) instead of empty. */
let inMemoryStart: Blob | null = null;
export function startInMemoryFrom(dump: Blob | null): void {
  inMemoryStart = dump;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing the process
    const db = drizzlePg(pool) as unknown as Database;
    // drizzle opens a transaction with a lone BEGIN; ours sends BEGIN and the setup as one simple-protocol message
    const { dialect, session } = db as unknown as {
      dialect: PgDialect;
      session: { schema: NodePgSchema; options: NodePgOptions };
    };
    return {
      kind: 'postgres',
      db,
      pglite: null,
      pool,
      exec: async (sqlText) => {
        await pool.query(sqlText);
      },
      readAfter: async <T>(
        setupSql: string,
        statement: SQL | readonly (SQL | string)[],
        opts: { prepareAfter?: string } = {},
      ) => {
        const before = opts.prepareAfter ? `${opts.prepareAfter};\n` : '';
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          const prepared = preparedNamesOf(client);
          const runs = await messageSteps(statement, async (name, text) => {
            if (prepared.has(name)) return true;
            if (prepared.size >= MAX_PREPARED) return false;
            await client.query(`${before}prepare ${name} as ${text}`);
            prepared.add(name);
            return true;
          });
          const results = (await client.query(`${setupSql};\n${runs}`)) as unknown as pg.QueryResult[];
          return results[results.length - 1]!.rows as T[];
        } catch (err) {
          // a statement error leaves the connection clean (the implicit transaction is gone); anything else drops it
          if (!(err instanceof pg.DatabaseError)) broken = err as Error;
          throw err;
        } finally {
          client.release(broken);
        }
      },
      transactionAfter: async <T>(setupSql: string, fn: (tx: Tx) => Promise<T>) => {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query(`begin; ${setupSql}`);
          const tx = new NodePgTransaction(
            dialect,
            new NodePgSession(client, dialect, session.schema, session.options),
            session.schema,
          );
          const result = await withCommitHooks(tx as unknown as Tx, fn);
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch((e: Error) => (broken = e));
          throw err;
        } finally {
          client.release(broken);
        }
      },
      close: () => pool.end(),
    };
  }
  // one process per data directory: a second one would corrupt it (data-dir-lock.ts)
  const lock = opts.heldLock ? null : opts.dataDir ? lockDataDir(ensureDir(opts.dataDir)) : null;
  const dir = opts.dataDir ? join(opts.dataDir, 'pglite') : undefined;
  let client: PGlite;
  try {
    // a restore killed half-way is undone before the database is opened (restore-journal.ts)
    const undone = opts.dataDir && !opts.restoring ? recoverInterruptedRestore(opts.dataDir) : null;
    if (undone) console.error(`[jinguo] ${undone}`);
    if (opts.dataDir) settlePreparedDataDir(opts.dataDir, opts.adoptPrepared ?? false);
    const start = dir ? { dataDir: dir } : inMemoryStart ? { loadDataDir: inMemoryStart } : {};
    client = await PGlite.create({ ...start, extensions: { ltree, pg_trgm } });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = drizzlePglite(client) as unknown as Database;
  /** Statements prepared on the one connection (a promise while PREPARE runs, so two requests never both send it). */
  const prepared = new Map<string, Promise<void>>();
  return {
    kind: 'pglite',
    db,
    pglite: client,
    pool: null,
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    readAfter: async <T>(
      setupSql: string,
      statement: SQL | readonly (SQL | string)[],
      opts: { prepareAfter?: string } = {},
    ) => {
      const before = opts.prepareAfter ? `${opts.prepareAfter};\n` : '';
      const runs = await messageSteps(statement, async (name, text) => {
        let preparing = prepared.get(name);
        if (!preparing) {
          if (prepared.size >= MAX_PREPARED) return false;
          preparing = client.exec(`${before}prepare ${name} as ${text}`).then(() => undefined);
          prepared.set(name, preparing);
          preparing.catch(() => prepared.delete(name));
        }
        await preparing;
        return true;
      });
      const results = await client.exec(`${setupSql};\n${runs}`);
      return (results[results.length - 1]?.rows ?? []) as T[];
    },
    transactionAfter: <T>(setupSql: string, fn: (tx: Tx) => Promise<T>) =>
      db.transaction(async (tx) => {
        await tx.execute(sql.raw(setupSql));
        return withCommitHooks(tx, fn);
      }),
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Runs raw SQL and returns its rows (both drivers expose `.rows`). For statements the query builder cannot express. */
export async function queryRows<T>(q: Queryable, statement: import('drizzle-orm').SQL): Promise<T[]> {
  const result = (await q.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Maps over items one after another. A transaction holds one connection, and a connection runs one statement at a
 * time: `Promise.all` over queries in a transaction only queues them in the driver (node-postgres deprecates it).
 */
export async function inOrder<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) out.push(await fn(items[i]!, i));
  return out;
}
