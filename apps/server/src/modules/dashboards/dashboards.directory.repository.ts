import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { orgDirectory } from '../organizations/index.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';

/*
 * The dashboards module's reads of what others publish: the org directory (organizations module). The figures
 * themselves come from platform/stats and from the indicators' own counts.
 */

export interface DirOrg {
  id: number;
  code: string;
  name: string;
  type: string;
  status: string;
  parentId: number | null;
  path: string;
  divisionCode: string | null;
  childCount: number;
}

// Qualified by hand: drizzle renders a column of the outer view unqualified inside a subquery.
const childCount = sql<number>`(select count(*)::int from org_directory c where c.parent_id = "org_directory"."id" and c.status = 'active')`;
const columns = {
  id: orgDirectory.id,
  code: orgDirectory.code,
  name: orgDirectory.name,
  type: orgDirectory.type,
  status: orgDirectory.status,
  parentId: orgDirectory.parentId,
  path: orgDirectory.path,
  divisionCode: orgDirectory.divisionCode,
  childCount,
};
const norm = (r: DirOrg): DirOrg => ({
  ...r,
  id: Number(r.id),
  parentId: r.parentId === null ? null : Number(r.parentId),
  childCount: Number(r.childCount),
});

/** Owner: organizations. Orgs in the reader's subtree by id (merged and dissolved ones too). */
export async function orgsByIds(s: Scoped, ids: readonly number[]): Promise<Map<number, DirOrg>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = await s.tx
    .select(columns)
    .from(orgDirectory)
    .where(and(inArray(orgDirectory.id, wanted), inSubtree(s, orgDirectory.path)));
  return new Map(rows.map((r) => [Number(r.id), norm(r)]));
}

/** Owner: organizations. The active children of an org in the reader's subtree, divisions first in code order. */
export async function activeChildren(s: Scoped, parentId: number): Promise<DirOrg[]> {
  const rows = await s.tx
    .select(columns)
    .from(orgDirectory)
    .where(and(eq(orgDirectory.parentId, parentId), eq(orgDirectory.status, 'active'), inSubtree(s, orgDirectory.path)))
    .orderBy(sql`${orgDirectory.divisionCode} is null`, asc(orgDirectory.code));
  return rows.map(norm);
}
