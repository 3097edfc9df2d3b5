import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { serviceItems } from './demands.tables.js';

/* The service catalogue 服务清单: every SQL statement on service items. */

export type ServiceItemRow = typeof serviceItems.$inferSelect;
export type NewServiceItemRow = typeof serviceItems.$inferInsert;

export async function serviceItemsOf(s: Scoped, orgIds: number[], includeInactive: boolean): Promise<ServiceItemRow[]> {
  if (!orgIds.length) return [];
  return s.tx
    .select()
    .from(serviceItems)
    .where(
      and(
        inArray(serviceItems.orgId, orgIds),
        inSubtree(s, serviceItems.orgPath),
        includeInactive ? undefined : eq(serviceItems.active, true),
      ),
    )
    .orderBy(asc(serviceItems.orgId), asc(serviceItems.category), asc(serviceItems.id));
}
export async function findServiceItem(s: Scoped, id: number, lock = false): Promise<ServiceItemRow | null> {
  const q = s.tx
    .select()
    .from(serviceItems)
    .where(and(eq(serviceItems.id, id), inSubtree(s, serviceItems.orgPath)));
  return (lock ? await q.for('update') : await q)[0] ?? null;
}
export async function insertServiceItem(s: Scoped, row: NewServiceItemRow) {
  return (await s.tx.insert(serviceItems).values(row).returning())[0]!;
}
export async function updateServiceItem(s: Scoped, id: number, patch: Partial<NewServiceItemRow>) {
  return (
    await s.tx
      .update(serviceItems)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(serviceItems.id, id))
      .returning()
  )[0]!;
}

/** The id and name of the service item a demand ordered (under the reader's row-level security), or null. */
export async function serviceItemName(s: Scoped, id: number): Promise<{ id: number; name: string } | null> {
  return (
    (
      await s.tx
        .select({ id: serviceItems.id, name: serviceItems.name })
        .from(serviceItems)
        .where(inArray(serviceItems.id, [id]))
    )[0] ?? null
  );
}

/**
 * Orders of items since `since`, counted past the caller's row-level security (a resident must not read others'
 * orders, yet the capacity counts them): a narrow SECURITY DEFINER function that answers with counts only.
 */
export async function ordersSince(s: Scoped, itemIds: number[], since: Date): Promise<Map<number, number>> {
  if (!itemIds.length) return new Map();
  const rows = await queryRows<{ id: number; n: number }>(
    s.tx,
    sql`select item_id as id, n from jinguo_service_orders_since(${sql.raw(`array[${itemIds.map(Number).join(',')}]::bigint[]`)}, ${since.toISOString()}::timestamptz)`,
  );
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}
