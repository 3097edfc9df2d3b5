import type { Aggregate, AssignmentState, Board, FormDefinition, OrgType, TaskKind } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { WorkCalendar } from '../../platform/calendar/index.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { notify } from '../../platform/notifications/index.js';
import {
  inScope,
  pathWithin,
  requirePermission,
  runAsSystem,
  runScoped,
  systemActor,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import { startOfChinaDay } from '../../platform/time.js';
import * as foreign from './tasks.directory.repository.js';
import { requireTask } from './tasks.dispatch.service.js';
import { requireForm } from './tasks.forms.service.js';
import { figuresOf, numericColumns, totalsAsFigures } from './tasks.values.policy.js';
import { isOverdue } from './tasks.policy.js';
import * as repo from './tasks.repository.js';
import { totalsOfChildren } from './tasks.totals.repository.js';
import { iso, orgSummary } from './tasks.views.js';

export interface BoardDeps {
  handle: DbHandle;
  today: () => string;
  calendar: WorkCalendar;
}

/** The dispatcher's side of a task: it (or an org above it) reads the board and the aggregate. */
async function requireDispatcherTask(s: Scoped, actor: UserActor, taskId: number): Promise<repo.TaskRow> {
  const t = await requireTask(s, taskId);
  if (!inScope(s, t.orgPath)) throw new AppError('FORBIDDEN');
  return t;
}

/**
 * Reminds the open copies of a task (all, or one) not reminded since `since`: notifies their cadres and records the
 * reminder on each. Returns how many were reminded.
 */
async function remindIn(s: Scoped, who: string, t: repo.TaskRow, since: Date, only: number | null): Promise<number> {
  // A notice's copy is open until signed for; a task's until submitted (or while returned).
  const states = t.kind === 'notice' ? ['pending'] : ['pending', 'signed', 'returned'];
  const open = await repo.markReminded(s, t.id, since, only, states);
  if (!open.length) return 0;
  await repo.insertEventsFor(s, t.id, open, 'remind', who);
  const users = await foreign.cadresOf(
    s,
    open.map((a) => a.orgId),
  );
  await notify(s.tx, {
    kind: 'task.reminder',
    recipients: users.map((user) => ({ user })),
    title: { 'zh-CN': `催办：${t.title}`, 'en-US': `Reminder: ${t.title}` },
    body: { 'zh-CN': `请于 ${t.deadline} 前完成`, 'en-US': `Due ${t.deadline}` },
    link: `/tasks/${t.id}`,
    target: { type: 'task', id: t.id },
    orgPath: t.orgPath,
  });
  return open.length;
}

/** Whether the automatic reminder runs for a task today: a working day within its last `remindDays` working days. */
export function remindsToday(calendar: WorkCalendar, today: string, deadline: string, remindDays: number): boolean {
  if (remindDays <= 0 || today > deadline || !calendar.isWorkday(today)) return false;
  return calendar.workdaysBetween(today, deadline) < remindDays;
}

export function createBoard(deps: BoardDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const actor = systemActor('tasks-reminders');

  return {
    board: (
      actor: UserActor,
      taskId: number,
      q: { state?: string | undefined; cursor?: string | undefined; limit: number },
    ): Promise<Board> =>
      run(actor, async (s) => {
        const t = await requireDispatcherTask(s, actor, taskId);
        const today = deps.today();
        const counts = await repo.boardCounts(s, t.id, today);
        const after = decodeCursor<{ org: number }>(q.cursor);
        const rows = await foreign.boardRows(s, t.id, q.state, today, after ? Number(after.org) : null, q.limit + 1);
        const page = rows.slice(0, q.limit);
        return {
          taskId: t.id,
          deadline: t.deadline,
          counts,
          rows: page.map((r) => ({
            assignmentId: Number(r.id),
            org: orgSummary({ id: r.org_id, code: r.code, name: r.name, type: r.type }, Number(r.org_id)),
            state: r.state as AssignmentState,
            overdue: isOverdue(t.kind as TaskKind, r.state as AssignmentState, r.deadline, today),
            signedAt: iso(r.signed_at),
            submittedAt: iso(r.submitted_at),
            remindCount: Number(r.remind_count),
            forwardedTaskId: r.forwarded_task_id === null ? null : Number(r.forwarded_task_id),
          })),
          nextCursor: rows.length > q.limit ? encodeCursor({ org: Number(page[page.length - 1]!.org_id) }) : null,
        };
      }),

    /** Submissions summed by region (each child of the org), with totals; drill down by choosing a region. */
    aggregate: (
      actor: UserActor,
      taskId: number,
      q: { orgId?: number | undefined; include: 'submitted' | 'approved' },
    ): Promise<Aggregate> =>
      run(actor, async (s) => {
        const t = await requireDispatcherTask(s, actor, taskId);
        const regionId = q.orgId ?? t.orgId;
        const region = (await foreign.orgsById(s, [regionId])).get(regionId);
        if (!region || !pathWithin(region.path, t.orgPath) || !inScope(s, region.path))
          throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        const def = t.definition as FormDefinition | null;
        const columns = def ? numericColumns(def) : [];
        const approvedOnly = q.include === 'approved';
        const rows: Aggregate['rows'] = (await totalsOfChildren(s, t.id, region.id)).map((r) => {
          const sums = approvedOnly ? r.approved_sums : r.submitted_sums;
          return {
            org: { id: Number(r.id), code: r.code, name: r.name, type: r.type as OrgType },
            submitted: Number(approvedOnly ? r.approved : r.submitted),
            total: Number(r.receivers),
            values: Object.fromEntries(columns.map((c, i) => [c.key, Number(sums[i] ?? 0)])),
            assignmentId: null,
          };
        });
        // A region that is itself a receiver (a district below the city): its own copy, first.
        const own = region.id === t.orgId ? null : await repo.assignmentOfOrg(s, t.id, region.id);
        if (own) {
          const counted = approvedOnly
            ? own.state === 'approved'
            : own.state === 'submitted' || own.state === 'approved';
          const figures = def ? figuresOf(def, own.values as Record<string, unknown>) : [];
          rows.unshift({
            org: orgSummary(region, region.id),
            submitted: counted ? 1 : 0,
            total: 1,
            values: Object.fromEntries(columns.map((c, i) => [c.key, counted ? figures[i]! : 0])),
            assignmentId: own.id,
          });
        }
        // Each child's own copy, when the children are the receivers (drill-down to the submission).
        const copies = new Map(
          (
            await repo.assignmentsOfOrgs(
              s,
              t.id,
              rows.filter((r) => r.total === 1 && r.assignmentId === null).map((r) => r.org.id),
            )
          ).map((a) => [a.orgId, a.id]),
        );
        for (const r of rows) if (r.assignmentId === null) r.assignmentId = copies.get(r.org.id) ?? null;
        const total = { submitted: 0, total: 0, values: Object.fromEntries(columns.map((c) => [c.key, 0])) };
        for (const r of rows) {
          total.submitted += r.submitted;
          total.total += r.total;
          for (const c of columns) total.values[c.key]! += r.values[c.key] ?? 0;
        }
        const out = rows;
        // Sums of decimals: rounded once, here, as the form's figures are; rates computed again over the sums.
        for (const c of columns) total.values[c.key] = Math.round(total.values[c.key]! * 1e6) / 1e6;
        if (def) {
          for (const r of rows) r.values = totalsAsFigures(def, r.values);
          total.values = totalsAsFigures(def, total.values);
        }
        return {
          taskId: t.id,
          org: orgSummary(region, region.id),
          columns: columns.map(({ key, label, unit }) => ({ key, label, unit })),
          rows: out,
          total,
        };
      }),

    /** One click: reminds every open copy (or one). */
    remind: (actor: UserActor, taskId: number, assignmentId: number | null) =>
      run(actor, async (s) => {
        requirePermission(actor, 'task.dispatch');
        const t = await requireDispatcherTask(s, actor, taskId);
        if (assignmentId !== null && !(await repo.findAssignment(s, taskId, assignmentId)))
          throw new AppError('ASSIGNMENT_NOT_FOUND');
        const n = await remindIn(s, actor.displayName, t, new Date(), assignmentId);
        await appendAudit(s.tx, actor, {
          action: 'task.remind',
          targetType: 'task',
          targetId: t.id,
          orgId: t.orgId,
          orgPath: t.orgPath,
          after: { reminded: n, assignmentId },
        });
        return { reminded: n };
      }),

    /**
     * The automatic reminders: on a working day within a task's last `remindDays` working days, every open copy not yet
     * reminded today is reminded once. Runs as a periodic job; one transaction per task.
     */
    remindDue: async (): Promise<{ tasks: number; reminded: number }> => {
      const today = deps.today();
      const due = await runAsSystem(deps.handle, actor, (s) => repo.tasksToRemind(s, today));
      let reminded = 0;
      let tasks = 0;
      for (const t of due) {
        if (!remindsToday(deps.calendar, today, t.deadline, t.remindDays)) continue;
        const n = await runAsSystem(deps.handle, actor, (s) =>
          remindIn(s, 'system:tasks-reminders', t, startOfChinaDay(today), null),
        );
        if (n) tasks++;
        reminded += n;
      }
      return { tasks, reminded };
    },

    /** A periodic form's periods for an org (default the acting org): state and corrections of each. */
    periods: (actor: UserActor, formId: number, orgId: number | undefined) =>
      run(actor, async (s) => {
        const f = await requireForm(s, formId);
        const oid = orgId ?? actor.scope.orgId;
        const org = (await foreign.orgsById(s, [oid])).get(oid);
        if (!org || !inScope(s, org.path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        const rows = await repo.periodsOf(s, f.id, oid);
        return {
          formId: f.id,
          items: rows.map((r) => ({
            period: r.period,
            taskId: Number(r.task_id),
            assignmentId: r.assignment_id === null ? null : Number(r.assignment_id),
            state: (r.state as AssignmentState | null) ?? null,
            corrections: Number(r.corrections),
            deadline: r.deadline,
          })),
        };
      }),

    requireDispatcherTask: (actor: UserActor, taskId: number) =>
      run(actor, (s) => requireDispatcherTask(s, actor, taskId)),
  };
}
export type BoardService = ReturnType<typeof createBoard>;
