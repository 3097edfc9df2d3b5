import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import { count, loadCase, nowOf, requireReadable, type CasesDeps } from './cases.access.service.js';
import { findUser } from './cases.directory.repository.js';
import { actorFacts, actorLabel, supervises } from './cases.policy.js';
import { caseView } from './cases.read.service.js';
import * as assignmentRepo from './cases.assignment.repository.js';
import * as repo from './cases.repository.js';

const ASSIGNABLE_ROLES = ['case_worker', 'mediator', 'counsellor', 'cadre', 'case_supervisor'];

/** Assigns an active user with a case role, from the case's org or above it, once; she is told. */
export async function assignUserIn(s: Scoped, c: repo.CaseRow, userId: number, role: string, field: string) {
  const u = await findUser(s, userId);
  if (
    !u ||
    u.status !== 'active' ||
    !u.roles.some((r) => ASSIGNABLE_ROLES.includes(r)) ||
    !pathWithin(c.orgPath, u.orgPath)
  ) {
    throw new AppError('CASE_ASSIGNEE_INVALID', { field });
  }
  if (await assignmentRepo.hasLiveAssignment(s, c.id, userId, role)) return u;
  await assignmentRepo.insertAssignment(s, {
    caseId: c.id,
    orgPath: c.orgPath,
    districtId: c.districtId,
    userId,
    role,
    assignedBy: actorLabel(s.actor),
  });
  await repo.insertEvent(s, c, { kind: 'assignment', detail: { userId, name: u.displayName, role } });
  await notify(s.tx, {
    kind: 'case.assigned',
    recipients: [{ user: userId }],
    title: { 'zh-CN': `您被指派承办维权案件 ${c.caseNo}`, 'en-US': `You were assigned case ${c.caseNo}` },
    link: `/cases/${c.id}`,
    target: { type: 'case', id: c.id },
    orgPath: c.orgPath,
  });
  return u;
}

/** 督办: marks the case supervised once; the five-mechanism count goes up on the first time only. */
export async function superviseIn(s: Scoped, c: repo.CaseRow, reason: string, now: Date): Promise<boolean> {
  const d = await repo.details(s, c.id);
  if (!d || d.supervised) return false;
  await repo.updateDetails(s, c.id, { supervised: true, supervisedAt: now });
  await repo.insertEvent(s, c, { kind: 'supervised', reason });
  await count(s, c.orgPath, { 'cases.supervised': 1 }, now);
  return true;
}

/** Who works on a case and who watches it: assignments and supervision (督办), by a supervisor in the chain. */
export function createAssignmentService(deps: CasesDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    assign: (actor: UserActor, id: number, input: { userId: number; role: string }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.assign');
        const now = nowOf(deps);
        const l = await loadCase(s, actor, id, now);
        if (!supervises(actorFacts(actor), l.c.orgPath))
          throw new AppError(l.basis === null ? 'CASE_ACCESS_DENIED' : 'FORBIDDEN');
        const u = await assignUserIn(s, l.c, input.userId, input.role, 'userId');
        await appendAudit(s.tx, actor, {
          action: 'case.assign',
          targetType: 'case',
          targetId: id,
          orgId: l.c.orgId,
          orgPath: l.c.orgPath,
          after: { userId: u.id, username: u.username, role: input.role },
        });
        return caseView(deps, s, actor, await requireReadable(s, actor, id, now));
      }),

    unassign: (actor: UserActor, id: number, assignmentId: number) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.assign');
        const now = nowOf(deps);
        const l = await loadCase(s, actor, id, now);
        if (!supervises(actorFacts(actor), l.c.orgPath))
          throw new AppError(l.basis === null ? 'CASE_ACCESS_DENIED' : 'FORBIDDEN');
        const ended = await assignmentRepo.endAssignment(s, id, assignmentId, now);
        if (!ended) throw new AppError('NOT_FOUND', { field: 'assignmentId' });
        await repo.insertEvent(s, l.c, {
          kind: 'unassignment',
          detail: { userId: ended.userId, role: ended.role },
        });
        await appendAudit(s.tx, actor, {
          action: 'case.unassign',
          targetType: 'case',
          targetId: id,
          orgId: l.c.orgId,
          orgPath: l.c.orgPath,
          before: { userId: ended.userId, role: ended.role },
        });
        return caseView(deps, s, actor, await requireReadable(s, actor, id, now));
      }),

    /** 督办: a supervisor puts the case under supervision (also done by the sweeper when a deadline passes). */
    supervise: (actor: UserActor, id: number, reason: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.assign');
        const now = nowOf(deps);
        const l = await loadCase(s, actor, id, now);
        if (!supervises(actorFacts(actor), l.c.orgPath))
          throw new AppError(l.basis === null ? 'CASE_ACCESS_DENIED' : 'FORBIDDEN');
        await superviseIn(s, l.c, reason, now);
        await appendAudit(s.tx, actor, {
          action: 'case.supervise',
          targetType: 'case',
          targetId: id,
          orgId: l.c.orgId,
          orgPath: l.c.orgPath,
          reason,
        });
        return caseView(deps, s, actor, await requireReadable(s, actor, id, now));
      }),
  };
}
