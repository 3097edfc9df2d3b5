import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgDialect, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { join } from 'node:path';
import { ensureDir } from '../config.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
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
   * Sends statements as one simple-protocol message: one round trip, run as one implicit transaction (all or
   * nothing; `set_config(…, true)` lasts until its end). Returns the last statement's rows. The text carries no
   * parameters: build it with inlineSql() (platform/db/inline.ts), never by pasting input into SQL.
   */
  batch<T>(sqlText: string): Promise<T[]>;
  /**
   * A transaction whose first statement is `setupSql` (inline literals only). On PostgreSQL it travels with the
   * BEGIN in one round trip; on PGlite (in process) it simply runs first.
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
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing the process
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    // drizzle opens a transaction with a lone BEGIN; ours sends BEGIN and the setup as one simple-protocol message
    const { dialect, session } = db as unknown as { dialect: PgDialect; session: { schema: NodePgSchema; options: NodePgOptions } };
    return {
      kind: 'postgres',
      db,
      pglite: null,
      pool,
      exec: async (sqlText) => {
        await pool.query(sqlText);
      },
      batch: async <T>(sqlText: string) => {
        const result = (await pool.query(sqlText)) as unknown as pg.QueryResult | pg.QueryResult[];
        return (Array.isArray(result) ? result[result.length - 1]!.rows : result.rows) as T[];
      },
      transactionAfter: async <T>(setupSql: string, fn: (tx: Tx) => Promise<T>) => {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query(`begin; ${setupSql}`);
          const tx = new NodePgTransaction(dialect, new NodePgSession(client, dialect, session.schema, session.options), session.schema);
          const result = await fn(tx as unknown as Tx);
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
  const dir = opts.dataDir ? join(ensureDir(opts.dataDir), 'pglite') : undefined;
  const client = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), extensions: { ltree, pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    pool: null,
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    batch: async <T>(sqlText: string) => {
      const results = await client.exec(sqlText);
      return (results[results.length - 1]?.rows ?? []) as T[];
    },
    transactionAfter: <T>(setupSql: string, fn: (tx: Tx) => Promise<T>) =>
      db.transaction(async (tx) => {
        await tx.execute(sql.raw(setupSql));
        return fn(tx);
      }),
    close: () => client.close(),
  };
}

/** Runs raw SQL and returns its rows (both drivers expose `.rows`). For statements the query builder cannot express. */
export async function queryRows<T>(q: Queryable, statement: import('drizzle-orm').SQL): Promise<T[]> {
  const result = (await q.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}
