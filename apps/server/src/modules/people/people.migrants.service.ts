import { appendAudit } from '../../platform/audit/audit.service.js';
import { inOrder } from '../../platform/db/client.js';
import type { MigrantProfileInput, PlaceIssue } from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { placeData } from '../../platform/places/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as directory from './people.directory.repository.js';
import { currentPlaceOf, homePlaceOf, storedPlace } from './people.migrants.policy.js';
import * as migrantsRepo from './people.migrants.repository.js';
import { orgSummaries } from './people.repository.js';
import { requirePerson, requireWritablePerson, type PeopleService, type PeopleDeps } from './people.service.js';

export function createMigrantsService(deps: PeopleDeps, people: PeopleService) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function profileView(s: Scoped, row: migrantsRepo.MigrantProfileRow) {
    const mobile = row.mobileFederationId
      ? ((await orgSummaries(s, [row.mobileFederationId])).get(row.mobileFederationId) ?? null)
      : null;
    const data = placeData();
    return {
      personId: row.personId,
      currentProvince: row.currentProvince,
      currentCity: row.currentCity,
      currentPlace: storedPlace(data, {
        province: row.currentProvinceCode,
        city: row.currentCityCode,
        district: row.currentDistrictCode,
      }),
      currentPlaceText: row.currentPlaceText,
      homePlace: storedPlace(data, {
        province: row.homeProvinceCode,
        city: row.homeCityCode,
        district: row.homeDistrictCode,
      }),
      placeIssue: row.placeIssue as PlaceIssue | null,
      employer: row.employer,
      industry: row.industry,
      skills: row.skills,
      returnIntention: row.returnIntention,
      mobileFederation: mobile as never,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  return {
    get: (actor: UserActor, personId: number) =>
      run(actor, async (s) => {
        await requirePerson(s, personId);
        const row = await migrantsRepo.profileOf(s, personId);
        if (!row) throw new AppError('NOT_FOUND');
        return profileView(s, row);
      }),

    /**
     * Where she works now as place codes, and the mobile federation whose catchment holds them. A place that names
     * nothing, or too little for her federations, is saved with its issue and listed for a cadre (`unmatched`).
     */
    set: (actor: UserActor, personId: number, input: MigrantProfileInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const data = placeData();
        const current = currentPlaceOf(data, input); // refuses bad codes before anything is read or written
        const p = await requireWritablePerson(s, personId); // a mobile federation reads, the home org writes
        const home = homePlaceOf(data, input, await migrantsRepo.homeDivisionCode(s, p.orgPath));
        const code = current.place?.code ?? null;
        const mobileFederationId = code ? await migrantsRepo.matchMobileFederation(s, p.orgPath, code) : null;
        const placeIssue: PlaceIssue | null =
          current.issue ??
          (code && mobileFederationId === null && (await migrantsRepo.federationWithin(s, p.orgPath, code))
            ? 'coarse'
            : null);
        const province = current.place ? data.byCode.get(current.place.provinceCode)!.name : null;
        const city = current.place?.cityCode ? data.byCode.get(current.place.cityCode)!.name : null;
        const values = {
          personId,
          orgPath: p.orgPath,
          districtId: p.districtId,
          currentProvince: current.place ? province : (input.currentProvince ?? null),
          currentCity: current.place ? city : (input.currentCity ?? null),
          currentPlaceText: current.text,
          currentProvinceCode: current.place?.provinceCode ?? null,
          currentCityCode: current.place?.cityCode ?? null,
          currentDistrictCode: current.place?.districtCode ?? null,
          homeProvinceCode: home?.provinceCode ?? null,
          homeCityCode: home?.cityCode ?? null,
          homeDistrictCode: home?.districtCode ?? null,
          placeIssue,
          employer: input.employer ?? null,
          industry: input.industry ?? null,
          skills: input.skills ?? [],
          returnIntention: input.returnIntention ?? 'none',
          mobileFederationId,
          updatedAt: new Date(),
        };
        const before = await migrantsRepo.profileOf(s, personId);
        const row = await migrantsRepo.upsertProfile(s, values);
        await appendAudit(s.tx, actor, {
          action: 'person.migrant.set',
          targetType: 'person',
          targetId: personId,
          orgId: p.orgId,
          orgPath: p.orgPath,
          before,
          after: {
            ...input,
            currentPlaceCode: code,
            homePlaceCode: home?.code ?? null,
            placeIssue,
            mobileFederationId,
          },
        });
        return profileView(s, row);
      }),

    /**
     * "All 开州 women in Shanghai": by home org subtree and where they are now. A mobile federation sees its members
     * only.
     */
    list: (
      actor: UserActor,
      q: {
        homeOrgId?: number | undefined;
        province?: string | undefined;
        city?: string | undefined;
        placeCode?: string | undefined;
        unmatched?: boolean;
        cursor?: string | undefined;
        limit: number;
      },
    ) =>
      run(actor, async (s) => {
        let homePath: string | null = null;
        if (q.homeOrgId !== undefined) {
          const org = await directory.findOrg(s, q.homeOrgId);
          if (!org) throw new AppError('ORG_NOT_FOUND', { field: 'homeOrgId' });
          homePath = org.path;
        }
        const after = decodeCursor<{ id: number }>(q.cursor);
        const rows = await migrantsRepo.listMigrants(
          s,
          {
            homePath,
            province: q.province,
            city: q.city,
            placeCode: q.placeCode,
            unmatched: q.unmatched ?? false,
            afterId: after ? Number(after.id) || 0 : null,
          },
          q.limit + 1,
        );
        const page = rows.slice(0, q.limit);
        const items = await people.listItems(
          s,
          page.map((r) => r.p),
        );
        const ancestors = await orgSummaries(
          s,
          page.flatMap((r) => r.p.orgPath.split('.').slice(1, 3).map(Number)),
        );
        return {
          items: await inOrder(page, async (r, i) => {
            const [district, town] = r.p.orgPath
              .split('.')
              .slice(1, 3)
              .map((id) => ancestors.get(Number(id))?.name ?? null);
            return {
              person: items[i]!,
              profile: await profileView(s, r.m),
              homeDistrict: district ?? null,
              homeTown: town ?? null,
            };
          }),
          nextCursor: rows.length > q.limit ? encodeCursor({ id: page[page.length - 1]!.p.id }) : null,
        };
      }),
  };
}
