import { and, inArray } from 'drizzle-orm';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { orgDirectory } from '../organizations/index.js';
import { personDirectory } from '../people/index.js';

/* The activities module's reads of what others publish: the org directory and the person directory. */

export interface OrgFacts {
  id: number;
  code: string;
  name: string;
  type: string;
  path: string;
  status: string;
  districtId: number | null;
}

/** Owner: organizations. The orgs the views name and the checks look at, by id. */
export async function orgsById(s: Scoped, ids: number[]): Promise<Map<number, OrgFacts>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = await s.tx
    .select({
      id: orgDirectory.id,
      code: orgDirectory.code,
      name: orgDirectory.name,
      type: orgDirectory.type,
      path: orgDirectory.path,
      status: orgDirectory.status,
      districtId: orgDirectory.districtId,
    })
    .from(orgDirectory)
    .where(inArray(orgDirectory.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Owner: people. Names of persons in the reader's subtree, by id. */
export async function personNames(s: Scoped, ids: number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = await s.tx
    .select({ id: personDirectory.id, name: personDirectory.name })
    .from(personDirectory)
    .where(and(inArray(personDirectory.id, wanted), inSubtree(s, personDirectory.path)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
