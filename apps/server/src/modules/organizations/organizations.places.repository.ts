import { eq, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { organizations } from './organizations.tables.js';

// The public reads of the network other modules make outside any staff scope: the residents' portal names her
// village and town, checks the place she chose, lists places to choose from (names of federations are public).

/** An organization as other modules may know it, whoever asks (no scope test: only public facts). */
export interface PublicOrg {
  id: number;
  code: string;
  name: string;
  type: string;
  status: string;
  path: string;
  districtId: number | null;
  parentId: number | null;
}

/** One organization by id, or null, in the caller's transaction (row-level security still applies underneath). */
export async function findPublicOrg(q: Queryable, id: number): Promise<PublicOrg | null> {
  const [o] = await q
    .select({
      id: organizations.id,
      code: organizations.code,
      name: organizations.name,
      type: organizations.type,
      status: organizations.status,
      path: organizations.path,
      districtId: organizations.districtId,
      parentId: organizations.parentId,
    })
    .from(organizations)
    .where(eq(organizations.id, id));
  return o ?? null;
}

const PLACE_TYPES = ['district_federation', 'functional_zone_federation', 'town_federation', 'village_federation'];

/**
 * Districts, towns and villages to choose from: the active children of `parentId` (of the city when none), or the
 * villages whose name contains `q`.
 */
export async function listPlaces(
  q: Queryable,
  filter: { parentId?: number | undefined; q?: string | undefined },
): Promise<{ id: number; name: string; type: string }[]> {
  const typeList = sql.raw(`(${PLACE_TYPES.map((t) => `'${t}'`).join(',')})`);
  const rows = filter.q
    ? await queryRows<{ id: number; name: string; type: string }>(
        q,
        sql`select id, name, type from organizations
              where status = 'active' and type = 'village_federation' and name like ${`%${filter.q.replace(/[%_\\]/g, '\\$&')}%`} order by name limit 30`,
      )
    : await queryRows<{ id: number; name: string; type: string }>(
        q,
        sql`select id, name, type from organizations where status = 'active' and type in ${typeList}
              and parent_id ${filter.parentId ? sql`= ${filter.parentId}` : sql`= (select id from organizations where parent_id is null and type = 'city_federation' order by id limit 1)`}
              order by division_code nulls last, code limit 500`,
      );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, type: r.type }));
}
