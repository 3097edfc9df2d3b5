import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
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

export type DatabaseKind = 'pglite' | 'postgres';

export interface DbHandle {
  kind: DatabaseKind;
  db: Database;
  /** Runs multi-statement SQL (PGlite needs exec() for that). */
  exec(sqlText: string): Promise<void>;
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
    return {
      kind: 'postgres',
      db,
      pglite: null,
      pool,
      exec: async (sqlText) => {
        await pool.query(sqlText);
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
    close: () => client.close(),
  };
}

/** Runs raw SQL and returns its rows (both drivers expose `.rows`). For statements the query builder cannot express. */
export async function queryRows<T>(q: Queryable, statement: import('drizzle-orm').SQL): Promise<T[]> {
  const result = (await q.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}
