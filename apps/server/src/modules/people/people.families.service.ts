import { inOrder } from '../../platform/db/client.js';
import type { Family } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { maskAddress } from './people.views.js';
import { orgSummaries } from './people.repository.js';
import { requireHomeOrg, requirePerson, requireWritablePerson, type PeopleDeps } from './people.service.js';
import * as familiesRepo from './people.families.repository.js';

/** 家庭: households with members and relationships, and their honours (最美家庭, 五好家庭 …). */
export function createFamiliesService(deps: PeopleDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function requireFamily(s: Scoped, id: number) {
    const row = await familiesRepo.findFamily(s, id);
    if (!row) throw new AppError('FAMILY_NOT_FOUND');
    return row;
  }

  async function view(s: Scoped, f: familiesRepo.FamilyRow): Promise<Family> {
    const members = await familiesRepo.membersOf(s, f.id);
    const honours = await familiesRepo.honoursOf(s, f.id);
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
        const f = await familiesRepo.insertFamily(s, {
          orgId: org.id,
          orgPath: org.path,
          districtId: org.districtId,
          name: input.name,
          addressEnc: input.address ? deps.crypto.encrypt(input.address) : null,
        });
        await appendAudit(s.tx, actor, {
          action: 'family.create',
          targetType: 'family',
          targetId: f.id,
          orgId: org.id,
          orgPath: org.path,
          after: { name: input.name },
        });
        return view(s, f);
      }),

    get: (actor: UserActor, id: number) => run(actor, async (s) => view(s, await requireFamily(s, id))),

    ofPerson: (actor: UserActor, personId: number) =>
      run(actor, async (s) => {
        await requirePerson(s, personId);
        const rows = await familiesRepo.familiesOfPerson(s, personId);
        return { items: await inOrder(rows, (f) => view(s, f)) };
      }),

    addMember: (actor: UserActor, familyId: number, input: { personId: number; relationship: string }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const f = await requireFamily(s, familyId);
        const p = await requireWritablePerson(s, input.personId, 'personId');
        if (await familiesRepo.isCurrentMember(s, familyId, p.id))
          throw fieldError(
            'CONFLICT',
            'personId',
            '此人已是该家庭成员',
            'this person is already a member of the family',
          );
        await familiesRepo.insertMember(s, {
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
        if (!(await familiesRepo.endMember(s, familyId, personId, deps.today())))
          throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
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
        await familiesRepo.insertHonour(s, {
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
        const rows = await familiesRepo.familiesUnder(s, org.path, 200);
        return { items: await inOrder(rows, (f) => view(s, f)) };
      }),
  };
}
export type FamiliesService = ReturnType<typeof createFamiliesService>;
