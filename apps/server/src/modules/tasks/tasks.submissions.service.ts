import {
  ASSIGNMENT_MACHINE,
  type Assignment,
  type AssignmentAction,
  type AssignmentState,
  type FormDefinition,
  type FormValues,
  type TaskKind,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/index.js';
import { inScope, requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { byOrg, readCounters } from '../../platform/stats/index.js';
import * as foreign from './tasks.directory.repository.js';
import { requireTask } from './tasks.dispatch.service.js';
import { checkValues, figuresOf, sumOfSubmissions } from './tasks.values.policy.js';
import { assignmentActions, isOverdue } from './tasks.policy.js';
import * as repo from './tasks.repository.js';
import { addToTotals } from './tasks.totals.repository.js';
import { iso, orgSummary } from './tasks.views.js';

export interface SubmissionsDeps {
  handle: DbHandle;
  today: () => string;
}

const definitionOf = (t: repo.TaskRow) => (t.definition as FormDefinition | null) ?? null;

export async function requireAssignment(s: Scoped, taskId: number, id: number) {
  const t = await requireTask(s, taskId);
  const a = await repo.findAssignment(s, taskId, id);
  if (!a) throw new AppError('ASSIGNMENT_NOT_FOUND');
  return { t, a };
}

/** What the records say for the form's metric fields, at the receiving org over the task's period. */
async function fromRecords(s: Scoped, t: repo.TaskRow, a: repo.AssignmentRow): Promise<Record<string, number>> {
  const def = definitionOf(t);
  const fields = (def?.fields ?? []).filter((f) => f.metric !== undefined);
  if (!fields.length || !t.periodFrom || !t.periodTo) return {};
  const metrics = [...new Set(fields.map((f) => f.metric!))];
  const rows = await readCounters(s, { orgId: a.orgId, metrics, from: t.periodFrom, to: t.periodTo, by: 'self' });
  const values = byOrg(rows, metrics).get(a.orgId) ?? Object.fromEntries(metrics.map((m) => [m, 0]));
  return Object.fromEntries(fields.map((f) => [f.key, values[f.metric!] ?? 0]));
}

async function view(
  deps: SubmissionsDeps,
  s: Scoped,
  actor: UserActor,
  t: repo.TaskRow,
  a: repo.AssignmentRow,
): Promise<Assignment> {
  const org = (await foreign.orgsById(s, [a.orgId])).get(a.orgId);
  const def = definitionOf(t);
  const records = await fromRecords(s, t, a);
  const forwarded = await repo.forwardedTaskOf(s, a.id);
  let forward: Assignment['forward'] = null;
  if (forwarded && def) {
    const subs = await repo.submittedValues(s, forwarded.id);
    forward = {
      taskId: forwarded.id,
      submitted: subs.length,
      total: forwarded.receivers,
      values: sumOfSubmissions(
        def,
        subs.map((x) => x.values as Record<string, unknown>),
      ),
    };
  }
  // Never saved: the form opens with what the platform knows (its records, or the sum of the orgs it forwarded to).
  const values =
    Object.keys(a.values as object).length === 0 && def
      ? checkValues(
          def,
          {
            ...records,
            ...Object.fromEntries(
              Object.entries(forward?.values ?? {}).filter(([k]) =>
                def.fields.some((f) => f.key === k && f.formula === undefined),
              ),
            ),
          },
          false,
        ).values
      : (a.values as FormValues);
  const kind = t.kind as TaskKind;
  const state = a.state as AssignmentState;
  return {
    id: a.id,
    taskId: t.id,
    org: orgSummary(org, a.orgId),
    state,
    overdue: isOverdue(kind, state, a.deadline, deps.today()),
    values,
    fromRecords: records,
    forward,
    signedAt: iso(a.signedAt),
    signedBy: a.signedBy,
    submittedAt: iso(a.submittedAt),
    submittedBy: a.submittedBy,
    decidedAt: iso(a.decidedAt),
    decidedBy: a.decidedBy,
    returnReason: a.returnReason,
    remindCount: a.remindCount,
    version: a.version,
    actions: assignmentActions({
      kind,
      state,
      receiver: a.orgId === actor.scope.orgId && actor.permissions.has('task.submit'),
      dispatcher: inScope(s, t.orgPath) && actor.permissions.has('task.dispatch'),
      canForward: actor.permissions.has('task.dispatch') && forwarded === null,
    }),
  };
}

/** Moves the task's rolled-up totals by one copy's change of state (and of values, counted only when submitted). */
async function moveTotals(s: Scoped, t: repo.TaskRow, before: repo.AssignmentRow, after: repo.AssignmentRow) {
  const def = definitionOf(t);
  const was = def ? figuresOf(def, before.values as Record<string, unknown>) : [];
  const now = def ? figuresOf(def, after.values as Record<string, unknown>) : [];
  const delta = (counted: (state: string) => boolean) => ({
    n: Number(counted(after.state)) - Number(counted(before.state)),
    v: now.map((x, i) => (counted(after.state) ? x : 0) - (counted(before.state) ? was[i]! : 0)),
  });
  const sub = delta((st) => st === 'submitted' || st === 'approved');
  const appr = delta((st) => st === 'approved');
  if (!sub.n && !appr.n && [...sub.v, ...appr.v].every((x) => x === 0)) return;
  await addToTotals(s, t.id, after.orgPath, {
    submitted: sub.n,
    approved: appr.n,
    submittedSums: sub.v,
    approvedSums: appr.v,
  });
}

/** The receiver acts on its own org's copy only (acting as that org). */
function requireReceiver(actor: UserActor, a: repo.AssignmentRow): void {
  requirePermission(actor, 'task.submit');
  if (a.orgId !== actor.scope.orgId) throw new AppError('FORBIDDEN');
}
/** The dispatcher (or an org above it) decides. */
function requireDispatcher(s: Scoped, actor: UserActor, t: repo.TaskRow): void {
  requirePermission(actor, 'task.dispatch');
  if (!inScope(s, t.orgPath)) throw new AppError('FORBIDDEN');
}
function requireTransition(action: AssignmentAction, a: repo.AssignmentRow): AssignmentState {
  const to = ASSIGNMENT_MACHINE.next(action, a.state as AssignmentState);
  if (to === null) throw new AppError(a.state === 'approved' ? 'SUBMISSION_LOCKED' : 'TASK_INVALID_TRANSITION');
  return to;
}

/** Values checked against the task's form: 400 SUBMISSION_INVALID listing every field at fault, nothing written. */
function requireValidValues(t: repo.TaskRow, values: FormValues, complete: boolean): Record<string, unknown> {
  const def = definitionOf(t);
  if (!def) {
    if (Object.keys(values).length)
      throw fieldError('SUBMISSION_INVALID', 'values', '该任务没有报表', 'this task has no form');
    return {};
  }
  const r = checkValues(def, values, complete);
  const first = r.errors[0];
  if (first)
    throw new AppError('SUBMISSION_INVALID', {
      field: first.field,
      zh: `填报内容有误：${first.message['zh-CN']}（共 ${r.errors.length} 处）`,
      en: `The submission has errors: ${first.message['en-US']} (${r.errors.length} in all)`,
      errors: r.errors,
    });
  return r.values;
}

/** Signing, filling, submitting; returning, approving (locks) and reopening; the history of each copy. */
export function createSubmissions(deps: SubmissionsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function record(
    s: Scoped,
    actor: UserActor,
    t: repo.TaskRow,
    a: repo.AssignmentRow,
    action: string,
    extra: { reason?: string | null; values?: unknown } = {},
  ) {
    await repo.insertEvent(s, {
      assignmentId: a.id,
      taskId: t.id,
      orgPath: a.orgPath,
      districtId: a.districtId,
      action,
      reason: extra.reason ?? null,
      values: extra.values ?? null,
      by: actor.displayName,
    });
    await appendAudit(s.tx, actor, {
      action: `task.${action}`,
      targetType: 'task_assignment',
      targetId: a.id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      after: { taskId: t.id, state: a.state, reason: extra.reason ?? undefined },
    });
  }

  /** Tells the other side: the dispatcher's cadres of a submission, the receiver's of a decision. */
  async function tell(s: Scoped, t: repo.TaskRow, toOrgId: number, zh: string, en: string, link: string) {
    const users = await foreign.cadresOf(s, [toOrgId]);
    await notify(s.tx, {
      kind: 'task.progress',
      recipients: users.map((user) => ({ user })),
      title: { 'zh-CN': `${zh}：${t.title}`, 'en-US': `${en}: ${t.title}` },
      link,
      target: { type: 'task', id: t.id },
      orgPath: t.orgPath,
    });
  }

  const link = (t: repo.TaskRow, a: repo.AssignmentRow) => `/tasks/${t.id}/assignments/${a.id}`;

  return {
    get: (actor: UserActor, taskId: number, id: number) =>
      run(actor, async (s) => {
        const { t, a } = await requireAssignment(s, taskId, id);
        return view(deps, s, actor, t, a);
      }),

    sign: (actor: UserActor, taskId: number, id: number) =>
      run(actor, async (s) => {
        const { t, a } = await requireAssignment(s, taskId, id);
        requireReceiver(actor, a);
        const to = requireTransition('sign', a);
        const after = await repo.updateAssignment(s, a.id, {
          state: to,
          signedAt: new Date(),
          signedBy: actor.displayName,
        });
        await record(s, actor, t, after, 'sign');
        return view(deps, s, actor, t, after);
      }),

    /** Saves a draft: checked for types and ranges (not yet for required fields and rules); signs if not signed. */
    save: (actor: UserActor, taskId: number, id: number, input: { values: FormValues; version: number }) =>
      run(actor, async (s) => {
        const { t, a } = await requireAssignment(s, taskId, id);
        requireReceiver(actor, a);
        if (a.state === 'approved') throw new AppError('SUBMISSION_LOCKED');
        if (a.state === 'submitted' || t.kind !== 'task') throw new AppError('TASK_INVALID_TRANSITION');
        if (input.version !== a.version) throw new AppError('TASK_VERSION_CONFLICT', { field: 'version' });
        const values = requireValidValues(t, input.values, false);
        const after = await repo.updateAssignment(s, a.id, {
          values,
          ...(a.state === 'pending' ? { state: 'signed', signedAt: new Date(), signedBy: actor.displayName } : {}),
        });
        return view(deps, s, actor, t, after);
      }),

    submit: (actor: UserActor, taskId: number, id: number, input: { values: FormValues; version: number }) =>
      run(actor, async (s) => {
        const { t, a } = await requireAssignment(s, taskId, id);
        requireReceiver(actor, a);
        if (t.kind !== 'task') throw new AppError('TASK_INVALID_TRANSITION');
        const to = requireTransition('submit', a);
        if (input.version !== a.version) throw new AppError('TASK_VERSION_CONFLICT', { field: 'version' });
        const values = requireValidValues(t, input.values, true);
        const now = new Date();
        const after = await repo.updateAssignment(s, a.id, {
          state: to,
          values,
          submittedAt: now,
          submittedBy: actor.displayName,
          returnReason: null,
          ...(a.signedAt ? {} : { signedAt: now, signedBy: actor.displayName }),
        });
        await moveTotals(s, t, a, after);
        await record(s, actor, t, after, 'submit', { values });
        const org = (await foreign.orgsById(s, [a.orgId])).get(a.orgId);
        await tell(s, t, t.orgId, `${org?.name ?? ''}已报送`, `${org?.name ?? ''} submitted`, link(t, a));
        return view(deps, s, actor, t, after);
      }),

    decide: (
      actor: UserActor,
      taskId: number,
      id: number,
      action: 'return' | 'approve' | 'reopen',
      reason: string | undefined,
    ) =>
      run(actor, async (s) => {
        const { t, a } = await requireAssignment(s, taskId, id);
        requireDispatcher(s, actor, t);
        if (t.kind !== 'task') throw new AppError('TASK_INVALID_TRANSITION');
        const to = requireTransition(action, a);
        if (action !== 'approve' && !reason)
          throw fieldError(
            'VALIDATION_FAILED',
            'reason',
            '请说明退回或重新打开的原因',
            'give the reason for returning or reopening',
          );
        const after = await repo.updateAssignment(s, a.id, {
          state: to,
          decidedAt: new Date(),
          decidedBy: actor.displayName,
          returnReason: action === 'approve' ? null : (reason ?? null),
        });
        await moveTotals(s, t, a, after);
        await record(s, actor, t, after, action, { reason: reason ?? null });
        const words = {
          return: ['报表被退回修改', 'Returned for correction'],
          approve: ['报表已审核通过', 'Approved'],
          reopen: ['报表已重新打开以便更正', 'Reopened for correction'],
        }[action];
        await tell(s, t, a.orgId, words[0]!, words[1]!, link(t, a));
        return view(deps, s, actor, t, after);
      }),

    history: (actor: UserActor, taskId: number, id: number) =>
      run(actor, async (s) => {
        const { a } = await requireAssignment(s, taskId, id);
        const rows = await repo.listEvents(s, a.id);
        return {
          items: rows.map((e) => ({
            id: e.id,
            action: e.action as 'submit',
            by: e.by,
            at: e.at.toISOString(),
            reason: e.reason,
            values: (e.values as FormValues | null) ?? null,
          })),
        };
      }),
  };
}
export type Submissions = ReturnType<typeof createSubmissions>;
