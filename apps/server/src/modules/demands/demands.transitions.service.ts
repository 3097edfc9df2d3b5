import type { DemandState, DemandTransitionInput, Rating, Urgency } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import type { Scoped, UserActor } from '../../platform/scope.js';
import { deadlinesFor } from './demands.deadlines.policy.js';
import * as foreign from './demands.directory.repository.js';
import { deadlineRule } from './demands.categories.service.js';
import { notices } from './demands.notices.service.js';
import { checkTransition, rolesOf, userActorOf, type DemandFacts, type DemandRole } from './demands.policy.js';
import * as repo from './demands.repository.js';
import type { DemandsDeps } from './demands.service.js';
import { eventActorOf, ratingMetric, recordEvent, type DemandMetric } from './demands.statistics.js';

/*
 * The transitions of the three routes (办理 / 协调转办 / 建议), inside the caller's transaction. Who may and from which
 * state: demands.policy.ts over the contracts' DEMAND_TRANSITIONS. The 督办 acts: demands.supervision.service.ts.
 */

export { userActorOf };

export async function factsOf(s: Scoped, d: repo.DemandRow): Promise<DemandFacts> {
  const esc =
    d.escalatedToOrgId === null ? null : (await foreign.orgsById(s, [d.escalatedToOrgId])).get(d.escalatedToOrgId);
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

/**
 * Deadlines restart when a demand is reopened or reassigned: from now, with its category's tier, in the office hours
 * of the org that owns it from now (`orgPath`).
 */
export async function freshDeadlines(
  s: Scoped,
  deps: Pick<DemandsDeps, 'calendar'>,
  d: repo.DemandRow,
  from: Date,
  orgPath = d.orgPath,
) {
  const rule = await deadlineRule(s, { category: d.category, urgency: d.urgency as Urgency, orgPath });
  const dl = deadlinesFor(deps.calendar, from, rule);
  return {
    signDueAt: dl.signDueAt,
    feedbackDueAt: dl.feedbackDueAt,
    warnAt: dl.warnAt,
    warnedAt: null,
    nextEscalationAt: dl.nextEscalationAt,
    escalationLevel: 0,
    escalatedToOrgId: null,
    deadlinesFrom: from,
    deadlinesProvisional: dl.provisional,
  };
}

/** Back to work: a new feedback deadline from now, escalation reset (its history stays), route chosen again. */
export async function reopenPatch(
  s: Scoped,
  deps: Pick<DemandsDeps, 'calendar'>,
  d: repo.DemandRow,
  now: Date,
): Promise<repo.DemandPatch> {
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

/** What one action changes on the demand and records in its event, built up by the action's step. */
interface Step {
  patch: repo.DemandPatch;
  counted: DemandMetric[];
  data: Record<string, unknown>;
  note: string | null;
  isPublic: boolean;
}
/** The demand an action is taken on, as found when it was locked. */
interface Taking {
  d: repo.DemandRow;
  roles: ReadonlySet<DemandRole>;
  from: DemandState;
  to: DemandState;
  now: Date;
}

const ROUTING_ACTIONS = ['sign', 'dispatch', 'accept', 'decline', 'transfer', 'answer', 'suggest'] as const;
type RoutingInput = Extract<DemandTransitionInput, { action: (typeof ROUTING_ACTIONS)[number] }>;
type ClosingInput = Exclude<DemandTransitionInput, RoutingInput>;
const isRouting = (input: DemandTransitionInput): input is RoutingInput =>
  (ROUTING_ACTIONS as readonly string[]).includes(input.action);

/** The signing-for a route step implies when the demand was still waiting for it. */
async function signIfNeeded(s: Scoped, d: repo.DemandRow, now: Date, patch: repo.DemandPatch) {
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
  const u = await foreign.handlerOf(s, userId, d.orgPath);
  if (!u || !u.roles.some((r) => r === 'cadre' || r === 'volunteer')) throw new AppError('ASSIGNEE_INVALID', { field });
  return u;
}

/** Signing for, choosing the route (办理 / 协调转办 / 建议) and the department's answer. */
async function routingStep(s: Scoped, t: Taking, input: RoutingInput, step: Step): Promise<void> {
  const { d, roles, from, now } = t;
  const { patch } = step;
  switch (input.action) {
    case 'sign':
      patch.signedAt = now;
      step.counted.push(
        'demands.signed',
        ...(now.getTime() <= d.signDueAt.getTime() ? ['demands.signed_on_time' as const] : []),
      );
      step.isPublic = true;
      break;
    case 'dispatch': {
      const u = await assigneeOf(s, d, input.assigneeUserId, 'assigneeUserId');
      await signIfNeeded(s, d, now, patch);
      Object.assign(patch, { route: 'handle', assigneeUserId: u.id });
      step.data = { assignee: { id: u.id, name: u.displayName } };
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
        step.data = assignee ? { assignee: { id: assignee.id, name: assignee.displayName } } : {};
      }
      step.isPublic = true;
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
      step.data = { department: input.department, answerDueOn: input.answerDueOn ?? null };
      step.isPublic = true;
      break;
    case 'answer':
      Object.assign(patch, { departmentAnswer: input.answer, departmentAnsweredAt: now });
      step.note = input.answer;
      step.isPublic = true;
      break;
    case 'suggest':
      await signIfNeeded(s, d, now, patch);
      Object.assign(patch, { route: 'suggest', suggestion: input.suggestion, suggestedAt: now, assigneeUserId: null });
      step.data = { suggestion: input.suggestion };
      step.isPublic = true;
      break;
  }
}

/** Replying, rating, closing, reopening, cancelling. */
async function closingStep(
  s: Scoped,
  deps: Pick<DemandsDeps, 'calendar'>,
  t: Taking,
  input: ClosingInput,
  step: Step,
): Promise<void> {
  const { d, to, now } = t;
  const { patch } = step;
  switch (input.action) {
    case 'reply':
      Object.assign(patch, { reply: input.reply, repliedAt: now, nextEscalationAt: null });
      step.counted.push(
        'demands.replied',
        ...(now.getTime() <= d.feedbackDueAt.getTime() ? ['demands.replied_on_time' as const] : []),
      );
      step.note = input.reply;
      step.isPublic = true;
      break;
    case 'rate':
      Object.assign(patch, { rating: input.rating, ratingComment: input.comment ?? null, ratedAt: now });
      step.counted.push('demands.rated', ratingMetric(input.rating));
      if (to === 'closed') {
        patch.closedAt = now;
        step.counted.push('demands.closed');
      } else Object.assign(patch, await reopenPatch(s, deps, d, now));
      step.data = { rating: input.rating, by: 'staff' };
      step.note = input.comment ?? null;
      step.isPublic = true;
      break;
    case 'close':
      patch.closedAt = now;
      step.counted.push('demands.closed');
      step.isPublic = true;
      break;
    case 'reopen':
      Object.assign(patch, await reopenPatch(s, deps, d, now));
      step.isPublic = true;
      break;
    case 'cancel':
      Object.assign(patch, { closedAt: now, nextEscalationAt: null });
      step.isPublic = true;
      break;
  }
}

export function createTransitions(deps: Pick<DemandsDeps, 'calendar'>) {
  /**
   * Applies one transition of the state machines; the checks are in demands.policy.ts. `opts.at` is when it happened,
   * for loaders that write history (the demo); routes always act now.
   */
  async function transition(
    s: Scoped,
    actor: UserActor,
    id: number,
    input: DemandTransitionInput,
    opts: { at?: Date } = {},
  ) {
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
    const now = opts.at ?? new Date();
    const step: Step = {
      patch: { state: to },
      counted: [],
      data: {},
      note: 'note' in input ? (input.note ?? null) : null,
      isPublic: false,
    };
    const taking: Taking = { d, roles, from, to, now };
    if (isRouting(input)) await routingStep(s, taking, input, step);
    else await closingStep(s, deps, taking, input, step);
    const { data, note } = step;
    const after = await repo.updateDemand(s, d.id, step.patch);
    await recordEvent(s, after, eventActorOf(s), {
      action: input.action,
      from,
      to,
      note,
      data,
      public: step.isPublic,
      counted: step.counted,
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

  return { transition };
}
