import type {
  DeadlineSpec,
  DemandState,
  DemandTransitionInput,
  Rating,
  SupervisionInput,
  Urgency,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, type Scoped, type UserActor } from '../../platform/scope.js';
import { deadlinesFor } from './demands.deadlines.policy.js';
import { eventActorOf, moveCounted, notices, ratingMetric, recordEvent, type DemandMetric } from './demands.statistics.js';
import { categorySpec } from './demands.intake.service.js';
import { canSupervise, checkTransition, rolesOf, type DemandActor, type DemandFacts } from './demands.policy.js';
import * as repo from './demands.repository.js';
import type { DemandsDeps } from './demands.service.js';
import { demands } from './demands.tables.js';

/*
 * The transitions of the three routes (办理 / 协调转办 / 建议) and the 督办 acts, inside the caller's transaction. Who may
 * and from which state: demands.policy.ts over the contracts' DEMAND_TRANSITIONS.
 */

export function userActorOf(actor: UserActor): DemandActor {
  return {
    kind: 'user',
    userId: actor.userId,
    permissions: actor.permissions,
    actingOrgId: actor.scope.orgId,
    actingPath: actor.scope.path,
  };
}

export async function factsOf(s: Scoped, d: repo.DemandRow): Promise<DemandFacts> {
  const esc =
    d.escalatedToOrgId === null ? null : (await repo.orgsById(s, [d.escalatedToOrgId])).get(d.escalatedToOrgId);
  return {
    orgId: d.orgId,
    state: d.state as DemandState,
    assigneeUserId: d.assigneeUserId,
    residentId: d.residentId,
    trackingHash: d.trackingHash,
    escalatedToOrgId: d.escalatedToOrgId,
    escalatedToPath: esc?.path ?? null,
    personId: d.personId,
  };
}

/** Deadlines restart when a demand is reopened or reassigned: from now, with its category's tier. */
async function freshDeadlines(s: Scoped, deps: Pick<DemandsDeps, 'calendar'>, d: repo.DemandRow, from: Date) {
  const spec: DeadlineSpec = await categorySpec(s, d.category, d.urgency as Urgency);
  const dl = deadlinesFor(deps.calendar, from, spec);
  return {
    signDueAt: dl.signDueAt,
    feedbackDueAt: dl.feedbackDueAt,
    warnAt: dl.warnAt,
    warnedAt: null,
    nextEscalationAt: dl.nextEscalationAt,
    escalationLevel: 0,
    escalatedToOrgId: null,
  };
}

/** Back to work: a new feedback deadline from now, escalation reset (its history stays), route chosen again. */
export async function reopenPatch(
  s: Scoped,
  deps: Pick<DemandsDeps, 'calendar'>,
  d: repo.DemandRow,
  now: Date,
): Promise<Partial<typeof demands.$inferInsert>> {
  const fresh = await freshDeadlines(s, deps, d, now);
  return {
    ...fresh,
    signDueAt: d.signDueAt,
    state: 'reopened',
    reopenCount: d.reopenCount + 1,
    route: null,
    assigneeUserId: null,
    repliedAt: null,
    closedAt: null,
  };
}

export async function requireDemand(s: Scoped, id: number, lock = false) {
  const d = await repo.findDemand(s, id, { lock });
  if (!d) throw new AppError('DEMAND_NOT_FOUND');
  return d;
}

export function createTransitions(deps: Pick<DemandsDeps, 'calendar'>) {
  /** The signing-for a route step implies when the demand was still waiting for it. */
  async function signIfNeeded(s: Scoped, d: repo.DemandRow, now: Date, patch: Partial<typeof demands.$inferInsert>) {
    if (d.signedAt !== null) return;
    patch.signedAt = now;
    const counted: DemandMetric[] = [
      'demands.signed',
      ...(now.getTime() <= d.signDueAt.getTime() ? ['demands.signed_on_time' as const] : []),
    ];
    await recordEvent(s, d, eventActorOf(s), {
      action: 'sign',
      from: d.state as DemandState,
      to: 'signed',
      public: true,
      counted,
      at: now,
    });
  }

  async function assigneeOf(s: Scoped, d: repo.DemandRow, userId: number, field: string) {
    const u = await repo.handlerOf(s, userId, d.orgPath);
    if (!u || !u.roles.some((r) => r === 'cadre' || r === 'volunteer'))
      throw new AppError('ASSIGNEE_INVALID', { field });
    return u;
  }

  /** Applies one transition of the state machines; the checks are in demands.policy.ts. */
  async function transition(s: Scoped, actor: UserActor, id: number, input: DemandTransitionInput) {
    const d = await requireDemand(s, id, true);
    const from = d.state as DemandState;
    const roles = rolesOf(userActorOf(actor), await factsOf(s, d));
    const check = checkTransition(roles, input.action, from, input.action === 'rate' ? input.rating : null);
    if (!check.ok) {
      throw new AppError(
        check.error,
        check.error === 'DEMAND_INVALID_TRANSITION'
          ? {
              field: 'action',
              zh: `诉求当前状态（${from}）不能进行此操作（${input.action}）`,
              en: `"${input.action}" is not allowed while the demand is "${from}"`,
            }
          : { field: 'action' },
      );
    }
    const to = check.to;
    const now = new Date();
    const patch: Partial<typeof demands.$inferInsert> = { state: to };
    const counted: DemandMetric[] = [];
    let data: Record<string, unknown> = {};
    let note: string | null = 'note' in input ? (input.note ?? null) : null;
    let isPublic = false;
    switch (input.action) {
      case 'sign':
        patch.signedAt = now;
        counted.push(
          'demands.signed',
          ...(now.getTime() <= d.signDueAt.getTime() ? ['demands.signed_on_time' as const] : []),
        );
        isPublic = true;
        break;
      case 'dispatch': {
        const u = await assigneeOf(s, d, input.assigneeUserId, 'assigneeUserId');
        await signIfNeeded(s, d, now, patch);
        Object.assign(patch, { route: 'handle', assigneeUserId: u.id });
        data = { assignee: { id: u.id, name: u.displayName } };
        break;
      }
      case 'accept': {
        if (roles.has('owner')) {
          await signIfNeeded(s, d, now, patch);
          const assignee = input.assigneeUserId ? await assigneeOf(s, d, input.assigneeUserId, 'assigneeUserId') : null;
          Object.assign(patch, {
            route: 'handle',
            assigneeUserId: assignee?.id ?? (from === 'dispatched' ? d.assigneeUserId : null),
          });
          data = assignee ? { assignee: { id: assignee.id, name: assignee.displayName } } : {};
        }
        isPublic = true;
        break;
      }
      case 'decline':
        Object.assign(patch, { assigneeUserId: null });
        // the volunteer hands the order back: it leaves her view, so the own-records lock is lifted for this write
        await repo.releaseOwnConfinement(s);
        break;
      case 'transfer':
        await signIfNeeded(s, d, now, patch);
        Object.assign(patch, {
          route: 'transfer',
          department: input.department,
          departmentContact: input.departmentContact ?? null,
          departmentDueOn: input.answerDueOn ?? null,
          assigneeUserId: null,
        });
        data = { department: input.department, answerDueOn: input.answerDueOn ?? null };
        isPublic = true;
        break;
      case 'answer':
        Object.assign(patch, { departmentAnswer: input.answer, departmentAnsweredAt: now });
        note = input.answer;
        isPublic = true;
        break;
      case 'suggest':
        await signIfNeeded(s, d, now, patch);
        Object.assign(patch, {
          route: 'suggest',
          suggestion: input.suggestion,
          suggestedAt: now,
          assigneeUserId: null,
        });
        data = { suggestion: input.suggestion };
        isPublic = true;
        break;
      case 'reply':
        Object.assign(patch, { reply: input.reply, repliedAt: now, nextEscalationAt: null });
        counted.push(
          'demands.replied',
          ...(now.getTime() <= d.feedbackDueAt.getTime() ? ['demands.replied_on_time' as const] : []),
        );
        note = input.reply;
        isPublic = true;
        break;
      case 'rate':
        Object.assign(patch, { rating: input.rating, ratingComment: input.comment ?? null, ratedAt: now });
        counted.push('demands.rated', ratingMetric(input.rating));
        if (to === 'closed') {
          patch.closedAt = now;
          counted.push('demands.closed');
        } else Object.assign(patch, await reopenPatch(s, deps, d, now));
        data = { rating: input.rating, by: 'staff' };
        note = input.comment ?? null;
        isPublic = true;
        break;
      case 'close':
        patch.closedAt = now;
        counted.push('demands.closed');
        isPublic = true;
        break;
      case 'reopen':
        Object.assign(patch, await reopenPatch(s, deps, d, now));
        isPublic = true;
        break;
      case 'cancel':
        Object.assign(patch, { closedAt: now, nextEscalationAt: null });
        isPublic = true;
        break;
    }
    const after = await repo.updateDemand(s, d.id, patch);
    await recordEvent(s, after, eventActorOf(s), {
      action: input.action,
      from,
      to,
      note,
      data,
      public: isPublic,
      counted,
      at: now,
    });
    await appendAudit(s.tx, actor, {
      action: `demand.${input.action}`,
      targetType: 'demand',
      targetId: d.id,
      orgId: d.orgId,
      orgPath: d.orgPath,
      before: { state: from },
      after: { state: to, ...data },
      ...(note ? { reason: note.slice(0, 200) } : {}),
    });
    if (input.action === 'dispatch') await notices.dispatched(s, after, after.assigneeUserId!);
    if (input.action === 'reply') await notices.replied(s, after);
    if (input.action === 'rate') await notices.rated(s, after, input.rating as Rating);
    return after;
  }

  /** 督办 acts: comment (owner or supervisor), urge, reassign (supervisor: the org escalated to, or above). */
  async function supervise(s: Scoped, actor: UserActor, id: number, input: SupervisionInput) {
    requirePermission(actor, 'demand.write');
    const d = await requireDemand(s, id, true);
    const roles = rolesOf(userActorOf(actor), await factsOf(s, d));
    if (input.action !== 'comment' && d.escalatedToOrgId === null)
      throw new AppError('DEMAND_NOT_ESCALATED', { field: 'action' });
    if (!canSupervise(roles, input.action)) throw new AppError('DEMAND_ACTION_FORBIDDEN', { field: 'action' });
    const by = eventActorOf(s);
    if (input.action === 'comment' || input.action === 'urge') {
      await recordEvent(s, d, by, { action: input.action, from: null, to: null, note: input.note });
      await appendAudit(s.tx, actor, {
        action: `demand.${input.action}`,
        targetType: 'demand',
        targetId: d.id,
        orgId: d.orgId,
        orgPath: d.orgPath,
        reason: input.note.slice(0, 200),
      });
      if (input.action === 'urge') await notices.urged(s, d, input.note);
      return d;
    }
    const target = (await repo.orgsById(s, [input.orgId])).get(input.orgId);
    if (
      !target ||
      target.status !== 'active' ||
      !(target.path === actor.scope.path || target.path.startsWith(`${actor.scope.path}.`))
    )
      throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
    if (target.id === d.orgId)
      throw fieldError('VALIDATION_FAILED', 'orgId', '已是该组织的诉求', 'the demand already belongs to this org');
    const now = new Date();
    await moveCounted(s, d, target.path);
    await repo.moveHistory(s, d.id, target.path, target.districtId);
    const fresh = await freshDeadlines(s, deps, d, now);
    const after = await repo.updateDemand(s, d.id, {
      ...fresh,
      orgId: target.id,
      orgPath: target.path,
      districtId: target.districtId,
      state: 'received',
      route: null,
      assigneeUserId: null,
      signedAt: null,
    });
    await recordEvent(s, after, by, {
      action: 'reassign',
      from: d.state as DemandState,
      to: 'received',
      note: input.note,
      public: true,
      data: { fromOrgId: d.orgId, toOrgId: target.id, toOrgName: target.name },
    });
    await appendAudit(s.tx, actor, {
      action: 'demand.reassign',
      targetType: 'demand',
      targetId: d.id,
      orgId: target.id,
      orgPath: target.path,
      before: { orgId: d.orgId, state: d.state },
      after: { orgId: target.id, state: 'received' },
      reason: input.note.slice(0, 200),
    });
    await notices.reassigned(s, after);
    return after;
  }

  return { transition, supervise };
}
