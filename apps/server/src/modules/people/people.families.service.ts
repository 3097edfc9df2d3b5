import { inOrder } from '../../platform/db/client.js';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Family } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { inSubtree, requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { maskAddress } from './people.views.js';
import { orgSummaries } from './people.repository.js';
import { requireHomeOrg, requirePerson, requireWritablePerson, type PeopleDeps } from './people.service.js';
import { families, familyHonours, familyMembers, persons } from './people.tables.js';

/** 家庭: households with members and relationships, and their honours (最美家庭, 五好家庭 …). */
export function createFamiliesService(deps: PeopleDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function requireFamily(s: Scoped, id: number) {
    const row = (
      await s.tx
        .select()
        .from(families)
        .where(and(eq(families.id, id), inSubtree(s, families.orgPath)))
    )[0];
    if (!row) throw new AppError('FAMILY_NOT_FOUND');
    return row;
  }

  async function view(s: Scoped, f: typeof families.$inferSelect): Promise<Family> {
    const members = await s.tx
      .select({
        personId: familyMembers.personId,
        name: persons.name,
        relationship: familyMembers.relationship,
        since: familyMembers.since,
        until: familyMembers.until,
      })
      .from(familyMembers)
      .innerJoin(persons, eq(persons.id, familyMembers.personId))
      .where(eq(familyMembers.familyId, f.id))
      .orderBy(asc(familyMembers.id));
    const honours = await s.tx
      .select()
      .from(familyHonours)
      .where(eq(familyHonours.familyId, f.id))
      .orderBy(asc(familyHonours.year));
    const org = (await orgSummaries(s, [f.orgId])).get(f.orgId)!;
    return {
      id: f.id,
      org: org as Family['org'],
      name: f.name,
      address: f.addressEnc ? maskAddress(deps.crypto.decrypt(f.addressEnc)) : null,
      members: members.map((m) => ({
        ...m,
        relationship: m.relationship as Family['members'][number]['relationship'],
      })),
      honours: honours.map((h) => ({
        id: h.id,
        honour: h.honour as Family['honours'][number]['honour'],
        level: h.level,
        year: h.year,
        awardedBy: h.awardedBy,
      })),
    };
  }

  return {
    create: (actor: UserActor, input: { orgId: number; name: string; address?: string | null | undefined }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const org = await requireHomeOrg(s, input.orgId);
        const [f] = await s.tx
          .insert(families)
          .values({
            orgId: org.id,
            orgPath: org.path,
            districtId: org.districtId,
            name: input.name,
            addressEnc: input.address ? deps.crypto.encrypt(input.address) : null,
          })
          .returning();
        await appendAudit(s.tx, actor, {
          action: 'family.create',
          targetType: 'family',
          targetId: f!.id,
          orgId: org.id,
          orgPath: org.path,
          after: { name: input.name },
        });
        return view(s, f!);
      }),

    get: (actor: UserActor, id: number) => run(actor, async (s) => view(s, await requireFamily(s, id))),

    ofPerson: (actor: UserActor, personId: number) =>
      run(actor, async (s) => {
        await requirePerson(s, personId);
        const rows = await s.tx
          .select({ f: families })
          .from(families)
          .innerJoin(familyMembers, eq(familyMembers.familyId, families.id))
          .where(and(eq(familyMembers.personId, personId), inSubtree(s, families.orgPath)));
        return { items: await inOrder(rows, (r) => view(s, r.f)) };
      }),

    addMember: (actor: UserActor, familyId: number, input: { personId: number; relationship: string }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const f = await requireFamily(s, familyId);
        const p = await requireWritablePerson(s, input.personId, 'personId');
        const existing = await s.tx
          .select()
          .from(familyMembers)
          .where(
            and(eq(familyMembers.familyId, familyId), eq(familyMembers.personId, p.id), isNull(familyMembers.until)),
          );
        if (existing.length)
          throw fieldError(
            'CONFLICT',
            'personId',
            '此人已是该家庭成员',
            'this person is already a member of the family',
          );
        await s.tx.insert(familyMembers).values({
          familyId,
          personId: p.id,
          relationship: input.relationship,
          since: deps.today(),
          orgPath: f.orgPath,
          districtId: f.districtId,
        });
        await appendAudit(s.tx, actor, {
          action: 'family.member.add',
          targetType: 'family',
          targetId: familyId,
          orgId: f.orgId,
          orgPath: f.orgPath,
          after: input,
        });
        return view(s, f);
      }),

    endMember: (actor: UserActor, familyId: number, personId: number) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const f = await requireFamily(s, familyId);
        const rows = await s.tx
          .update(familyMembers)
          .set({ until: deps.today() })
          .where(
            and(
              eq(familyMembers.familyId, familyId),
              eq(familyMembers.personId, personId),
              isNull(familyMembers.until),
            ),
          )
          .returning();
        if (!rows.length) throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
        await appendAudit(s.tx, actor, {
          action: 'family.member.end',
          targetType: 'family',
          targetId: familyId,
          orgId: f.orgId,
          orgPath: f.orgPath,
          before: { personId },
        });
        return view(s, f);
      }),

    addHonour: (
      actor: UserActor,
      familyId: number,
      input: { honour: string; level: string; year: number; awardedBy?: string | null | undefined },
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const f = await requireFamily(s, familyId);
        await s.tx.insert(familyHonours).values({
          familyId,
          honour: input.honour,
          level: input.level,
          year: input.year,
          awardedBy: input.awardedBy ?? null,
          orgPath: f.orgPath,
          districtId: f.districtId,
        });
        await appendAudit(s.tx, actor, {
          action: 'family.honour.add',
          targetType: 'family',
          targetId: familyId,
          orgId: f.orgId,
          orgPath: f.orgPath,
          after: input,
        });
        return view(s, f);
      }),

    /** Families of an org subtree, newest first (for lists and the timeline). */
    list: (actor: UserActor, orgId: number) =>
      run(actor, async (s) => {
        const org = await requireHomeOrg(s, orgId);
        const rows = await s.tx
          .select()
          .from(families)
          .where(and(sql`${families.orgPath} <@ ${org.path}::ltree`, inSubtree(s, families.orgPath)))
          .orderBy(asc(families.name))
          .limit(200);
        return { items: await inOrder(rows, (f) => view(s, f)) };
      }),
  };
}
