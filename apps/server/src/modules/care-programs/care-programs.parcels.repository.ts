import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import {
  careGreetingEntries,
  careGreetingLists,
  careParcelAllocations,
  careParcelBatches,
  careParcelDeliveries,
} from './care-programs.tables.js';

export type BatchRow = typeof careParcelBatches.$inferSelect;
export type AllocationRow = typeof careParcelAllocations.$inferSelect;
export type DeliveryRow = typeof careParcelDeliveries.$inferSelect;
export type GreetingListRow = typeof careGreetingLists.$inferSelect;

/* 母亲邮包 */

export async function insertBatch(s: Scoped, row: typeof careParcelBatches.$inferInsert): Promise<BatchRow> {
  return (await s.tx.insert(careParcelBatches).values(row).returning())[0]!;
}
/** A batch bought by the subtree or by an ancestor (whose parcels reach the subtree). */
export async function findBatch(s: Scoped, id: number): Promise<BatchRow | null> {
  const visible =
    s.scopePath === null
      ? sql`true`
      : sql`(${careParcelBatches.orgPath} <@ ${s.scopePath}::ltree or ${s.scopePath}::ltree <@ ${careParcelBatches.orgPath})`;
  return (
    (
      await s.tx
        .select()
        .from(careParcelBatches)
        .where(and(eq(careParcelBatches.id, id), visible))
    )[0] ?? null
  );
}
export async function listBatches(s: Scoped): Promise<BatchRow[]> {
  const visible =
    s.scopePath === null
      ? sql`true`
      : sql`(${careParcelBatches.orgPath} <@ ${s.scopePath}::ltree or ${s.scopePath}::ltree <@ ${careParcelBatches.orgPath})`;
  return s.tx.select().from(careParcelBatches).where(visible).orderBy(asc(careParcelBatches.id));
}
export async function insertAllocation(s: Scoped, row: typeof careParcelAllocations.$inferInsert) {
  return (await s.tx.insert(careParcelAllocations).values(row).returning())[0]!;
}
/** The allocation an org holds in a batch, locked while parcels leave it. */
export async function lockAllocation(s: Scoped, batchId: number, orgId: number): Promise<AllocationRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(careParcelAllocations)
        .where(and(eq(careParcelAllocations.batchId, batchId), eq(careParcelAllocations.orgId, orgId)))
        .for('update')
    )[0] ?? null
  );
}
export async function findAllocation(s: Scoped, id: number, lock = false): Promise<AllocationRow | null> {
  const q = s.tx
    .select()
    .from(careParcelAllocations)
    .where(and(eq(careParcelAllocations.id, id), inSubtree(s, careParcelAllocations.orgPath)));
  return ((lock ? await q.for('update') : await q)[0] ?? null) as AllocationRow | null;
}
export async function addToAllocation(
  s: Scoped,
  id: number,
  d: { allocatedDown?: number; delivered?: number; feedback?: number },
): Promise<void> {
  await s.tx
    .update(careParcelAllocations)
    .set({
      allocatedDown: sql`${careParcelAllocations.allocatedDown} + ${d.allocatedDown ?? 0}`,
      delivered: sql`${careParcelAllocations.delivered} + ${d.delivered ?? 0}`,
      feedback: sql`${careParcelAllocations.feedback} + ${d.feedback ?? 0}`,
    })
    .where(eq(careParcelAllocations.id, id));
}
/** More parcels for an org that already holds some of the batch. */
export async function growAllocation(s: Scoped, id: number, n: number): Promise<void> {
  await s.tx
    .update(careParcelAllocations)
    .set({ quantity: sql`${careParcelAllocations.quantity} + ${n}` })
    .where(eq(careParcelAllocations.id, id));
}
/** A batch's allocations the reader may see: her own subtree's, and her ancestors' (who gave her the parcels). */
export async function allocationsOf(s: Scoped, batchId: number): Promise<AllocationRow[]> {
  const visible =
    s.scopePath === null
      ? sql`true`
      : sql`(${careParcelAllocations.orgPath} <@ ${s.scopePath}::ltree or ${s.scopePath}::ltree <@ ${careParcelAllocations.orgPath})`;
  return s.tx
    .select()
    .from(careParcelAllocations)
    .where(and(eq(careParcelAllocations.batchId, batchId), visible))
    .orderBy(asc(careParcelAllocations.orgPath));
}
export async function insertDelivery(s: Scoped, row: typeof careParcelDeliveries.$inferInsert): Promise<DeliveryRow> {
  return (await s.tx.insert(careParcelDeliveries).values(row).returning())[0]!;
}
export async function deliveryOfPerson(s: Scoped, batchId: number, personId: number): Promise<DeliveryRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(careParcelDeliveries)
        .where(and(eq(careParcelDeliveries.batchId, batchId), eq(careParcelDeliveries.personId, personId)))
    )[0] ?? null
  );
}
export async function findDelivery(s: Scoped, id: number, lock = false): Promise<DeliveryRow | null> {
  const q = s.tx
    .select()
    .from(careParcelDeliveries)
    .where(and(eq(careParcelDeliveries.id, id), inSubtree(s, careParcelDeliveries.orgPath)));
  return ((lock ? await q.for('update') : await q)[0] ?? null) as DeliveryRow | null;
}
export async function setFeedback(
  s: Scoped,
  id: number,
  f: { feedbackOn: string; feedbackSatisfaction: string; feedbackMessage: string },
): Promise<DeliveryRow> {
  return (await s.tx.update(careParcelDeliveries).set(f).where(eq(careParcelDeliveries.id, id)).returning())[0]!;
}
export async function deliveriesOf(s: Scoped, allocationIds: readonly number[]): Promise<DeliveryRow[]> {
  if (!allocationIds.length) return [];
  return s.tx
    .select()
    .from(careParcelDeliveries)
    .where(
      and(inArray(careParcelDeliveries.allocationId, [...allocationIds]), inSubtree(s, careParcelDeliveries.orgPath)),
    )
    .orderBy(asc(careParcelDeliveries.id));
}
export async function deliveriesOfPerson(s: Scoped, personId: number): Promise<DeliveryRow[]> {
  return s.tx
    .select()
    .from(careParcelDeliveries)
    .where(and(eq(careParcelDeliveries.personId, personId), inSubtree(s, careParcelDeliveries.orgPath)))
    .limit(50);
}

/* 节日慰问 */

export async function insertGreetingList(s: Scoped, row: typeof careGreetingLists.$inferInsert) {
  return (await s.tx.insert(careGreetingLists).values(row).returning())[0]!;
}
export async function insertGreetingEntries(s: Scoped, rows: (typeof careGreetingEntries.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 500)
    await s.tx
      .insert(careGreetingEntries)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing();
}
export async function findGreetingList(s: Scoped, id: number): Promise<GreetingListRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(careGreetingLists)
        .where(and(eq(careGreetingLists.id, id), inSubtree(s, careGreetingLists.orgPath)))
    )[0] ?? null
  );
}
export async function listGreetingLists(s: Scoped): Promise<GreetingListRow[]> {
  return s.tx
    .select()
    .from(careGreetingLists)
    .where(inSubtree(s, careGreetingLists.orgPath))
    .orderBy(asc(careGreetingLists.id));
}
export async function greetingEntries(s: Scoped, listId: number) {
  return s.tx
    .select()
    .from(careGreetingEntries)
    .where(and(eq(careGreetingEntries.listId, listId), inSubtree(s, careGreetingEntries.orgPath)))
    .orderBy(asc(careGreetingEntries.orgPath), asc(careGreetingEntries.id));
}
export async function markGreeted(s: Scoped, listId: number, entryId: number, by: string): Promise<boolean> {
  const rows = await s.tx
    .update(careGreetingEntries)
    .set({ greetedAt: new Date(), greetedBy: by })
    .where(
      and(
        eq(careGreetingEntries.id, entryId),
        eq(careGreetingEntries.listId, listId),
        inSubtree(s, careGreetingEntries.orgPath),
      ),
    )
    .returning();
  return rows.length > 0;
}
