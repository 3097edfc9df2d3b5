import { and, asc, desc, eq, gt, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { orgDirectory } from '../organizations/index.js';
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
 * ancestors with a catchment code her place code begins with. The most precise catchment, then the most local, wins.
 */
export async function matchMobileFederation(s: Scoped, orgPath: string, placeCode: string): Promise<number | null> {
  const rows = await queryRows<{ id: number | null }>(
    s.tx,
    sql`select jinguo_match_mobile_federation(${orgPath}::ltree, ${placeCode}) as id`,
  );
  return rows[0]?.id == null ? null : Number(rows[0].id);
}

/** Whether a federation of her home serves only a part of this place (广东 when it serves 深圳): too coarse to match. */
export async function federationWithin(s: Scoped, orgPath: string, placeCode: string): Promise<boolean> {
  const rows = await queryRows<{ within: boolean }>(
    s.tx,
    sql`select jinguo_mobile_federation_within(${orgPath}::ltree, ${placeCode}) as within`,
  );
  return rows[0]?.within === true;
}

/** The division code of the deepest org on her home path that has one and the reader sees (驷马社区 500154001001). */
export async function homeDivisionCode(s: Scoped, orgPath: string): Promise<string | null> {
  const ids = orgPath.split('.').map(Number);
  const [row] = await s.tx
    .select({ code: orgDirectory.divisionCode })
    .from(orgDirectory)
    .where(and(inArray(orgDirectory.id, ids), isNotNull(orgDirectory.divisionCode)))
    .orderBy(desc(orgDirectory.depth))
    .limit(1);
  return row?.code ?? null;
}

/**
 * Active migrant women with their profiles, by person id after `afterId`: within `homePath` (a home org subtree) and
 * where they are now when given (names, or a place code and those inside it); `unmatched`: only those whose current
 * place a cadre must fix. A mobile federation sees its members only.
 */
export async function listMigrants(
  s: Scoped,
  q: {
    homePath: string | null;
    province?: string | undefined;
    city?: string | undefined;
    placeCode?: string | undefined;
    unmatched?: boolean;
    afterId: number | null;
  },
  limit: number,
) {
  const conds: SQL[] = [personVisible(s), eq(persons.status, 'active')];
  if (s.mobileOrgId === null) conds.push(inSubtree(s, migrantProfiles.orgPath));
  if (q.homePath !== null) conds.push(sql`${persons.orgPath} <@ ${q.homePath}::ltree`);
  if (q.province) conds.push(eq(migrantProfiles.currentProvince, q.province));
  if (q.city) conds.push(eq(migrantProfiles.currentCity, q.city));
  if (q.placeCode) {
    const code = sql`coalesce(${migrantProfiles.currentDistrictCode}, ${migrantProfiles.currentCityCode}, ${migrantProfiles.currentProvinceCode})`;
    conds.push(sql`left(${code}, ${q.placeCode.length}) = ${q.placeCode}`);
  }
  if (q.unmatched) conds.push(isNotNull(migrantProfiles.placeIssue));
  if (q.afterId !== null) conds.push(gt(persons.id, q.afterId));
  return s.tx
    .select({ p: persons, m: migrantProfiles })
    .from(migrantProfiles)
    .innerJoin(persons, eq(persons.id, migrantProfiles.personId))
    .where(and(...conds))
    .orderBy(asc(persons.id))
    .limit(limit);
}
