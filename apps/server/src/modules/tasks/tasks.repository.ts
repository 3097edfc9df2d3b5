import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { reportForms, taskAssignments, taskEvents, tasks } from './tasks.tables.js';

/* Every SQL statement on forms, tasks, assignments and their events (reads of the org directory and users are in
 * tasks.directory.repository.ts). */

export type FormRow = typeof reportForms.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type AssignmentRow = typeof taskAssignments.$inferSelect;
export type EventRow = typeof taskEvents.$inferSelect;

/** Own subtree or an ancestor's: the two directions of the read policy. */
const upOrDown = (s: Scoped, column: { getSQL(): ReturnType<typeof sql> }) =>
  s.scopePath === null ? sql`true` : sql`(${column} <@ ${s.scopePath}::ltree or ${column} @> ${s.scopePath}::ltree)`;

export async function insertForm(s: Scoped, row: typeof reportForms.$inferInsert): Promise<FormRow> {
  return (await s.tx.insert(reportForms).values(row).returning())[0]!;
}
export async function updateForm(s: Scoped, id: number, patch: Partial<FormRow>): Promise<FormRow> {
  return (
    await s.tx
      .update(reportForms)
      .set({ ...patch, version: sql`${reportForms.version} + 1`, updatedAt: new Date() })
      .where(eq(reportForms.id, id))
      .returning()
  )[0]!;
}
export async function findForm(s: Scoped, id: number): Promise<FormRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(reportForms)
        .where(and(eq(reportForms.id, id), upOrDown(s, reportForms.orgPath)))
    )[0] ?? null
  );
}
export async function listForms(s: Scoped): Promise<FormRow[]> {
  return s.tx
    .select()
    .from(reportForms)
    .where(upOrDown(s, reportForms.orgPath))
    .orderBy(desc(reportForms.id))
    .limit(500);
}

export async function insertTask(s: Scoped, row: typeof tasks.$inferInsert): Promise<TaskRow> {
  return (await s.tx.insert(tasks).values(row).returning())[0]!;
}
export async function setReceivers(s: Scoped, id: number, n: number): Promise<void> {
  await s.tx.update(tasks).set({ receivers: n }).where(eq(tasks.id, id));
}
/** A task dispatched in the scope, or sent to an org of it. */
export async function findTask(s: Scoped, id: number): Promise<TaskRow | null> {
  const visible =
    s.scopePath === null
      ? sql`true`
      : sql`(${tasks.orgPath} <@ ${s.scopePath}::ltree or exists (select 1 from task_assignments a where a.task_id = ${tasks.id} and a.org_path <@ ${s.scopePath}::ltree))`;
  return (
    (
      await s.tx
        .select()
        .from(tasks)
        .where(and(eq(tasks.id, id), visible))
    )[0] ?? null
  );
}
/** The task a receiver made by forwarding its copy. */
export async function forwardedTaskOf(s: Scoped, assignmentId: number): Promise<TaskRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(tasks)
        .where(and(eq(tasks.parentAssignmentId, assignmentId), inSubtree(s, tasks.orgPath)))
    )[0] ?? null
  );
}

export async function findAssignment(s: Scoped, taskId: number, id: number): Promise<AssignmentRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(taskAssignments)
        .where(
          and(eq(taskAssignments.id, id), eq(taskAssignments.taskId, taskId), inSubtree(s, taskAssignments.orgPath)),
        )
    )[0] ?? null
  );
}
export async function assignmentOfOrg(s: Scoped, taskId: number, orgId: number): Promise<AssignmentRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(taskAssignments)
        .where(
          and(
            eq(taskAssignments.taskId, taskId),
            eq(taskAssignments.orgId, orgId),
            inSubtree(s, taskAssignments.orgPath),
          ),
        )
    )[0] ?? null
  );
}
/** The copies of a task held by the given orgs (id and org only). */
export async function assignmentsOfOrgs(s: Scoped, taskId: number, orgIds: readonly number[]) {
  if (!orgIds.length) return [];
  return s.tx
    .select({ id: taskAssignments.id, orgId: taskAssignments.orgId })
    .from(taskAssignments)
    .where(
      and(
        eq(taskAssignments.taskId, taskId),
        inArray(taskAssignments.orgId, [...orgIds]),
        inSubtree(s, taskAssignments.orgPath),
      ),
    );
}
export async function updateAssignment(s: Scoped, id: number, patch: Partial<AssignmentRow>): Promise<AssignmentRow> {
  return (
    await s.tx
      .update(taskAssignments)
      .set({ ...patch, version: sql`${taskAssignments.version} + 1`, updatedAt: new Date() })
      .where(eq(taskAssignments.id, id))
      .returning()
  )[0]!;
}
/** Values of the task's submissions (submitted or approved): what a forwarding org adds up. */
export async function submittedValues(s: Scoped, taskId: number): Promise<{ values: unknown; state: string }[]> {
  return s.tx
    .select({ values: taskAssignments.values, state: taskAssignments.state })
    .from(taskAssignments)
    .where(
      and(
        eq(taskAssignments.taskId, taskId),
        inArray(taskAssignments.state, ['submitted', 'approved']),
        inSubtree(s, taskAssignments.orgPath),
      ),
    );
}
export async function countAssignments(s: Scoped, taskId: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    s.tx,
    sql`select count(*)::int as n from task_assignments where task_id = ${taskId} and ${inSubtree(s, sql`org_path`)}`,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function insertEvent(s: Scoped, row: typeof taskEvents.$inferInsert): Promise<void> {
  await s.tx.insert(taskEvents).values(row);
}
export async function listEvents(s: Scoped, assignmentId: number): Promise<EventRow[]> {
  return s.tx
    .select()
    .from(taskEvents)
    .where(and(eq(taskEvents.assignmentId, assignmentId), inSubtree(s, taskEvents.orgPath)))
    .orderBy(asc(taskEvents.id));
}
/** One event per assignment of a task (bulk reminders): `orgPaths` by assignment id. */
export async function insertEventsFor(
  s: Scoped,
  taskId: number,
  assignments: readonly { id: number; orgPath: string; districtId: number | null }[],
  action: string,
  by: string,
): Promise<void> {
  for (let i = 0; i < assignments.length; i += 1000)
    await s.tx.insert(taskEvents).values(
      assignments.slice(i, i + 1000).map((a) => ({
        assignmentId: a.id,
        taskId,
        orgPath: a.orgPath,
        districtId: a.districtId,
        action,
        by,
      })),
    );
}

/**
 * Marks the open assignments of a task reminded (those not reminded since `since`, or the one given) and returns them.
 */
export async function markReminded(
  s: Scoped,
  taskId: number,
  since: Date,
  only: number | null,
  states: readonly string[],
): Promise<{ id: number; orgId: number; orgPath: string; districtId: number | null; state: string }[]> {
  return s.tx
    .update(taskAssignments)
    .set({ remindedAt: new Date(), remindCount: sql`${taskAssignments.remindCount} + 1` })
    .where(
      and(
        eq(taskAssignments.taskId, taskId),
        inArray(taskAssignments.state, [...states]),
        sql`(${taskAssignments.remindedAt} is null or ${taskAssignments.remindedAt} < ${since.toISOString()}::timestamptz)`,
        only === null ? sql`true` : eq(taskAssignments.id, only),
        inSubtree(s, taskAssignments.orgPath),
      ),
    )
    .returning({
      id: taskAssignments.id,
      orgId: taskAssignments.orgId,
      orgPath: taskAssignments.orgPath,
      districtId: taskAssignments.districtId,
      state: taskAssignments.state,
    });
}

/** Tasks with automatic reminders whose deadline is today or later (the reminder job looks at each). */
export async function tasksToRemind(s: Scoped, today: string): Promise<TaskRow[]> {
  return s.tx
    .select()
    .from(tasks)
    .where(and(sql`${tasks.deadline} >= ${today}::date`, sql`${tasks.remindDays} > 0`))
    .orderBy(asc(tasks.id));
}

/** Counts of a task's assignments by state, and how many open ones are past the deadline. */
export async function boardCounts(s: Scoped, taskId: number, today: string) {
  const rows = await queryRows<Record<string, number>>(
    s.tx,
    sql`
    select count(*)::int as total,
      count(*) filter (where state = 'pending')::int as pending, count(*) filter (where state = 'signed')::int as signed,
      count(*) filter (where state = 'submitted')::int as submitted,
      count(*) filter (where state = 'returned')::int as returned,
      count(*) filter (where state = 'approved')::int as approved,
      count(*) filter (where state in ('pending', 'signed', 'returned') and deadline < ${today}::date)::int as overdue
    from task_assignments where task_id = ${taskId} and ${inSubtree(s, sql`org_path`)}`,
  );
  const r = rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    total: n('total'),
    pending: n('pending'),
    signed: n('signed'),
    submitted: n('submitted'),
    returned: n('returned'),
    approved: n('approved'),
    overdue: n('overdue'),
  };
}

/** The acting org's incoming assignments, newest first (keyset on id). */
export async function inbox(
  s: Scoped,
  orgId: number,
  state: string | undefined,
  beforeId: number | null,
  limit: number,
) {
  return s.tx
    .select({ a: taskAssignments, t: tasks })
    .from(taskAssignments)
    .innerJoin(tasks, eq(tasks.id, taskAssignments.taskId))
    .where(
      and(
        eq(taskAssignments.orgId, orgId),
        state ? eq(taskAssignments.state, state) : sql`true`,
        beforeId === null ? sql`true` : lt(taskAssignments.id, beforeId),
        inSubtree(s, taskAssignments.orgPath),
      ),
    )
    .orderBy(desc(taskAssignments.id))
    .limit(limit);
}

/** Tasks the acting org dispatched, newest first, with how many receivers submitted. */
export async function sent(s: Scoped, orgId: number, beforeId: number | null, limit: number) {
  const rows = await s.tx
    .select()
    .from(tasks)
    .where(
      and(eq(tasks.orgId, orgId), beforeId === null ? sql`true` : lt(tasks.id, beforeId), inSubtree(s, tasks.orgPath)),
    )
    .orderBy(desc(tasks.id))
    .limit(limit);
  const done = new Map<number, number>();
  if (rows.length) {
    const counts = await queryRows<{ task_id: number; n: number }>(
      s.tx,
      sql`select a.task_id, count(*)::int as n from task_assignments a join tasks t on t.id = a.task_id
          where a.task_id in (${sql.join(
            rows.map((r) => sql`${r.id}`),
            sql`, `,
          )}) and (case when t.kind = 'notice' then a.state <> 'pending' else a.state in ('submitted', 'approved') end)
            and ${inSubtree(s, sql`a.org_path`)} group by a.task_id`,
    );
    for (const c of counts) done.set(Number(c.task_id), Number(c.n));
  }
  return rows.map((t) => ({ t, done: done.get(t.id) ?? 0 }));
}

/** A periodic form's tasks with the org's copy of each (period history). */
export async function periodsOf(s: Scoped, formId: number, orgId: number) {
  return queryRows<{
    period: string;
    task_id: number;
    deadline: string;
    assignment_id: number | null;
    state: string | null;
    corrections: number;
  }>(
    s.tx,
    sql`
    select t.period, t.id as task_id, t.deadline::text as deadline, a.id as assignment_id, a.state,
      greatest((select count(*) from task_events e where e.assignment_id = a.id and e.action = 'submit')::int - 1, 0) as corrections
    from tasks t left join task_assignments a on a.task_id = t.id and a.org_id = ${orgId}
    where t.form_id = ${formId} and t.period is not null
      and ${s.scopePath === null ? sql`true` : sql`(t.org_path <@ ${s.scopePath}::ltree or a.id is not null)`}
    order by t.period desc, t.id desc limit 200`,
  );
}
