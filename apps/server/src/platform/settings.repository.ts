import { eq, sql } from 'drizzle-orm';
import type { Queryable } from './db/client.js';
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
