import { eq, inArray } from 'drizzle-orm';
import { orgDirectory } from '../organizations/index.js';
import { personDirectory } from '../people/index.js';
import { users } from '../../platform/auth/auth.tables.js';
import type { Scoped } from '../../platform/scope.js';

/*
 * The cases module's reads of what others publish: the person directory (people module), the org directory
 * (organizations module) and the platform's users. A party's contact details in clear come from the people module's
 * own function (`findPerson`, given to the module), never from its tables.
 */

/** Registered parties' masked ID numbers, by person id (the person directory, people module). */
export async function personIdNumbersMasked(s: Scoped, ids: number[]): Promise<Map<number, string | null>> {
  if (!ids.length) return new Map();
  const rows = await s.tx
    .select({ id: personDirectory.id, masked: personDirectory.idNumberMasked })
    .from(personDirectory)
    .where(inArray(personDirectory.id, [...new Set(ids)]));
  return new Map(rows.map((p) => [Number(p.id), p.masked]));
}

/** Names of orgs by id. Owner: organizations (`organizations`). */
export async function orgNames(s: Scoped, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await s.tx
    .select({ id: orgDirectory.id, name: orgDirectory.name })
    .from(orgDirectory)
    .where(inArray(orgDirectory.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A user who might be assigned to a case. Owner: platform auth (`users`, table in platform/auth). */
export async function findUser(s: Scoped, id: number) {
  return (
    (
      await s.tx
        .select({
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          orgPath: users.orgPath,
          roles: users.roles,
          status: users.status,
        })
        .from(users)
        .where(eq(users.id, id))
    )[0] ?? null
  );
}

/**
 * Display names by username, of the users the reader's scope admits (row-level security on users): case rows written
 * before display names were recorded hold usernames. Owner: platform auth (`users`).
 */
export async function displayNamesByUsername(s: Scoped, usernames: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(usernames)].filter((u) => u && !u.startsWith('system:'));
  if (!wanted.length) return new Map();
  const rows = await s.tx
    .select({ username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.username, wanted));
  return new Map(rows.map((r) => [r.username, r.displayName]));
}
