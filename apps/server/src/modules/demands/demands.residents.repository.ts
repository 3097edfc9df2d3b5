import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { Scoped } from '../../platform/scope.js';
import * as repo from './demands.repository.js';
import type { ServiceItemRow } from './demands.catalogue.repository.js';
import { demands, serviceItems } from './demands.tables.js';

// The statements of the residents' side of demands (demands.residents.service.ts): her requests, the catalogue of
// her village and town, requests followed by tracking code.

export type DemandPatch = Partial<typeof demands.$inferInsert>;

/** Her own request by id, or null, whatever id she tries (RLS admits only hers underneath). */
export async function findResidentDemand(
  s: Scoped,
  residentId: number,
  id: number,
  lock = false,
): Promise<repo.DemandRow | null> {
  return repo.findDemand(s, id, { lock, visible: eq(demands.residentId, residentId) });
}

/** Her requests, newest first, below the id `beforeId` when given: `take` rows at most. */
export async function residentDemands(
  s: Scoped,
  residentId: number,
  beforeId: number | null,
  take: number,
): Promise<repo.DemandRow[]> {
  return s.tx
    .select()
    .from(demands)
    .where(and(eq(demands.residentId, residentId), beforeId !== null ? lt(demands.id, beforeId) : undefined))
    .orderBy(desc(demands.id))
    .limit(take);
}

/** The one request whose tracking hash the caller presents (RLS admits exactly that row), or null. */
export async function findTrackedDemand(s: Scoped, hash: string, lock = false): Promise<repo.DemandRow | null> {
  const q = s.tx.select().from(demands).where(eq(demands.trackingHash, hash));
  const [d] = lock ? await q.for('update') : await q;
  return d ?? null;
}

/** The active services of these orgs (her village and town), by org. */
export async function activeServiceItemsOf(s: Scoped, orgIds: number[]): Promise<ServiceItemRow[]> {
  if (!orgIds.length) return [];
  return s.tx
    .select()
    .from(serviceItems)
    .where(and(sql`${serviceItems.orgId} in ${sql.raw(`(${orgIds.join(',')})`)}`, eq(serviceItems.active, true)))
    .orderBy(serviceItems.orgId, serviceItems.id);
}

export async function findServiceItemById(s: Scoped, id: number): Promise<ServiceItemRow | null> {
  const [item] = await s.tx.select().from(serviceItems).where(eq(serviceItems.id, id));
  return item ?? null;
}

/** One order at a time per service (held to the end of the transaction). */
export async function lockServiceOrders(s: Scoped, serviceItemId: number): Promise<void> {
  await s.tx.execute(sql`select pg_advisory_xact_lock(727105, ${serviceItemId}::int)`);
}

/**
 * Whether the resident asked something of an org in the actor's scope (staff may then read her account and link it).
 */
export async function isRequesterIn(s: Scoped, residentId: number): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    s.tx,
    sql`select 1 as one from demands where resident_id = ${residentId} and ${repo.demandsInScope(s)} limit 1`,
  );
  return rows.length > 0;
}

/** After a cadre linked a resident to a registry person: her requests in the scope name the person too (timeline). */
export async function attachPersonToRequests(s: Scoped, residentId: number, personId: number): Promise<void> {
  await s.tx
    .update(demands)
    .set({ personId })
    .where(and(eq(demands.residentId, residentId), sql`${demands.personId} is null`, repo.demandsInScope(s)));
}
