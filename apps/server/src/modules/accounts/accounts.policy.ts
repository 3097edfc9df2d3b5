import { readsPersonalData, roleConflict, type Role } from '@jinguo/contracts';
import type { UserActor } from '../../platform/scope.js';

/**
 * Which roles an actor may ask for on an account. The system admin manages accounts but can hand out neither the
 * security officer's nor the auditor's role (三员分立): those come only from the CLI. A role she asks for that reads
 * personal data or cases takes effect only when the security officer approves it (rolesTakingEffect).
 */
export function grantableRoles(actor: UserActor): Role[] {
  if (actor.roles.includes('system_admin')) {
    return [
      'system_admin',
      'cadre',
      'executive_member',
      'case_worker',
      'case_supervisor',
      'mediator',
      'counsellor',
      'partner_agency',
      'volunteer',
    ];
  }
  if (actor.roles.includes('security_officer')) return ['security_officer', 'auditor'];
  return [];
}

export function rolesProblem(
  actor: UserActor,
  roles: readonly Role[],
): 'separation-of-duties' | 'not-grantable' | null {
  const conflict = roleConflict(roles);
  if (conflict) return 'separation-of-duties';
  const allowed = grantableRoles(actor);
  return roles.every((r) => allowed.includes(r)) ? null : 'not-grantable';
}

/** Nobody manages their own account here; a target is manageable only if all its roles are grantable by the actor. */
export function canManageUser(actor: UserActor, target: { id: number; roles: readonly Role[] }): boolean {
  const allowed = grantableRoles(actor);
  return target.id !== actor.userId && target.roles.every((r) => allowed.includes(r));
}

/**
 * What a change of roles does at once, and what waits for the security officer: a role that reads personal data or
 * cases and is not held yet waits (a pending grant); everything else — removals, the roles that read none — is now.
 */
export function rolesTakingEffect(current: readonly Role[], wanted: readonly Role[]): { now: Role[]; pending: Role[] } {
  const pending = wanted.filter((r) => readsPersonalData(r) && !current.includes(r));
  return { now: wanted.filter((r) => !pending.includes(r)), pending };
}

/** Approving adds the asked-for roles to those held now; null when the result would break 三员分立. */
export function rolesAfterApproval(current: readonly Role[], asked: readonly Role[]): Role[] | null {
  const roles = [...new Set([...current, ...asked])];
  return roleConflict(roles) ? null : roles;
}
