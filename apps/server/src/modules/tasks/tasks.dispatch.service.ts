import {
  periodRange,
  type ForwardInput,
  type FormDefinition,
  type Task,
  type TaskInput,
  type TaskKind,
  type TaskTargets,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Files } from '../../platform/files/index.js';
import { notify } from '../../platform/notifications/index.js';
import {
  inScope,
  pathWithin,
  requireOrgInScope,
  requirePermission,
  runAsSystem,
  runScoped,
  systemActor,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import * as foreign from './tasks.directory.repository.js';
import { numericColumns } from './tasks.values.policy.js';
import { requireForm } from './tasks.forms.service.js';
import * as repo from './tasks.repository.js';
import { rebuildTotals } from './tasks.totals.repository.js';
import { taskView } from './tasks.views.js';

export interface DispatchDeps {
  handle: DbHandle;
  today: () => string;
  files: Files;
}

const OWNER = 'task';

export async function requireTask(s: Scoped, id: number): Promise<repo.TaskRow> {
  const t = await repo.findTask(s, id);
  if (!t) throw new AppError('TASK_NOT_FOUND');
  return t;
}

/** The view of a task for the caller: dispatcher or receiver (its own copy). */
export async function taskFor(deps: DispatchDeps, s: Scoped, actor: UserActor, t: repo.TaskRow): Promise<Task> {
  const org = (await foreign.orgsById(s, [t.orgId])).get(t.orgId);
  const mine = await repo.assignmentOfOrg(s, t.id, actor.scope.orgId);
  const attachments = await deps.files.listFiles(s, { type: OWNER, id: t.id });
  return taskView(t, org, {
    attachments,
    isDispatcher: inScope(s, t.orgPath),
    myAssignmentId: mine?.id ?? null,
  });
}

/** The orgs of a list must lie strictly below the dispatcher and be active: else 404 naming the one at fault. */
async function checkTargets(s: Scoped, root: string, targets: TaskTargets): Promise<void> {
  if (targets.by !== 'list') return;
  const orgs = await foreign.orgsById(s, targets.orgIds);
  targets.orgIds.forEach((id, i) => {
    const o = orgs.get(id);
    if (!o || o.status !== 'active' || o.path === root || !pathWithin(o.path, root) || !inScope(s, o.path))
      throw new AppError('ORG_NOT_FOUND', { field: `targets.orgIds.${i}` });
  });
}

interface NewTask {
  org: foreign.OrgFacts;
  kind: TaskKind;
  title: string;
  body: string;
  deadline: string;
  form: { id: number; name: string; definition: FormDefinition } | null;
  period: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  targets: TaskTargets;
  remindDays: number;
  parent: { taskId: number; assignmentId: number } | null;
}

/** Writes the task and one copy per receiver, notifies the receivers' cadres; one transaction. */
async function createTask(s: Scoped, actor: UserActor, n: NewTask): Promise<repo.TaskRow> {
  await checkTargets(s, n.org.path, n.targets);
  const t = await repo.insertTask(s, {
    orgId: n.org.id,
    orgPath: n.org.path,
    districtId: n.org.districtId,
    kind: n.kind,
    title: n.title,
    body: n.body,
    deadline: n.deadline,
    formId: n.form?.id ?? null,
    formName: n.form?.name ?? null,
    definition: n.form?.definition ?? null,
    period: n.period,
    periodFrom: n.periodFrom,
    periodTo: n.periodTo,
    targets: n.targets,
    remindDays: n.remindDays,
    parentTaskId: n.parent?.taskId ?? null,
    parentAssignmentId: n.parent?.assignmentId ?? null,
    createdByUserId: actor.userId,
    createdBy: actor.displayName,
  });
  const receivers = await foreign.createAssignments(s, t.id, n.org.path, n.targets, n.deadline);
  if (receivers === 0) throw new AppError('TASK_NO_RECEIVERS', { field: 'targets' });
  await repo.setReceivers(s, t.id, receivers);
  await rebuildTotals(s, t.id, n.org.path, n.form ? numericColumns(n.form.definition).map((c) => c.path) : []);
  const users = await foreign.cadresOfTask(s, t.id);
  await notify(s.tx, {
    kind: n.kind === 'notice' ? 'task.notice' : 'task.dispatched',
    recipients: users.map((user) => ({ user })),
    title: {
      'zh-CN': `${n.org.name}${n.kind === 'notice' ? '通知' : '任务'}：${n.title}`,
      'en-US': `${n.kind === 'notice' ? 'Notice' : 'Task'} from ${n.org.name}: ${n.title}`,
    },
    body: { 'zh-CN': `截止日期 ${n.deadline}`, 'en-US': `Due ${n.deadline}` },
    link: `/tasks/${t.id}`,
    target: { type: 'task', id: t.id },
    orgPath: n.org.path,
  });
  await appendAudit(s.tx, actor, {
    action: n.parent ? 'task.forward' : 'task.dispatch',
    targetType: 'task',
    targetId: t.id,
    orgId: n.org.id,
    orgPath: n.org.path,
    after: {
      title: n.title,
      kind: n.kind,
      formId: n.form?.id ?? null,
      targets: n.targets,
      receivers,
      users: users.length,
    },
  });
  return { ...t, receivers };
}

/** Dispatches a notice or task from an org of the caller's subtree, in the caller's transaction (the demo too). */
export async function dispatchIn(deps: DispatchDeps, s: Scoped, actor: UserActor, input: TaskInput): Promise<Task> {
  requirePermission(actor, 'task.dispatch');
  const org = requireOrgInScope(s, (await foreign.orgsById(s, [input.orgId])).get(input.orgId), {
    field: 'orgId',
    active: true,
  });
  if (input.deadline < deps.today())
    throw fieldError('VALIDATION_FAILED', 'deadline', '截止日期不能早于今天', 'the deadline cannot be in the past');
  let form: NewTask['form'] = null;
  let period: string | null = null;
  let periodFrom = input.periodFrom ?? null;
  let periodTo = input.periodTo ?? null;
  if (input.formId) {
    if (input.kind === 'notice')
      throw fieldError(
        'VALIDATION_FAILED',
        'formId',
        '通知不带报表，请选择"任务"',
        'a notice carries no form: choose a task',
      );
    const f = await requireForm(s, input.formId, 'formId');
    form = { id: f.id, name: f.name, definition: f.definition as FormDefinition };
    if (f.periodicity !== 'once') {
      if (!input.period || periodRange(input.period).periodicity !== f.periodicity)
        throw fieldError(
          'VALIDATION_FAILED',
          'period',
          '请选择与报表周期一致的报告期',
          'choose a period of the form’s periodicity',
        );
      period = input.period;
      ({ from: periodFrom, to: periodTo } = periodRange(input.period));
    }
  }
  // Figures from the records cover the year so far unless the dispatcher says otherwise.
  periodFrom ??= `${deps.today().slice(0, 4)}-01-01`;
  periodTo ??= input.deadline;
  if (periodFrom > periodTo)
    throw fieldError(
      'VALIDATION_FAILED',
      'periodTo',
      '统计截止日期不能早于开始日期',
      'the period cannot end before it starts',
    );
  const t = await createTask(s, actor, {
    org,
    kind: input.kind,
    title: input.title,
    body: input.body,
    deadline: input.deadline,
    form,
    period,
    periodFrom: form ? periodFrom : null,
    periodTo: form ? periodTo : null,
    targets: input.targets,
    remindDays: input.remindDays,
    parent: null,
  });
  return taskFor(deps, s, actor, t);
}

/** Recounts a task's totals from its copies (for loaders that wrote copies directly: the demo, the benchmarks). */
export async function rebuildTaskTotals(s: Scoped, taskId: number): Promise<void> {
  const t = await requireTask(s, taskId);
  const def = t.definition as FormDefinition | null;
  await rebuildTotals(s, t.id, t.orgPath, def ? numericColumns(def).map((c) => c.path) : []);
}

/** Dispatching, forwarding, attachments and the work list. */
export function createDispatch(deps: DispatchDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  return {
    dispatch: (actor: UserActor, input: TaskInput) => run(actor, (s) => dispatchIn(deps, s, actor, input)),
    get: (actor: UserActor, id: number) => run(actor, async (s) => taskFor(deps, s, actor, await requireTask(s, id))),

    /** A receiver sends its copy on to orgs below it; its own submission then starts from the sum of theirs. */
    forward: (actor: UserActor, taskId: number, assignmentId: number, input: ForwardInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'task.dispatch');
        const t = await requireTask(s, taskId);
        const a = await repo.findAssignment(s, taskId, assignmentId);
        if (!a) throw new AppError('ASSIGNMENT_NOT_FOUND');
        if (a.orgId !== actor.scope.orgId || t.kind !== 'task') throw new AppError('FORBIDDEN');
        if (!['pending', 'signed', 'returned'].includes(a.state)) throw new AppError('TASK_INVALID_TRANSITION');
        if (await repo.forwardedTaskOf(s, a.id)) throw new AppError('TASK_INVALID_TRANSITION');
        if (input.deadline > t.deadline || input.deadline < deps.today())
          throw fieldError(
            'VALIDATION_FAILED',
            'deadline',
            `下发截止日期应在今天至 ${t.deadline} 之间`,
            `the deadline must fall between today and ${t.deadline}`,
          );
        const org = (await foreign.orgsById(s, [a.orgId])).get(a.orgId)!;
        const child = await createTask(s, actor, {
          org,
          kind: t.kind,
          title: input.title ?? t.title,
          body: input.body ?? t.body,
          deadline: input.deadline,
          form:
            t.formId !== null && t.definition
              ? { id: t.formId, name: t.formName ?? '', definition: t.definition as FormDefinition }
              : null,
          period: t.period,
          periodFrom: t.periodFrom,
          periodTo: t.periodTo,
          targets: input.targets,
          remindDays: input.remindDays,
          parent: { taskId: t.id, assignmentId: a.id },
        });
        const now = new Date();
        if (a.state === 'pending')
          await repo.updateAssignment(s, a.id, { state: 'signed', signedAt: now, signedBy: actor.displayName });
        await repo.insertEvent(s, {
          assignmentId: a.id,
          taskId: t.id,
          orgPath: a.orgPath,
          districtId: a.districtId,
          action: 'forward',
          reason: `→ #${child.id}（${child.receivers}）`,
          by: actor.displayName,
        });
        return taskFor(deps, s, actor, child);
      }),

    addAttachment: (actor: UserActor, taskId: number, name: string, bytes: Buffer) =>
      run(actor, async (s) => {
        requirePermission(actor, 'task.dispatch');
        const t = await requireTask(s, taskId);
        if (!inScope(s, t.orgPath)) throw new AppError('FORBIDDEN');
        const f = await deps.files.saveFile(s, {
          owner: { type: OWNER, id: t.id },
          orgPath: t.orgPath,
          districtId: t.districtId,
          name,
          bytes,
          accept: 'documents',
        });
        await appendAudit(s.tx, actor, {
          action: 'task.attach',
          targetType: 'task',
          targetId: t.id,
          orgId: t.orgId,
          orgPath: t.orgPath,
          after: { file: f.id, name: f.name },
        });
        return taskFor(deps, s, actor, t);
      }),

    /**
     * An attachment, for the dispatcher's subtree and every receiver. The file lies at the dispatcher's path, above a
     * receiver's scope: once the task is found in the caller's scope (the access check), its file is read as the
     * platform, and only a file of this task.
     */
    attachment: async (actor: UserActor, taskId: number, fileId: number) => {
      await run(actor, (s) => requireTask(s, taskId));
      return runAsSystem(deps.handle, systemActor('tasks-attachments'), (s) =>
        deps.files.readFile(s, { type: OWNER, id: taskId }, fileId),
      );
    },
  };
}
export type Dispatch = ReturnType<typeof createDispatch>;
