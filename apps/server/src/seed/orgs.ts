import { chinaDate, startOfChinaDay } from '../platform/time.js';
import type { DbHandle } from '../platform/db/client.js';
import { DISTRICT_POPULATION, weighted } from './distributions.js';

/** One org of the network as the visit and demand generators need it. */
export interface SeedOrg {
  id: number;
  path: string;
  districtId: number;
  type: string;
  name: string;
  divisionCode: string | null;
}

export async function seedRows<T>(handle: DbHandle, text: string, params: unknown[] = []): Promise<T[]> {
  return handle.pool
    ? ((await handle.pool.query(text, params)).rows as T[])
    : (await handle.pglite!.query<T>(text, params)).rows;
}

/**
 * Villages, towns and districts of the real hierarchy, and a picker weighted by district population (most demands and
 * visits happen in villages and communities, fewer at the town, few at the district).
 */
export async function seedOrgs(handle: DbHandle) {
  const rows = await seedRows<{
    id: number;
    path: string;
    district_id: number;
    type: string;
    name: string;
    division_code: string | null;
  }>(
    handle,
    `select id, path::text as path, district_id, type, name, division_code from organizations
     where status = 'active' and type in ('village_federation', 'town_federation', 'district_federation', 'functional_zone_federation') and district_id is not null order by id`,
  );
  const all = rows.map(
    (r) =>
      ({
        id: Number(r.id),
        path: r.path,
        districtId: Number(r.district_id),
        type: r.type,
        name: r.name,
        divisionCode: r.division_code,
      }) as SeedOrg,
  );
  const byLevel = (types: string[]) => all.filter((o) => types.includes(o.type));
  const villages = byLevel(['village_federation']);
  const towns = byLevel(['town_federation']);
  const districts = byLevel(['district_federation', 'functional_zone_federation']);
  if (!villages.length) throw new Error('no villages: load the organization network first');
  const weightOf = (list: SeedOrg[]) => {
    const per = new Map<number, number>();
    for (const o of list) per.set(o.districtId, (per.get(o.districtId) ?? 0) + 1);
    const code = new Map(districts.map((d) => [d.id, d.divisionCode?.slice(0, 6) ?? '']));
    return list.map((o) => (DISTRICT_POPULATION[code.get(o.districtId) ?? ''] ?? 50) / per.get(o.districtId)!);
  };
  const pickVillage = weighted(villages, weightOf(villages));
  const pickTown = towns.length ? weighted(towns, weightOf(towns)) : pickVillage;
  const pickDistrict = districts.length
    ? weighted(
        districts,
        districts.map((d) => DISTRICT_POPULATION[d.divisionCode?.slice(0, 6) ?? ''] ?? 50),
      )
    : pickTown;
  return {
    villages,
    towns,
    districts,
    /** A village (share `village`), town (`town`) or district (the rest). */
    pick(u: number, v: number, shares: { village: number; town: number }): SeedOrg {
      return u < shares.village ? pickVillage(v) : u < shares.village + shares.town ? pickTown(v) : pickDistrict(v);
    },
  };
}

/** Persons by home org (a sample, so the registry of any size fits in memory): requesters and visited women. */
export async function personsByOrg(handle: DbHandle, limit = 300_000): Promise<Map<number, number[]>> {
  const rows = await seedRows<{ id: number; org_id: number }>(
    handle,
    `select id, org_id from persons where status = 'active' and (gender = 'female' or gender is null) order by id desc limit ${limit}`,
  );
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const list = out.get(Number(r.org_id)) ?? [];
    list.push(Number(r.id));
    out.set(Number(r.org_id), list);
  }
  return out;
}

/**
 * A day in the last five years, more recent days more likely (the work grew), as a China date and an instant in office
 * hours.
 */
export function pastInstant(next: () => number, now: number, years = 5): Date {
  const ageDays = Math.floor(years * 365 * (1 - Math.sqrt(next())));
  const chinaMidnight = startOfChinaDay(chinaDate(new Date(now))).getTime();
  const t = chinaMidnight - ageDays * 86_400_000 + (8 + next() * 11) * 3_600_000;
  return new Date(Math.min(t, now - 60_000));
}
