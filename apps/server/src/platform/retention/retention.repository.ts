import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { retentionPolicies, retentionRuns } from './retention.tables.js';

/** Retention policies and runs: platform tables with no personal data (decision 0016). */
export type PolicyRow = typeof retentionPolicies.$inferSelect;
export type RunRow = typeof retentionRuns.$inferSelect;

export async function policies(tx: Tx): Promise<PolicyRow[]> {
  return tx.select().from(retentionPolicies);
}

export async function updatePolicy(
  tx: Tx,
  recordType: string,
  set: { purpose: string; retentionDays: number; enabled: boolean; updatedBy: string },
): Promise<PolicyRow | null> {
  const [row] = await tx
    .insert(retentionPolicies)
    .values({ recordType, ...set })
    .onConflictDoUpdate({ target: retentionPolicies.recordType, set: { ...set, updatedAt: new Date() } })
    .returning();
  return row ?? null;
}

export async function insertRun(tx: Tx, values: typeof retentionRuns.$inferInsert): Promise<RunRow> {
  const [row] = await tx.insert(retentionRuns).values(values).returning();
  return row!;
}

export async function findRun(tx: Tx, id: number, forUpdate = false): Promise<RunRow | null> {
  const q = tx.select().from(retentionRuns).where(eq(retentionRuns.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

/** Marks a dry-run report carried out; null when it was already (two confirmations at once: one wins). */
export async function markApplied(tx: Tx, id: number): Promise<RunRow | null> {
  const [row] = await tx
    .update(retentionRuns)
    .set({ appliedAt: new Date() })
    .where(and(eq(retentionRuns.id, id), isNull(retentionRuns.appliedAt)))
    .returning();
  return row ?? null;
}

export async function recentRuns(tx: Tx, limit: number): Promise<RunRow[]> {
  return tx.select().from(retentionRuns).orderBy(desc(retentionRuns.id)).limit(limit);
}
