import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { queryRows, type DbHandle } from './client.js';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../../drizzle');

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

export async function applyMigrations(handle: DbHandle): Promise<void> {
  if (handle.kind === 'postgres') {
    // One migrator at a time across processes (tests create databases in parallel).
    await handle.db.execute(sql`select pg_advisory_lock(727101)`);
    try {
      await migratePg(handle.db as unknown as NodePgDatabase, { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await handle.db.execute(sql`select pg_advisory_unlock(727101)`);
    }
  } else {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_DIR });
  }
}

/** The applied migration count and the tag of the newest one, for /api/health. */
export async function migrationVersion(
  handle: DbHandle,
): Promise<{ applied: number; latest: string | null; expected: number }> {
  const journal = JSON.parse(readFileSync(resolve(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as Journal;
  const rows = await queryRows<{ n: number }>(
    handle.db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  const applied = Number(rows[0]?.n ?? 0);
  return { applied, latest: journal.entries[applied - 1]?.tag ?? null, expected: journal.entries.length };
}
