import { and, eq } from 'drizzle-orm';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { orgDirectory } from '../organizations/index.js';

/* The people module's reads of what others publish: the org directory (organizations module, migration 0024). */

/** Owner: organizations. An org the registry binds a record to or filters by, inside the actor's subtree. */
export async function findOrg(s: Scoped, id: number) {
  const [org] = await s.tx
    .select({
      id: orgDirectory.id,
      code: orgDirectory.code,
      name: orgDirectory.name,
      type: orgDirectory.type,
      status: orgDirectory.status,
      path: orgDirectory.path,
      districtId: orgDirectory.districtId,
    })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.id, id), inSubtree(s, orgDirectory.path)));
  return org ?? null;
}
