import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { orgDirectory } from '../organizations/index.js';
import { users } from '../../platform/auth/auth.tables.js';
import type { Scoped } from '../../platform/scope.js';
import { personDirectory } from '../people/index.js';

/*
 * The demands module's reads of what others publish: the org directory (organizations module), the person
 * directory (people module) and the platform's users. Nothing else in the module reads beyond its own tables.
 */

export interface OrgOfDemand {
  id: number;
  code: string;
  name: string;
  type: string;
  path: string;
  depth: number;
  status: string;
  parentId: number | null;
  districtId: number | null;
}

/** Owner: organizations. The orgs the views name and the checks look at, by id. */
export async function orgsById(s: Scoped, ids: (number | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  if (!wanted.length) return new Map<number, OrgOfDemand>();
  const rows = await s.tx
    .select({
      id: orgDirectory.id,
      code: orgDirectory.code,
      name: orgDirectory.name,
      type: orgDirectory.type,
      path: orgDirectory.path,
      depth: orgDirectory.depth,
      status: orgDirectory.status,
      parentId: orgDirectory.parentId,
      districtId: orgDirectory.districtId,
    })
    .from(orgDirectory)
    .where(inArray(orgDirectory.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Owner: organizations. The org at a path (the sweeper's escalation target). */
export async function orgByPath(s: Scoped, path: string) {
  return (
    (
      await s.tx
        .select()
        .from(orgDirectory)
        .where(sql`${orgDirectory.path} = ${path}::ltree`)
    )[0] ?? null
  );
}

/**
 * Owner: organizations. The office hours an org at `path` keeps: its own, else those of the nearest org above it that
 * sets them (ancestors are readable under row-level security); null when none does.
 */
export async function officeHoursAt(s: Scoped, path: string): Promise<{ from: string; to: string }[] | null> {
  const [row] = await s.tx
    .select({ hours: orgDirectory.officeHours })
    .from(orgDirectory)
    .where(and(sql`${orgDirectory.path} @> ${path}::ltree`, isNotNull(orgDirectory.officeHours)))
    .orderBy(desc(orgDirectory.depth))
    .limit(1);
  return row?.hours ?? null;
}

/** Owner: organizations. The active children of an org, by code (the indicators by child). */
export async function activeChildOrgs(s: Scoped, orgId: number) {
  return s.tx
    .select({
      id: orgDirectory.id,
      code: orgDirectory.code,
      name: orgDirectory.name,
      type: orgDirectory.type,
    })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.parentId, orgId), eq(orgDirectory.status, 'active')))
    .orderBy(asc(orgDirectory.code));
}

/** Owner: accounts. Display names of users, by id. */
export async function userNames(s: Scoped, ids: (number | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  if (!wanted.length) return new Map<number, string>();
  const rows = await s.tx
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Owner: accounts. A user who may take demands of the org: active, homed in its subtree, holding a role with
 * demand.handle.
 */
export async function handlerOf(s: Scoped, userId: number, orgPath: string) {
  const rows = await s.tx
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.status, 'active'), sql`${users.orgPath} <@ ${orgPath}::ltree`));
  return rows[0] ?? null;
}

/** Owner: accounts. The cadres and volunteers homed in an org's subtree. */
export async function handlersOfOrg(s: Scoped, orgPath: string) {
  return s.tx
    .select({ id: users.id, displayName: users.displayName, roles: users.roles, orgId: users.orgId })
    .from(users)
    .where(
      and(
        eq(users.status, 'active'),
        sql`${users.orgPath} <@ ${orgPath}::ltree`,
        sql`${users.roles} && array['cadre','volunteer']::text[]`,
      ),
    )
    .orderBy(asc(users.displayName))
    .limit(200);
}

/** Owner: people. Names of registry persons, by id (the requester of a demand). */
export async function personNames(s: Scoped, ids: (number | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  if (!wanted.length) return new Map<number, string>();
  const rows = await s.tx
    .select({ id: personDirectory.id, name: personDirectory.name })
    .from(personDirectory)
    .where(inArray(personDirectory.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
