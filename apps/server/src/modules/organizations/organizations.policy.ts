import { ORG_TYPES, type OrgAction, type OrgType } from '@jinguo/contracts';
import { hasPermission, type Actor } from '../../platform/scope.js';

export interface OrgFacts {
  id: number;
  type: OrgType;
  status: string;
  path: string;
}

const LEAF_TYPES: readonly OrgType[] = ['womens_group', 'micro_home'];

/** The acting root itself cannot be reorganized by its own users: that would carry it out of their reach. */
export function isBelowScopeRoot(actor: Actor, org: OrgFacts): boolean {
  return actor.kind === 'system' || org.path !== actor.scope.path;
}

/** What the actor may do to one organization; sent to the UI so buttons hide themselves. */
export function allowedOrgActions(actor: Actor, org: OrgFacts): OrgAction[] {
  if (org.status !== 'active') return [];
  const actions: OrgAction[] = [];
  if (hasPermission(actor, 'org.write')) {
    actions.push('edit');
    if (!LEAF_TYPES.includes(org.type)) actions.push('createChild');
  }
  if (hasPermission(actor, 'org.reorganize') && isBelowScopeRoot(actor, org) && ORG_TYPES[org.type].level !== 1)
    actions.push('reorganize');
  if (hasPermission(actor, 'org.officers.write')) actions.push('manageOfficers');
  return actions;
}
