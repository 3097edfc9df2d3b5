import type { DutyProject, ProjectInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { hasPermission, pathWithin, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as repo from './duties.repository.js';
import { orgSummary, requireOrg, type DutiesDeps } from './duties.service.js';

/** Staff with duty.manage record and edit projects for any 执委 of the subtree; a 执委 her own. */
const mayEdit = (actor: UserActor, p: { leaderUserId: number }) =>
  hasPermission(actor, 'duty.manage') || p.leaderUserId === actor.userId;

async function projectViews(s: Scoped, actor: UserActor, rows: repo.ProjectRow[]): Promise<DutyProject[]> {
  const orgs = await repo.orgsById(
    s,
    rows.map((r) => r.orgId),
  );
  const leaders = await repo.usersById(
    s,
    rows.map((r) => r.leaderUserId),
  );
  return rows.map((r) => ({
    id: r.id,
    org: orgSummary(orgs.get(r.orgId), r.orgId),
    leader: { id: r.leaderUserId, displayName: leaders.get(r.leaderUserId)?.displayName ?? `#${r.leaderUserId}` },
    name: r.name,
    description: r.description,
    startedOn: r.startedOn,
    completedOn: r.completedOn,
    status: r.completedOn ? 'completed' : 'ongoing',
    peopleServed: r.peopleServed,
    canEdit: mayEdit(actor, r),
  }));
}

/** 执委领办项目: record, complete, list. */
export function createProjects(deps: Pick<DutiesDeps, 'handle' | 'today'>) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const requireProject = async (s: Scoped, id: number) => {
    const p = await repo.findProject(s, id);
    if (!p) throw new AppError('NOT_FOUND', { field: 'projectId', zh: '项目不存在', en: 'Project not found' });
    return p;
  };

  const createIn = async (s: Scoped, actor: UserActor, input: ProjectInput) => {
    const org = await requireOrg(s, input.orgId);
    const leaderId = input.leaderUserId ?? actor.userId;
    if (leaderId !== actor.userId && !hasPermission(actor, 'duty.manage'))
      throw fieldError(
        'VALIDATION_FAILED',
        'leaderUserId',
        '只能登记本人领办的项目',
        'you can record only your own projects',
      );
    const leader = (await repo.usersById(s, [leaderId])).get(leaderId);
    if (!leader || !pathWithin(leader.orgPath, org.path) || !leader.roles.includes('executive_member'))
      throw new AppError('USER_NOT_FOUND', {
        field: 'leaderUserId',
        zh: '领办人须是该组织范围内的执委',
        en: 'The leader must be an executive member within the org',
      });
    if (input.startedOn > deps.today())
      throw fieldError('VALIDATION_FAILED', 'startedOn', '开始日期不能晚于今天', 'the start cannot be in the future');
    const p = await repo.insertProject(s, {
      orgId: org.id,
      orgPath: org.path,
      districtId: org.districtId,
      leaderUserId: leaderId,
      name: input.name,
      description: input.description,
      startedOn: input.startedOn,
      peopleServed: input.peopleServed,
      createdBy: actor.displayName,
    });
    await appendAudit(s.tx, actor, {
      action: 'duty.project.create',
      targetType: 'duty_project',
      targetId: p.id,
      orgId: org.id,
      orgPath: org.path,
      after: { name: p.name, leaderUserId: leaderId, peopleServed: p.peopleServed },
    });
    return (await projectViews(s, actor, [p]))[0]!;
  };

  return {
    createIn,
    create: (actor: UserActor, input: ProjectInput) => run(actor, (s) => createIn(s, actor, input)),
    list: (
      actor: UserActor,
      q: { orgId?: number | undefined; year?: number | undefined; mine?: boolean | undefined },
    ) =>
      run(actor, async (s) => {
        const path = q.orgId ? (await requireOrg(s, q.orgId)).path : actor.scope.path;
        const mine = q.mine || !hasPermission(actor, 'duty.read');
        const rows = await repo.listProjects(s, { path, year: q.year, leaderUserId: mine ? actor.userId : undefined });
        return { items: await projectViews(s, actor, rows) };
      }),
    mine: (actor: UserActor, s: Scoped, year: number) =>
      repo
        .listProjects(s, { path: actor.homePath, year, leaderUserId: actor.userId })
        .then((rows) => projectViews(s, actor, rows)),
    update: (
      actor: UserActor,
      id: number,
      patch: { description?: string | undefined; peopleServed?: number | undefined; completedOn?: string | undefined },
    ) =>
      run(actor, async (s) => {
        const p = await requireProject(s, id);
        if (!mayEdit(actor, p))
          throw new AppError('NOT_FOUND', { field: 'projectId', zh: '项目不存在', en: 'Project not found' });
        if (patch.completedOn !== undefined) {
          if (p.completedOn)
            throw new AppError('CONFLICT', {
              field: 'completedOn',
              zh: '项目已结项',
              en: 'The project is already completed',
            });
          if (patch.completedOn < p.startedOn || patch.completedOn > deps.today())
            throw fieldError(
              'VALIDATION_FAILED',
              'completedOn',
              '结项日期须在开始日期与今天之间',
              'the completion date must lie between the start and today',
            );
        }
        const changed = await repo.updateProject(s, p.id, {
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.peopleServed !== undefined ? { peopleServed: patch.peopleServed } : {}),
          ...(patch.completedOn !== undefined ? { completedOn: patch.completedOn } : {}),
        });
        await appendAudit(s.tx, actor, {
          action: 'duty.project.update',
          targetType: 'duty_project',
          targetId: p.id,
          orgId: p.orgId,
          orgPath: p.orgPath,
          before: { peopleServed: p.peopleServed, completedOn: p.completedOn },
          after: { peopleServed: changed.peopleServed, completedOn: changed.completedOn },
        });
        return (await projectViews(s, actor, [changed]))[0]!;
      }),
  };
}
export type Projects = ReturnType<typeof createProjects>;
