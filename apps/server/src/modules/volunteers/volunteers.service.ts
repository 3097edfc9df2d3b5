import type { Availability, TeamInput, TeamKind, VolunteerInput, VolunteerSkill } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { requireOrgInScope, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import type { PeopleApi } from '../people/index.js';
import * as foreign from './volunteers.directory.repository.js';
import * as repo from './volunteers.repository.js';
import { teamViews, volunteerViews } from './volunteers.views.js';

export interface VolunteersDeps {
  handle: DbHandle;
  today: () => string;
  people: Pick<PeopleApi, 'findPerson'>;
}

/** The org a use case names: in the actor's subtree and active, or 404 naming the field. */
export async function requireOrg(s: Scoped, orgId: number, field = 'orgId') {
  return requireOrgInScope(s, (await foreign.orgsById(s, [orgId])).get(orgId), { field, active: true });
}

/** Teams of a volunteer lie in the subtree, are active, and take her only from their org's subtree. */
async function checkTeams(s: Scoped, volunteerPath: string, teamIds: readonly number[]) {
  const found = new Map((await repo.teamsById(s, teamIds)).map((t) => [t.id, t]));
  teamIds.forEach((id, i) => {
    const t = found.get(id);
    if (!t) throw new AppError('NOT_FOUND', { field: `teamIds.${i}`, zh: '队伍不存在', en: 'Team not found' });
    if (t.status !== 'active' || !(volunteerPath === t.orgPath || volunteerPath.startsWith(`${t.orgPath}.`)))
      throw fieldError(
        'VALIDATION_FAILED',
        `teamIds.${i}`,
        '队伍已解散或不在志愿者所在组织之上',
        'the team is dissolved or not above the volunteer’s org',
      );
  });
}

/** An account linked to a volunteer: active, of the volunteer role, in the subtree, not linked to another volunteer. */
async function checkAccount(s: Scoped, userId: number, selfId: number | null) {
  const u = (await foreign.usersById(s, [userId])).get(userId);
  if (!u || u.status !== 'active' || (s.scopePath !== null && !`${u.orgPath}.`.startsWith(`${s.scopePath}.`)))
    throw new AppError('USER_NOT_FOUND', { field: 'userId' });
  if (!u.roles.includes('volunteer'))
    throw fieldError(
      'VALIDATION_FAILED',
      'userId',
      '该账号没有志愿者角色',
      'the account does not hold the volunteer role',
    );
  const taken = await repo.volunteerTaken(s, { userId });
  if (taken !== null && taken !== selfId)
    throw new AppError('CONFLICT', {
      field: 'userId',
      zh: '该账号已关联其他志愿者',
      en: 'The account is linked to another volunteer',
    });
}

/** Teams and volunteers: register, change, list; each write audited and counted in its transaction. */
export function createVolunteersService(deps: VolunteersDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const requireTeam = async (s: Scoped, id: number) => {
    const t = await repo.findTeam(s, id);
    if (!t) throw new AppError('NOT_FOUND', { field: 'teamId', zh: '队伍不存在', en: 'Team not found' });
    return t;
  };
  const requireVolunteer = async (s: Scoped, id: number) => {
    const v = await repo.findVolunteer(s, id);
    if (!v) throw new AppError('NOT_FOUND', { field: 'volunteerId', zh: '志愿者不存在', en: 'Volunteer not found' });
    return v;
  };

  const createTeamIn = async (s: Scoped, actor: UserActor, input: TeamInput) => {
    const org = await requireOrg(s, input.orgId);
    if (input.foundedOn > deps.today())
      throw fieldError(
        'VALIDATION_FAILED',
        'foundedOn',
        '成立日期不能晚于今天',
        'the founding date cannot be in the future',
      );
    const t = await repo.insertTeam(s, {
      orgId: org.id,
      orgPath: org.path,
      districtId: org.districtId,
      kind: input.kind,
      name: input.name,
      description: input.description,
      foundedOn: input.foundedOn,
      createdBy: actor.displayName,
    });
    await bumpCounters(s.tx, {
      orgPath: org.path,
      day: input.foundedOn,
      deltas: { [input.kind === 'talk' ? 'volunteers.talk_teams' : 'volunteers.teams']: 1 },
    });
    await appendAudit(s.tx, actor, {
      action: 'volunteer.team.create',
      targetType: 'volunteer_team',
      targetId: t.id,
      orgId: org.id,
      orgPath: org.path,
      after: { kind: t.kind, name: t.name },
    });
    return (await teamViews(deps, s, [t]))[0]!;
  };

  const registerIn = async (s: Scoped, actor: UserActor, input: VolunteerInput) => {
    const org = await requireOrg(s, input.orgId);
    const person = await deps.people.findPerson(s, input.personId);
    if (!person) throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
    if ((await repo.volunteerTaken(s, { personId: input.personId })) !== null)
      throw new AppError('CONFLICT', {
        field: 'personId',
        zh: '此人已登记为志愿者',
        en: 'This person is already a volunteer',
      });
    if (input.joinedOn > deps.today())
      throw fieldError(
        'VALIDATION_FAILED',
        'joinedOn',
        '加入日期不能晚于今天',
        'the joining date cannot be in the future',
      );
    if (input.userId) await checkAccount(s, input.userId, null);
    await checkTeams(s, org.path, input.teamIds);
    const v = await repo.insertVolunteer(s, {
      orgId: org.id,
      orgPath: org.path,
      districtId: org.districtId,
      personId: input.personId,
      userId: input.userId ?? null,
      skills: [...new Set(input.skills)],
      availability: [...new Set(input.availability)],
      joinedOn: input.joinedOn,
      createdBy: actor.displayName,
    });
    await repo.setMemberships(s, v, [...new Set(input.teamIds)], input.joinedOn);
    await bumpCounters(s.tx, { orgPath: org.path, day: input.joinedOn, deltas: { 'volunteers.joined': 1 } });
    await appendAudit(s.tx, actor, {
      action: 'volunteer.register',
      targetType: 'volunteer',
      targetId: v.id,
      orgId: org.id,
      orgPath: org.path,
      after: { personId: v.personId, userId: v.userId, teams: input.teamIds },
    });
    return (await volunteerViews(deps, s, [v]))[0]!;
  };

  return {
    requireTeam,
    requireVolunteer,
    createTeamIn,
    registerIn,
    createTeam: (actor: UserActor, input: TeamInput) => run(actor, (s) => createTeamIn(s, actor, input)),
    listTeams: (actor: UserActor, q: { orgId?: number | undefined; kind?: TeamKind | undefined }) =>
      run(actor, async (s) => {
        const path = q.orgId ? (await requireOrg(s, q.orgId)).path : actor.scope.path;
        return { items: await teamViews(deps, s, await repo.listTeams(s, path, q.kind)) };
      }),
    getTeam: (actor: UserActor, id: number) =>
      run(actor, async (s) => (await teamViews(deps, s, [await requireTeam(s, id)]))[0]!),
    updateTeam: (
      actor: UserActor,
      id: number,
      patch: {
        name?: string | undefined;
        description?: string | undefined;
        status?: 'active' | 'dissolved' | undefined;
      },
    ) =>
      run(actor, async (s) => {
        const t = await requireTeam(s, id);
        const changed = await repo.updateTeam(s, t.id, {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
        });
        await appendAudit(s.tx, actor, {
          action: 'volunteer.team.update',
          targetType: 'volunteer_team',
          targetId: t.id,
          orgId: t.orgId,
          orgPath: t.orgPath,
          before: { name: t.name, status: t.status },
          after: { name: changed.name, status: changed.status },
        });
        return (await teamViews(deps, s, [changed]))[0]!;
      }),

    register: (actor: UserActor, input: VolunteerInput) => run(actor, (s) => registerIn(s, actor, input)),
    get: (actor: UserActor, id: number) =>
      run(actor, async (s) => (await volunteerViews(deps, s, [await requireVolunteer(s, id)]))[0]!),
    update: (
      actor: UserActor,
      id: number,
      patch: {
        userId?: number | null | undefined;
        skills?: VolunteerSkill[] | undefined;
        availability?: Availability[] | undefined;
        status?: 'active' | 'inactive' | undefined;
        teamIds?: number[] | undefined;
      },
    ) =>
      run(actor, async (s) => {
        const v = await requireVolunteer(s, id);
        if (patch.userId) await checkAccount(s, patch.userId, v.id);
        if (patch.teamIds) await checkTeams(s, v.orgPath, patch.teamIds);
        const changed = await repo.updateVolunteer(s, v.id, {
          ...(patch.userId !== undefined ? { userId: patch.userId } : {}),
          ...(patch.skills ? { skills: [...new Set(patch.skills)] } : {}),
          ...(patch.availability ? { availability: [...new Set(patch.availability)] } : {}),
          ...(patch.status ? { status: patch.status } : {}),
        });
        if (patch.teamIds) await repo.setMemberships(s, v, [...new Set(patch.teamIds)], deps.today());
        await appendAudit(s.tx, actor, {
          action: 'volunteer.update',
          targetType: 'volunteer',
          targetId: v.id,
          orgId: v.orgId,
          orgPath: v.orgPath,
          before: { userId: v.userId, skills: v.skills, status: v.status },
          after: { userId: changed.userId, skills: changed.skills, status: changed.status, teams: patch.teamIds },
        });
        return (await volunteerViews(deps, s, [changed]))[0]!;
      }),
    list: (
      actor: UserActor,
      q: {
        orgId?: number | undefined;
        teamId?: number | undefined;
        skill?: string | undefined;
        availability?: string | undefined;
        q?: string | undefined;
        cursor?: string | undefined;
        limit: number;
      },
    ) =>
      run(actor, async (s) => {
        const path = q.orgId ? (await requireOrg(s, q.orgId)).path : actor.scope.path;
        if (q.teamId) await requireTeam(s, q.teamId);
        const after = decodeCursor<{ id: number }>(q.cursor);
        if (after && !Number.isInteger(after.id))
          throw fieldError('VALIDATION_FAILED', 'cursor', '分页游标无效', 'The page cursor is not valid');
        const rows = await repo.listVolunteers(s, {
          path,
          teamId: q.teamId,
          skill: q.skill,
          availability: q.availability,
          q: q.q,
          afterId: after?.id ?? null,
          limit: q.limit,
        });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        return {
          items: await volunteerViews(deps, s, page),
          nextCursor: rows.length > q.limit && last ? encodeCursor({ id: last.id }) : null,
        };
      }),
  };
}
export type VolunteersService = ReturnType<typeof createVolunteersService>;
export { hoursOf, orgSummary } from './volunteers.views.js';
