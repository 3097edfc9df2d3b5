import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { CAMPAIGN_LEVEL_ORG_TYPES, type TaskTargets } from '@jinguo/contracts';
import { queryRows } from '../../platform/db/client.js';
import { users } from '../../platform/auth/auth.tables.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { orgDirectory } from '../organizations/index.js';

/*
 * The tasks module's reads of what others publish: the org directory (organizations module), joined to our own
 * assignments for the receivers, the board and the aggregate; and the platform's users (whom to notify).
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

/** Owner: organizations. Orgs by id (names for views, the checks of a use case). */
export async function orgsById(s: Scoped, ids: readonly number[]): Promise<Map<number, OrgFacts>> {
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

const idArray = (ids: readonly number[]) =>
  sql.raw(`array[${ids.map((i) => String(Math.trunc(i))).join(',') || ''}]::bigint[]`);
const textArray = (xs: readonly string[]) =>
  sql.raw(`array[${xs.map((x) => `'${x.replace(/[^a-z_]/g, '')}'`).join(',')}]::text[]`);

/**
 * Owner: organizations (read to write our task_assignments). One copy of the task for every active org strictly below
 * the dispatcher that the targets choose; one statement, however many villages. Returns how many.
 */
export async function createAssignments(
  s: Scoped,
  taskId: number,
  rootPath: string,
  targets: TaskTargets,
  deadline: string,
): Promise<number> {
  let chosen: SQL;
  if (targets.by === 'list') chosen = sql`o.id = any(${idArray(targets.orgIds)})`;
  else {
    const types =
      targets.by === 'type' ? targets.types : targets.levels.flatMap((l) => CAMPAIGN_LEVEL_ORG_TYPES[l] as string[]);
    chosen = sql`o.type = any(${textArray(types)})`;
  }
  const rows = await queryRows<{ n: number }>(
    s.tx,
    sql`
    with ins as (
      insert into task_assignments (task_id, org_id, org_path, district_id, deadline)
      select ${taskId}, o.id, o.path, o.district_id, ${deadline}::date from org_directory o
      where o.path <@ ${rootPath}::ltree and o.path <> ${rootPath}::ltree and o.status = 'active' and ${chosen}
        and ${inSubtree(s, sql`o.path`)}
      returning 1)
    select count(*)::int as n from ins`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Owner: accounts. The active cadres of the orgs (whom a task or a reminder notifies). */
export async function cadresOf(s: Scoped, orgIds: readonly number[]): Promise<number[]> {
  if (!orgIds.length) return [];
  const rows = await s.tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        sql`${users.orgId} = any(${idArray(orgIds)})`,
        eq(users.status, 'active'),
        sql`${users.roles} && array['cadre']::text[]`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Owner: accounts (joined to our assignments). The active cadres of every org a task was sent to. */
export async function cadresOfTask(s: Scoped, taskId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    s.tx,
    sql`select u.id from task_assignments a join users u on u.org_id = a.org_id
        where a.task_id = ${taskId} and u.status = 'active' and u.roles && array['cadre']::text[]
          and ${inSubtree(s, sql`a.org_path`)}`,
  );
  return rows.map((r) => Number(r.id));
}

export interface BoardRowData {
  id: number;
  org_id: number;
  code: string;
  name: string;
  type: string;
  state: string;
  deadline: string;
  signed_at: Date | string | null;
  submitted_at: Date | string | null;
  remind_count: number;
  forwarded_task_id: number | null;
}

/**
 * Owner: organizations (joined to our assignments). A page of the progress board in org order (keyset on the org id:
 * the task's unique (task_id, org_id) index gives a page without sorting 11,000 copies).
 */
export async function boardRows(
  s: Scoped,
  taskId: number,
  filter: string | undefined,
  today: string,
  after: number | null,
  limit: number,
): Promise<BoardRowData[]> {
  const f =
    filter === 'overdue'
      ? sql`a.state in ('pending', 'signed', 'returned') and a.deadline < ${today}::date`
      : filter
        ? sql`a.state = ${filter}`
        : sql`true`;
  return queryRows<BoardRowData>(
    s.tx,
    sql`
    select a.id, a.org_id, o.code, o.name, o.type, a.state, a.deadline::text as deadline, a.signed_at, a.submitted_at,
      a.remind_count, (select ft.id from tasks ft where ft.parent_assignment_id = a.id) as forwarded_task_id
    from task_assignments a join org_directory o on o.id = a.org_id
    where a.task_id = ${taskId} and ${f} and ${inSubtree(s, sql`a.org_path`)}
      ${after === null ? sql`` : sql`and a.org_id > ${after}`}
    order by a.org_id limit ${limit}`,
  );
}

/** Owner: organizations (joined to our assignments). Every submission under a region, for the Excel export. */
export async function submissionsUnder(s: Scoped, taskId: number, regionPath: string, states: readonly string[]) {
  return queryRows<{
    id: number;
    code: string;
    name: string;
    state: string;
    values: Record<string, unknown>;
    submitted_at: Date | string | null;
  }>(
    s.tx,
    sql`
    select a.id, o.code, o.name, a.state, a.values, a.submitted_at from task_assignments a join org_directory o on o.id = a.org_id
    where a.task_id = ${taskId} and a.org_path <@ ${regionPath}::ltree and a.state = any(${textArray(states)})
      and ${inSubtree(s, sql`a.org_path`)}
    order by o.code`,
  );
}
