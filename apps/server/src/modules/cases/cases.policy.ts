import { pathWithin } from '../../platform/scope.js';
import { CASE_MACHINE, type CaseAction, type CaseState, type Permission, type Role } from '@jinguo/contracts';
import type { Actor, UserActor } from '../../platform/scope.js';

/**
 * Need-to-know, as pure rules (docs/decisions/0005-case-access.md). The service gathers the facts about one case and
 * one user; these functions decide. Row-level security repeats the same rule in SQL (jinguo_case_access).
 */
export interface CaseActorFacts {
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  /** The user's home org path: supervision reaches the cases of that subtree. */
  homePath: string;
}
export interface CaseFacts {
  status: CaseState;
  orgPath: string;
  /** The actor's active assignments on this case. */
  assigned: boolean;
  /** An unexpired break-glass grant of the actor on this case. */
  grantExpiresAt: Date | null;
  contactPending: boolean;
}
export type AccessBasis = 'assigned' | 'supervisor' | 'break_glass';

/** A case supervisor (维权督导) supervises the cases of her home org's subtree: "supervisors in the chain". */
export function supervises(a: CaseActorFacts, orgPath: string): boolean {
  return a.roles.includes('case_supervisor') && pathWithin(orgPath, a.homePath);
}

export function accessBasis(a: CaseActorFacts, f: CaseFacts, now: Date): AccessBasis | null {
  if (!a.permissions.has('case.read')) return null;
  if (f.assigned) return 'assigned';
  if (supervises(a, f.orgPath)) return 'supervisor';
  if (f.grantExpiresAt && f.grantExpiresAt > now) return 'break_glass';
  return null;
}

/** Writes need case.write and a standing entitlement: a break-glass grant reads, it never acts. */
export function canWriteCase(a: CaseActorFacts, f: CaseFacts): boolean {
  return a.permissions.has('case.write') && (f.assigned || supervises(a, f.orgPath));
}

/** What the UI may offer on this case, for this user. */
export function allowedCaseActions(a: CaseActorFacts, f: CaseFacts, now: Date): CaseAction[] {
  const basis = accessBasis(a, f, now);
  const out: CaseAction[] = [];
  if (basis === null || basis === 'break_glass') {
    if (a.permissions.has('case.breakglass') && basis === null) out.push('break_glass');
    return out;
  }
  if (!canWriteCase(a, f)) return out;
  const open = f.status !== 'closed';
  for (const t of CASE_MACHINE.actionsFrom(f.status)) out.push(t);
  if (open)
    out.push(
      'assess',
      'edit',
      'refer',
      'withdraw_referral',
      'instrument',
      'mediation',
      'service',
      'safety_plan',
      'mandatory_report',
      'attach',
    );
  if (open && f.contactPending) out.push('mark_contacted');
  out.push('follow_up', 'unmask');
  if (a.permissions.has('case.assign') && supervises(a, f.orgPath)) out.push('assign', 'supervise');
  return out;
}

export const actorFacts = (actor: UserActor) => ({
  roles: actor.roles as readonly Role[],
  permissions: actor.permissions,
  homePath: actor.homePath,
});

/** Supervisors of a case: holders of case_supervisor at the case's org and every org above it. */
export function supervisorRecipients(orgPath: string) {
  return orgPath.split('.').map((id) => ({ org: Number(id), roles: ['case_supervisor'] as Role[] }));
}

/**
 * Who did it, as recorded on case rows (events, assessments, assignments, referrals, services, follow-ups) and shown
 * on the case page: the user's display name, as demands record it, or the system job's name. Rows written before
 * hold a username, which the case view turns into a display name (cases.views.ts).
 */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? actor.displayName : `system:${actor.name}`;
}

export { maskName } from '@jinguo/contracts';
