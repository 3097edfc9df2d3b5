import type { PersonListItem } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { Extensions } from '../../platform/modules.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as directory from './people.directory.repository.js';
import { auditPerson } from './people.views.js';
import * as mergeRepo from './people.merge.repository.js';
import { orgSummaries } from './people.repository.js';
import { requirePerson, requireWritablePerson, type PeopleDeps, type PeopleService } from './people.service.js';

/**
 * A merge moves every link to the merged person: the tables that point at a person, and the column that does, are
 * what the modules declare (`personLinks`), so this file knows none of those modules.
 */
export function createMergeService(
  deps: PeopleDeps & { extensions: Pick<Extensions, 'personLinks'> },
  people: PeopleService,
) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    /** Suspected duplicates: the same name and birth date under one town (镇街), within the actor's subtree. */
    duplicates: (actor: UserActor, orgId: number | undefined) =>
      run(actor, async (s) => {
        let path = s.scopePath;
        if (orgId !== undefined) {
          const org = await directory.findOrg(s, orgId);
          if (!org) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          path = org.path;
        }
        const groups = await mergeRepo.duplicateGroups(s, path);
        const all = groups.flatMap((g) => g.ids.map(Number));
        const rows = await mergeRepo.visiblePersons(s, all);
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
        const targetTags = new Set(await mergeRepo.currentTagCodes(s, target.id));
        // duplicated current tags close on the source; the rest (and all history) move
        const dup = [...targetTags];
        await mergeRepo.closeTags(s, source.id, dup, `merge:${actor.username}`);
        moved.person_tags = await mergeRepo.moveTags(s, source.id, target);
        moved.family_members = await mergeRepo.moveFamilyMemberships(s, source.id, target.id);
        moved.person_guardians = await mergeRepo.moveGuardianships(s, source.id, target.id);
        moved.person_consents = await mergeRepo.moveConsents(s, source.id, target);
        const profiles = await mergeRepo.moveMigrantProfile(s, source.id, target);
        if (profiles !== null) moved.migrant_profiles = profiles;
        for (const link of deps.extensions.personLinks)
          moved[link.table] = await mergeRepo.moveLink(s, link, source.id, target.id);

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
        await mergeRepo.markMerged(s, source.id, target.id);
        if (Object.keys(fill).length) await mergeRepo.fillPerson(s, target.id, fill);
        const record = await mergeRepo.insertMerge(s, {
          sourceId: source.id,
          targetId: target.id,
          orgPath: target.orgPath,
          reason: input.reason,
          sourceSnapshot: auditPerson(source, deps.crypto),
          moved,
          actorName: actor.username,
        });
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
          id: record.id,
          sourceId: source.id,
          targetId: target.id,
          reason: input.reason,
          actorName: actor.username,
          mergedAt: record.mergedAt.toISOString(),
          moved,
        };
      }),

    /** The merges that formed or absorbed this person, to explain a record afterwards. */
    merges: (actor: UserActor, personId: number) =>
      run(actor, async (s) => {
        await requirePerson(s, personId);
        const rows = await mergeRepo.mergesOf(s, personId);
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
