import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { PersonListItem } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { queryRows } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { inSubtree, requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { orgRepository } from '../organizations/index.js';
import { auditPerson } from './people.views.js';
import { orgSummaries, personVisible } from './people.repository.js';
import { requirePerson, requireWritablePerson, type PeopleDeps, type PeopleService } from './people.service.js';
import { familyMembers, migrantProfiles, personGuardians, personMerges, persons, personTags } from './people.tables.js';

/**
 * Tables that point at a person, and the column that does. Modules that add such links register them here (through
 * the people module's index) so a merge moves every link without this file knowing those modules.
 */
const personLinks: { table: string; column: string }[] = [];
export function registerPersonLink(table: string, column: string): void {
  if (!/^[a-z_]+$/.test(table) || !/^[a-z_]+$/.test(column)) throw new Error('bad identifier');
  if (!personLinks.some((l) => l.table === table && l.column === column)) personLinks.push({ table, column });
}

export function createMergeService(deps: PeopleDeps, people: PeopleService) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    /** Suspected duplicates: the same name and birth date under one town (镇街), within the actor's subtree. */
    duplicates: (actor: UserActor, orgId: number | undefined) =>
      run(actor, async (s) => {
        let path = s.scopePath;
        if (orgId !== undefined) {
          const org = await orgRepository.findOrg(s, orgId);
          if (!org) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          path = org.path;
        }
        const groups = await queryRows<{ name: string; birth_date: string; town: string; ids: number[] }>(
          s.tx,
          sql`
          select name, birth_date::text as birth_date, subltree(org_path, 0, least(3, nlevel(org_path)))::text as town, array_agg(id order by id) as ids
          from persons where org_path <@ ${path}::ltree and status = 'active' and birth_date is not null
          group by name, birth_date, subltree(org_path, 0, least(3, nlevel(org_path))) having count(*) > 1
          order by name limit 200`,
        );
        const all = groups.flatMap((g) => g.ids.map(Number));
        const rows = all.length
          ? await s.tx
              .select()
              .from(persons)
              .where(and(inArray(persons.id, all), personVisible(s)))
          : [];
        const items = await people.listItems(s, rows);
        const towns = await orgSummaries(
          s,
          groups.map((g) => Number(g.town.split('.').pop())),
        );
        return {
          items: groups.map((g) => ({
            name: g.name,
            birthDate: g.birth_date,
            town: (towns.get(Number(g.town.split('.').pop())) ?? null) as never,
            persons: g.ids.map((id) => items.find((i) => i.id === Number(id))).filter((x): x is PersonListItem => !!x),
          })),
        };
      }),

    /** Moves every link of `source` to `target`, keeps the source row (status merged) and records why. */
    merge: (actor: UserActor, input: { sourceId: number; targetId: number; reason: string }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        if (input.sourceId === input.targetId)
          throw fieldError('VALIDATION_FAILED', 'targetId', '不能与自身合并', 'cannot merge a person into herself');
        const source = await requireWritablePerson(s, input.sourceId, 'sourceId');
        const target = await requireWritablePerson(s, input.targetId, 'targetId');
        if (source.status !== 'active') throw new AppError('PERSON_MERGED', { field: 'sourceId' });
        if (target.status !== 'active') throw new AppError('PERSON_MERGED', { field: 'targetId' });
        if (source.idNumberHash && target.idNumberHash && source.idNumberHash !== target.idNumberHash) {
          throw fieldError(
            'VALIDATION_FAILED',
            'targetId',
            '两人身份证号不同，不能合并',
            'the two records carry different ID numbers',
          );
        }
        const moved: Record<string, number> = {};
        const targetTags = new Set(
          (
            await s.tx
              .select({ tag: personTags.tag })
              .from(personTags)
              .where(and(eq(personTags.personId, target.id), isNull(personTags.removedAt)))
          ).map((r) => r.tag),
        );
        // duplicated current tags close on the source; the rest (and all history) move
        const dup = [...targetTags];
        if (dup.length)
          await s.tx
            .update(personTags)
            .set({ removedAt: new Date(), removedBy: `merge:${actor.username}` })
            .where(and(eq(personTags.personId, source.id), isNull(personTags.removedAt), inArray(personTags.tag, dup)));
        moved.person_tags = (
          await s.tx
            .update(personTags)
            .set({ personId: target.id, orgPath: target.orgPath, districtId: target.districtId })
            .where(eq(personTags.personId, source.id))
            .returning({ id: personTags.id })
        ).length;
        moved.family_members = (
          await s.tx
            .update(familyMembers)
            .set({ personId: target.id })
            .where(eq(familyMembers.personId, source.id))
            .returning({ id: familyMembers.id })
        ).length;
        const guardianRows = await s.tx
          .select()
          .from(personGuardians)
          .where(or(eq(personGuardians.childId, source.id), eq(personGuardians.guardianId, source.id)));
        for (const g of guardianRows) {
          await s.tx
            .delete(personGuardians)
            .where(and(eq(personGuardians.childId, g.childId), eq(personGuardians.guardianId, g.guardianId)));
          const child = g.childId === source.id ? target.id : g.childId;
          const guardian = g.guardianId === source.id ? target.id : g.guardianId;
          if (child !== guardian)
            await s.tx
              .insert(personGuardians)
              .values({ ...g, childId: child, guardianId: guardian })
              .onConflictDoNothing();
        }
        moved.person_guardians = guardianRows.length;
        const targetProfile = (
          await s.tx.select().from(migrantProfiles).where(eq(migrantProfiles.personId, target.id))
        )[0];
        if (!targetProfile)
          moved.migrant_profiles = (
            await s.tx
              .update(migrantProfiles)
              .set({ personId: target.id, orgPath: target.orgPath })
              .where(eq(migrantProfiles.personId, source.id))
              .returning()
          ).length;
        for (const link of personLinks) {
          const res = await queryRows<{ n: number }>(
            s.tx,
            sql`with u as (update ${sql.identifier(link.table)} set ${sql.identifier(link.column)} = ${target.id} where ${sql.identifier(link.column)} = ${source.id} returning 1) select count(*)::int as n from u`,
          );
          moved[link.table] = Number(res[0]?.n ?? 0);
        }
        // Fill the target's empty fields from the source, so nothing known is lost.
        const fill: Record<string, unknown> = {};
        for (const k of [
          'idNumberEnc',
          'idNumberHash',
          'idNumberMasked',
          'phoneEnc',
          'phoneHash',
          'phoneMasked',
          'householdAddressEnc',
          'residenceAddressEnc',
          'ethnicity',
          'education',
          'occupation',
          'school',
          'careSituation',
          'birthDate',
          'gender',
        ] as const) {
          if (target[k] === null && source[k] !== null) fill[k] = source[k];
        }
        await s.tx
          .update(persons)
          .set({
            status: 'merged',
            mergedIntoId: target.id,
            idNumberHash: null,
            version: sql`${persons.version} + 1`,
            updatedAt: new Date(),
          })
          .where(eq(persons.id, source.id));
        if (Object.keys(fill).length)
          await s.tx
            .update(persons)
            .set({ ...fill, version: sql`${persons.version} + 1`, updatedAt: new Date() })
            .where(eq(persons.id, target.id));
        const [record] = await s.tx
          .insert(personMerges)
          .values({
            sourceId: source.id,
            targetId: target.id,
            orgPath: target.orgPath,
            reason: input.reason,
            sourceSnapshot: auditPerson(source, deps.crypto),
            moved,
            actorName: actor.username,
          })
          .returning();
        await appendAudit(s.tx, actor, {
          action: 'person.merge',
          targetType: 'person',
          targetId: target.id,
          orgId: target.orgId,
          orgPath: target.orgPath,
          reason: input.reason,
          before: auditPerson(source, deps.crypto),
          after: { mergedInto: target.id, moved, filled: Object.keys(fill) },
        });
        return {
          id: record!.id,
          sourceId: source.id,
          targetId: target.id,
          reason: input.reason,
          actorName: actor.username,
          mergedAt: record!.mergedAt.toISOString(),
          moved,
        };
      }),

    /** The merges that formed or absorbed this person, to explain a record afterwards. */
    merges: (actor: UserActor, personId: number) =>
      run(actor, async (s) => {
        const p = await s.tx
          .select()
          .from(persons)
          .where(and(eq(persons.id, personId), personVisible(s)));
        if (!p[0]) throw new AppError('PERSON_NOT_FOUND');
        const rows = await s.tx
          .select()
          .from(personMerges)
          .where(
            and(
              or(eq(personMerges.targetId, personId), eq(personMerges.sourceId, personId)),
              inSubtree(s, personMerges.orgPath),
            ),
          )
          .orderBy(desc(personMerges.mergedAt));
        return {
          items: rows.map((r) => ({
            id: r.id,
            sourceId: r.sourceId,
            targetId: r.targetId,
            reason: r.reason,
            actorName: r.actorName,
            mergedAt: r.mergedAt.toISOString(),
            moved: r.moved as Record<string, number>,
          })),
        };
      }),
  };
}
