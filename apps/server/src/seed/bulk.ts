import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbHandle } from '../platform/db/client.js';

/** One value in PostgreSQL's COPY text format. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (Array.isArray(v)) return copyValue(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (v instanceof Date) return v.toISOString();
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Bulk loading through the database's fast path: COPY FROM STDIN on PostgreSQL, COPY FROM a blob on PGlite. Rows are
 * buffered into chunks so memory stays flat however many rows pass through. On PostgreSQL one chunk is copied while
 * the next is generated (the server, not the generator, is the bottleneck of a load: without the overlap the generator
 * waits idle for each COPY); PGlite runs in this process, so there each chunk is awaited. The generated tables carry
 * no foreign keys, so chunks of different tables may land in any order.
 */
export function bulkWriter(handle: DbHandle, table: string, columns: string[], chunkRows = 50_000) {
  let buffer: string[] = [];
  let written = 0;
  let inFlight: Promise<void> | null = null;
  let failure: unknown = null;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;

  async function copy(text: string, count: number) {
    if (handle.pool) {
      const client = await handle.pool.connect();
      try {
        await pipeline(Readable.from([text]), client.query(copyFrom(statement)));
      } finally {
        client.release();
      }
    } else {
      await handle.pglite!.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
        blob: new Blob([text]),
      });
    }
    written += count;
  }

  async function settle() {
    if (inFlight) await inFlight;
    inFlight = null;
    if (failure) throw failure;
  }

  async function flush() {
    if (!buffer.length) return;
    const text = buffer.join('');
    const count = buffer.length;
    buffer = [];
    await settle();
    if (!handle.pool) return copy(text, count);
    inFlight = copy(text, count).catch((err: unknown) => {
      failure = err;
    });
  }

  return {
    async write(row: unknown[]) {
      buffer.push(row.map(copyValue).join('\t') + '\n');
      if (buffer.length >= chunkRows) await flush();
    },
    async close() {
      await flush();
      await settle();
      return written;
    },
  };
}

/** Reserves `n` consecutive ids from a table's identity sequence. */
export async function reserveIds(handle: DbHandle, table: string, n: number): Promise<number> {
  const sqlText = `select setval(pg_get_serial_sequence('${table}', 'id'), nextval(pg_get_serial_sequence('${table}', 'id')) + ${n} - 1) - ${n} + 1 as first`;
  const rows = handle.pool
    ? (await handle.pool.query(sqlText)).rows
    : (await handle.pglite!.query<{ first: number }>(sqlText)).rows;
  return Number((rows[0] as { first: number }).first);
}

/**
 * Drops a table's secondary indexes for a bulk load and returns a function that rebuilds them exactly as they were
 * (definitions read from pg_indexes; primary keys and unique constraints stay).
 */
export async function suspendIndexes(handle: DbHandle, tables: string[]): Promise<() => Promise<void>> {
  const q = async <T>(text: string) =>
    handle.pool ? ((await handle.pool.query(text)).rows as T[]) : (await handle.pglite!.query<T>(text)).rows;
  const list = tables.map((t) => `'${t.replace(/'/g, '')}'`).join(',');
  const defs = await q<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename in (${list}) and indexdef not like '%UNIQUE%'`,
  );
  for (const d of defs) await q(`drop index if exists "${d.indexname}"`);
  return async () => {
    for (const d of defs) await q(d.indexdef);
  };
}
