import { pathWithin } from '../../platform/scope.js';
import {
  DEMAND_ACTIONS,
  DEMAND_TRANSITIONS,
  demandTransition,
  type DemandAction,
  type DemandAllowedAction,
  type DemandParty,
  type DemandState,
  type Permission,
  type Rating,
} from '@jinguo/contracts';
import type { UserActor } from '../../platform/scope.js';

/** Who is asking, reduced to what the rules need (pure: no I/O). */
export type DemandActor =
  | { kind: 'user'; userId: number; permissions: ReadonlySet<Permission>; actingOrgId: number; actingPath: string }
  | { kind: 'resident'; residentId: number | null; trackingHash: string | null }
  | { kind: 'cases' };

/** The facts of a demand the rules look at. */
export interface DemandFacts {
  orgId: number;
  state: DemandState;
  assigneeUserId: number | null;
  residentId: number | null;
  trackingHash: string | null;
  escalatedToOrgId: number | null;
  /** Path of the org the demand is escalated to (null when not escalated). */
  escalatedToPath: string | null;
  personId: number | null;
}

/** A staff member as the rules see her: acting as the org of her scope. */
export function userActorOf(actor: UserActor): DemandActor {
  return {
    kind: 'user',
    userId: actor.userId,
    permissions: actor.permissions,
    actingOrgId: actor.scope.orgId,
    actingPath: actor.scope.path,
  };
}

export type DemandRole = DemandParty | 'supervisor';

/**
 * The parts an actor plays for one demand. `owner`: staff acting as the org that owns it. `assignee`: the cadre or
 * volunteer it was dispatched to. `supervisor`: staff of the org it was escalated to, or above (督办). `requester`: the
 * resident who asked, or the holder of the anonymous request's tracking code.
 */
export function rolesOf(actor: DemandActor, d: DemandFacts): Set<DemandRole> {
  const roles = new Set<DemandRole>();
  if (actor.kind === 'cases') roles.add('cases');
  else if (actor.kind === 'resident') {
    if (
      (actor.residentId !== null && d.residentId === actor.residentId) ||
      (actor.trackingHash !== null && d.trackingHash === actor.trackingHash)
    )
      roles.add('requester');
  } else {
    if (actor.permissions.has('demand.write') && actor.actingOrgId === d.orgId) roles.add('owner');
    if (actor.permissions.has('demand.handle') && d.assigneeUserId === actor.userId) roles.add('assignee');
    if (
      actor.permissions.has('demand.write') &&
      d.escalatedToPath !== null &&
      actor.actingOrgId !== d.orgId &&
      pathWithin(d.escalatedToPath, actor.actingPath)
    )
      roles.add('supervisor');
  }
  return roles;
}

export type TransitionCheck =
  { ok: true; to: DemandState } | { ok: false; error: 'DEMAND_ACTION_FORBIDDEN' | 'DEMAND_INVALID_TRANSITION' };

/** Whether `action` may be taken now: first who (403), then the state machine (409). */
export function checkTransition(
  roles: ReadonlySet<DemandRole>,
  action: DemandAction,
  state: DemandState,
  rating?: Rating | null,
): TransitionCheck {
  const t = DEMAND_TRANSITIONS[action];
  if (!t.by.some((p) => roles.has(p))) return { ok: false, error: 'DEMAND_ACTION_FORBIDDEN' };
  // An assignee takes the order (接单) or hands it back only while it is dispatched to her; she replies once she holds
  // it.
  if (!roles.has('owner') && roles.has('assignee')) {
    if ((action === 'accept' || action === 'decline') && state !== 'dispatched')
      return { ok: false, error: 'DEMAND_INVALID_TRANSITION' };
    if (action === 'reply' && state !== 'accepted') return { ok: false, error: 'DEMAND_INVALID_TRANSITION' };
  }
  const to = demandTransition(action, state, rating);
  return to === null ? { ok: false, error: 'DEMAND_INVALID_TRANSITION' } : { ok: true, to };
}

/** The supervision acts (督办) and comments: the supervising org comments, urges, reassigns; the owner comments. */
export function canSupervise(roles: ReadonlySet<DemandRole>, action: 'comment' | 'urge' | 'reassign'): boolean {
  if (action === 'comment') return roles.has('supervisor') || roles.has('owner');
  return roles.has('supervisor');
}

/** Every action the actor could take now, sent to the UI so buttons hide themselves. */
export function allowedDemandActions(actor: DemandActor, d: DemandFacts): DemandAllowedAction[] {
  const roles = rolesOf(actor, d);
  const out: DemandAllowedAction[] = [];
  for (const a of DEMAND_ACTIONS) {
    if (a === 'convert_to_case') {
      // Taken through the cases module (POST /cases/from-demand/:id) by the owning or supervising org's staff who take
      // cases in.
      if (
        actor.kind === 'user' &&
        actor.permissions.has('case.intake') &&
        (roles.has('owner') || roles.has('supervisor')) &&
        checkTransition(new Set(['cases']), a, d.state).ok
      )
        out.push(a);
      continue;
    }
    if (a === 'rate') {
      if (checkTransition(roles, a, d.state, 'satisfied').ok) out.push(a);
      continue;
    }
    if (checkTransition(roles, a, d.state).ok) out.push(a);
  }
  for (const a of ['comment', 'urge', 'reassign'] as const) if (canSupervise(roles, a)) out.push(a);
  if (
    actor.kind === 'user' &&
    roles.has('owner') &&
    actor.permissions.has('resident.link') &&
    d.residentId !== null &&
    d.personId === null
  )
    out.push('link_requester');
  return out;
}

/**
 * The title of a resident's request for help: its category, 求助 said once (a category named 维权求助 is not made
 * 维权求助求助), and the start of what she wrote, whitespace folded, cut at 24 characters with an ellipsis.
 */
export function helpTitle(category: string, description: string): string {
  const text = [...description.replace(/\s+/g, ' ').trim()];
  const head = text.length > 24 ? `${text.slice(0, 24).join('')}…` : text.join('');
  return `${category.endsWith('求助') ? category : `${category}求助`}：${head}`;
}
