import { eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { orgDirectory } from '../organizations/index.js';
import { users } from '../../platform/auth/auth.tables.js';
import type { Scoped } from '../../platform/scope.js';

/*
 * Every statement by which the cases module reads tables it does not own, gathered here unchanged so each can be
 * replaced by a call to the owning module's functions. (Joins on organizations and users inside case statements stay
 * with those statements: the case list and the export in their repositories, the assignments in cases.repository.)
 */

/** A registered party's contacts in clear (ciphertext), for an audited unmask. Owner: people (`persons`). */
export async function personSecrets(s: Scoped, personId: number) {
  const [row] = await queryRows<{ phone_enc: string | null; id_number_enc: string | null }>(
    s.tx,
    sql`select phone_enc, id_number_enc from persons where id = ${personId}`,
  );
  return row;
}

/** Registered parties' masked ID numbers, by person id. Owner: people (`persons`). */
export async function personIdNumbersMasked(s: Scoped, ids: number[]): Promise<Map<number, string | null>> {
  if (!ids.length) return new Map();
  return new Map(
    (
      await queryRows<{ id: number; id_number_masked: string | null }>(
        s.tx,
        sql`select id, id_number_masked from persons where id in ${sql.raw(`(${ids.map(Number).join(',')})`)}`,
      )
    ).map((p) => [Number(p.id), p.id_number_masked]),
  );
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
