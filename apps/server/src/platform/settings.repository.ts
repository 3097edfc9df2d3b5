import { eq, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from './db/client.js';
import { systemSettings } from './db/settings.tables.js';

export async function readSetting<T = unknown>(q: Queryable, key: string): Promise<T | null> {
  const rows = await q.select({ value: systemSettings.value }).from(systemSettings).where(eq(systemSettings.key, key));
  return (rows[0]?.value as T | undefined) ?? null;
}

export async function writeSetting(q: Queryable, key: string, value: unknown): Promise<void> {
  await q
    .insert(systemSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: systemSettings.key, set: { value, updatedAt: sql`now()` } });
}

/** Writes the setting unless it exists; returns what is stored afterwards (another process may have written first). */
export async function writeSettingOnce<T>(q: Queryable, key: string, value: T): Promise<T> {
  await q.insert(systemSettings).values({ key, value }).onConflictDoNothing({ target: systemSettings.key });
  return (await readSetting<T>(q, key))!;
}

/**
 * Up to `limit` stored ciphertexts, one per encrypted column (by the schema's convention, a text column named
 * `*_enc`), each with where it came from: what a data key is tried on before its fingerprint is first recorded.
 */
export async function sampleCiphertexts(
  q: Queryable,
  limit: number,
): Promise<{ table: string; column: string; value: string }[]> {
  const columns = await queryRows<{ t: string; c: string }>(
    q,
    sql`select table_name as t, column_name as c from information_schema.columns
        where table_schema = 'public' and column_name like '%\_enc' and data_type = 'text'
        order by table_name, column_name`,
  );
  const found: { table: string; column: string; value: string }[] = [];
  for (const { t, c } of columns) {
    const [row] = await queryRows<{ v: string }>(
      q,
      sql`select ${sql.identifier(c)} as v from ${sql.identifier(t)} where ${sql.identifier(c)} is not null limit 1`,
    );
    if (row) found.push({ table: t, column: c, value: row.v });
    if (found.length >= limit) break;
  }
  return found;
}
