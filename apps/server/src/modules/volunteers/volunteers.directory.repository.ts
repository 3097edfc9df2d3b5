import { and, asc, eq, inArray } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import type { Scoped } from '../../platform/scope.js';
import { orgDirectory } from '../organizations/index.js';
import { personDirectory } from '../people/index.js';

/*
 * The volunteers module's reads of what others publish: the org directory (organizations), the person directory
 * (people: names and masked ID numbers, no contact details) and the platform's users (accounts).
 */

export interface OrgFacts {
  id: number;
  code: string;
  name: string;
  type: string;
  path: string;
  status: string;
  districtId: number | null;
}

/** Owner: organizations. Orgs by id. */
export async function orgsById(s: Scoped, ids: readonly number[]): Promise<Map<number, OrgFacts>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = await s.tx.select(orgColumns).from(orgDirectory).where(inArray(orgDirectory.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

const orgColumns = {
  id: orgDirectory.id,
  code: orgDirectory.code,
  name: orgDirectory.name,
  type: orgDirectory.type,
  path: orgDirectory.path,
  status: orgDirectory.status,
  districtId: orgDirectory.districtId,
};

/** Owner: organizations. The active children of an org (figures by child). */
export async function childOrgs(s: Scoped, orgId: number): Promise<OrgFacts[]> {
  return s.tx
    .select(orgColumns)
    .from(orgDirectory)
    .where(and(eq(orgDirectory.parentId, orgId), eq(orgDirectory.status, 'active')))
    .orderBy(asc(orgDirectory.code));
}

/** Owner: people. Names and masked ID numbers of persons in the reader's subtree. */
export async function personsById(s: Scoped, ids: readonly number[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map<number, { id: number; name: string; idNumberMasked: string | null }>();
  const rows = await s.tx
    .select({ id: personDirectory.id, name: personDirectory.name, idNumberMasked: personDirectory.idNumberMasked })
    .from(personDirectory)
    .where(inArray(personDirectory.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

export interface UserFacts {
  id: number;
  displayName: string;
  roles: string[];
  status: string;
  orgPath: string;
}
/** Owner: accounts (the platform's users). Users by id, with their home org's path for the scope check. */
export async function usersById(s: Scoped, ids: readonly number[]): Promise<Map<number, UserFacts>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = await s.tx
    .select({
      id: users.id,
      displayName: users.displayName,
      roles: users.roles,
      status: users.status,
      orgPath: users.orgPath,
    })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, { ...r, orgPath: String(r.orgPath) }]));
}
