import { roleConflict, type Role } from '@jinguo/contracts';
import type { UserActor } from '../../platform/scope.js';

/**
 * Which roles an actor may grant. The system admin manages accounts but can hand out neither the security officer's
 * nor the auditor's role (三员分立): those come only from the CLI or another security officer.
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
