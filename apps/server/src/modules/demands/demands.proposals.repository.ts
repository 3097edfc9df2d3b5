import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import { orgDirectory } from '../organizations/index.js';
import { deputyProposals } from './demands.tables.js';

/* The SQL of 人大建议 / 政协提案 (demands.proposals.service.ts). Reads take the actor's Scoped: RLS admits the subtree. */

export type ProposalRow = typeof deputyProposals.$inferSelect & { orgName: string };
export type ProposalPatch = Partial<
  Omit<typeof deputyProposals.$inferInsert, 'id' | 'orgId' | 'orgPath' | 'districtId' | 'createdAt' | 'createdBy'>
>;

const columns = { p: deputyProposals, orgName: orgDirectory.name };
const flat = (r: { p: typeof deputyProposals.$inferSelect; orgName: string | null }): ProposalRow => ({
  ...r.p,
  orgName: r.orgName ?? '',
});

export async function listProposals(
  s: Scoped,
  path: string,
  q: { kind?: string | undefined; status?: string | undefined },
): Promise<ProposalRow[]> {
  const where: SQL[] = [sql`${deputyProposals.orgPath} <@ ${path}::ltree`];
  if (q.kind) where.push(eq(deputyProposals.kind, q.kind));
  if (q.status) where.push(eq(deputyProposals.status, q.status));
  const rows = await s.tx
    .select(columns)
    .from(deputyProposals)
    .leftJoin(orgDirectory, eq(orgDirectory.id, deputyProposals.orgId))
    .where(and(...where))
    .orderBy(desc(deputyProposals.createdAt), desc(deputyProposals.id))
    .limit(500);
  return rows.map(flat);
}

/** One record within `path`, locked for update when asked; null when absent or outside. */
export async function findProposal(s: Scoped, id: number, path: string, lock = false): Promise<ProposalRow | null> {
  const q = s.tx
    .select(columns)
    .from(deputyProposals)
    .leftJoin(orgDirectory, eq(orgDirectory.id, deputyProposals.orgId))
    .where(and(eq(deputyProposals.id, id), sql`${deputyProposals.orgPath} <@ ${path}::ltree`));
  const [r] = lock ? await q.for('update', { of: deputyProposals }) : await q;
  return r ? flat(r) : null;
}

export async function insertProposal(s: Scoped, row: typeof deputyProposals.$inferInsert): Promise<number> {
  const [r] = await s.tx.insert(deputyProposals).values(row).returning({ id: deputyProposals.id });
  return r!.id;
}

/** Applies the patch when the record is still at `version`; false when someone changed it first. */
export async function updateProposal(s: Scoped, id: number, version: number, patch: ProposalPatch): Promise<boolean> {
  const rows = await s.tx
    .update(deputyProposals)
    .set({ ...patch, version: sql`${deputyProposals.version} + 1`, updatedAt: new Date() })
    .where(and(eq(deputyProposals.id, id), eq(deputyProposals.version, version)))
    .returning({ id: deputyProposals.id });
  return rows.length > 0;
}

export async function deleteProposal(s: Scoped, id: number): Promise<void> {
  await s.tx.delete(deputyProposals).where(eq(deputyProposals.id, id));
}
