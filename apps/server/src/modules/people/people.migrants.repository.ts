import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { personVisible } from './people.repository.js';
import { migrantProfiles, persons } from './people.tables.js';

/** Every SQL statement on migrant profiles (流动妇女). */

export type MigrantProfileRow = typeof migrantProfiles.$inferSelect;

export async function profileOf(s: Scoped, personId: number): Promise<MigrantProfileRow | null> {
  return (await s.tx.select().from(migrantProfiles).where(eq(migrantProfiles.personId, personId)))[0] ?? null;
}

export async function upsertProfile(
  s: Scoped,
  values: typeof migrantProfiles.$inferInsert,
): Promise<MigrantProfileRow> {
  const [row] = await s.tx
    .insert(migrantProfiles)
    .values(values)
    .onConflictDoUpdate({ target: migrantProfiles.personId, set: values })
    .returning();
  return row!;
}

/**
 * The mobile federation that serves a woman where she works: an active 流动妇联 attached to one of her home orgs'
 * ancestors whose host province (and city, when it names one) is where she is now. The most local one wins.
 */
export async function matchMobileFederation(
  s: Scoped,
  orgPath: string,
  province: string,
  city: string | null,
): Promise<number | null> {
  const rows = await queryRows<{ id: number | null }>(
    s.tx,
    sql`select jinguo_match_mobile_federation(${orgPath}::ltree, ${province}, ${city}) as id`,
  );
  return rows[0]?.id == null ? null : Number(rows[0].id);
}

/**
 * Active migrant women with their profiles, by person id after `afterId`: within `homePath` (a home org subtree) and
 * where they are now when given. A mobile federation sees its members only.
 */
export async function listMigrants(
  s: Scoped,
  q: { homePath: string | null; province?: string | undefined; city?: string | undefined; afterId: number | null },
  limit: number,
) {
  const conds: SQL[] = [personVisible(s), eq(persons.status, 'active')];
  if (s.mobileOrgId === null) conds.push(inSubtree(s, migrantProfiles.orgPath));
  if (q.homePath !== null) conds.push(sql`${persons.orgPath} <@ ${q.homePath}::ltree`);
  if (q.province) conds.push(eq(migrantProfiles.currentProvince, q.province));
  if (q.city) conds.push(eq(migrantProfiles.currentCity, q.city));
  if (q.afterId !== null) conds.push(gt(persons.id, q.afterId));
  return s.tx
    .select({ p: persons, m: migrantProfiles })
    .from(migrantProfiles)
    .innerJoin(persons, eq(persons.id, migrantProfiles.personId))
    .where(and(...conds))
    .orderBy(asc(persons.id))
    .limit(limit);
}
