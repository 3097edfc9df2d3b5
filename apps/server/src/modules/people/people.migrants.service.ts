import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { inOrder, queryRows } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { inSubtree, requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { orgRepository } from '../organizations/index.js';
import { orgSummaries, personVisible, type PersonRow } from './people.repository.js';
import { requirePerson, requireWritablePerson, type PeopleService, type PeopleDeps } from './people.service.js';
import { migrantProfiles, persons } from './people.tables.js';

type ProfileInput = {
  currentProvince: string;
  currentCity?: string | null | undefined;
  employer?: string | null | undefined;
  industry?: string | null | undefined;
  skills: string[];
  returnIntention: string;
};

/**
 * The mobile federation that serves a woman where she works: an active 流动妇联 attached to one of her home orgs'
 * ancestors whose host province (and city, when it names one) is where she is now. The most local one wins.
 */
async function matchMobileFederation(
  s: Scoped,
  person: PersonRow,
  province: string,
  city: string | null,
): Promise<number | null> {
  const rows = await queryRows<{ id: number | null }>(
    s.tx,
    sql`select jinguo_match_mobile_federation(${person.orgPath}::ltree, ${province}, ${city}) as id`,
  );
  return rows[0]?.id == null ? null : Number(rows[0].id);
}

export function createMigrantsService(deps: PeopleDeps, people: PeopleService) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function profileView(s: Scoped, row: typeof migrantProfiles.$inferSelect) {
    const mobile = row.mobileFederationId
      ? ((await orgSummaries(s, [row.mobileFederationId])).get(row.mobileFederationId) ?? null)
      : null;
    return {
      personId: row.personId,
      currentProvince: row.currentProvince,
      currentCity: row.currentCity,
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
        const row = (await s.tx.select().from(migrantProfiles).where(eq(migrantProfiles.personId, personId)))[0];
        if (!row) throw new AppError('NOT_FOUND');
        return profileView(s, row);
      }),

    set: (actor: UserActor, personId: number, input: ProfileInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const p = await requireWritablePerson(s, personId); // a mobile federation reads, the home org writes
        const mobileFederationId = await matchMobileFederation(s, p, input.currentProvince, input.currentCity ?? null);
        const values = {
          personId,
          orgPath: p.orgPath,
          districtId: p.districtId,
          currentProvince: input.currentProvince,
          currentCity: input.currentCity ?? null,
          employer: input.employer ?? null,
          industry: input.industry ?? null,
          skills: input.skills,
          returnIntention: input.returnIntention,
          mobileFederationId,
          updatedAt: new Date(),
        };
        const before =
          (await s.tx.select().from(migrantProfiles).where(eq(migrantProfiles.personId, personId)))[0] ?? null;
        const [row] = await s.tx
          .insert(migrantProfiles)
          .values(values)
          .onConflictDoUpdate({ target: migrantProfiles.personId, set: values })
          .returning();
        await appendAudit(s.tx, actor, {
          action: 'person.migrant.set',
          targetType: 'person',
          targetId: personId,
          orgId: p.orgId,
          orgPath: p.orgPath,
          before,
          after: { ...input, mobileFederationId },
        });
        return profileView(s, row!);
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
        cursor?: string | undefined;
        limit: number;
      },
    ) =>
      run(actor, async (s) => {
        const conds: SQL[] = [personVisible(s), eq(persons.status, 'active')];
        if (s.mobileOrgId === null) conds.push(inSubtree(s, migrantProfiles.orgPath));
        if (q.homeOrgId !== undefined) {
          const org = await orgRepository.findOrg(s, q.homeOrgId);
          if (!org) throw new AppError('ORG_NOT_FOUND', { field: 'homeOrgId' });
          conds.push(sql`${persons.orgPath} <@ ${org.path}::ltree`);
        }
        if (q.province) conds.push(eq(migrantProfiles.currentProvince, q.province));
        if (q.city) conds.push(eq(migrantProfiles.currentCity, q.city));
        const after = decodeCursor<{ id: number }>(q.cursor);
        if (after) conds.push(gt(persons.id, Number(after.id) || 0));
        const rows = await s.tx
          .select({ p: persons, m: migrantProfiles })
          .from(migrantProfiles)
          .innerJoin(persons, eq(persons.id, migrantProfiles.personId))
          .where(and(...conds))
          .orderBy(asc(persons.id))
          .limit(q.limit + 1);
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
