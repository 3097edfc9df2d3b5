import { z } from 'zod';
import { defineStateMachine } from './state-machine.js';
import { FieldProblem, LocalizedText } from './errors.js';
import { OrgSummary, OrgType } from './organizations.js';
import { StoredFile } from './files.js';

/*
 * 任务与报表 "一网协同" (PRODUCT §2.10): an org dispatches a notice or task down its subtree, optionally with a report
 * form; each receiving org signs for it, fills and submits; the dispatcher follows a progress board, reminds, returns
 * for correction and approves (which locks). A district may forward a city task to its towns; its own submission then
 * starts from the sum of theirs. Report forms are data (a definition the server validates), periodic forms carry a
 * period (DHIS2 data sets are the reference), and a field may be prefilled from the platform's live counters.
 */

const IsoDate = z.iso.date();

/** A field key: also the name formulas use. */
export const FieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'key: a–z, 0–9 and _, starting with a letter');
export const FIELD_TYPES = ['number', 'text', 'choice', 'date', 'table'] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;
/** A live-counter metric name (platform/stats): `visits.done`, `demands.received`. */
export const MetricName = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, 'a metric name such as visits.done');

const fieldBase = {
  key: FieldKey,
  label: z.string().trim().min(1).max(100),
  help: z.string().trim().max(300).optional(),
  required: z.boolean().default(false),
  /** number: bounds; text: length bounds. */
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** number: decimals allowed (0 = whole numbers). */
  decimals: z.number().int().min(0).max(6).optional(),
  unit: z.string().trim().max(20).optional(),
  /** choice: the options. */
  options: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  /** number: computed by the server from other fields (read-only in the form). */
  formula: z.string().trim().min(1).max(500).optional(),
  /** number: prefilled from the platform's records for the receiving org and the task's period. */
  metric: MetricName.optional(),
  /** number: the target this figure is measured against (development plans' indicators). */
  target: z.number().finite().optional(),
  /** How the target reads: the actual must be at least (≥) or at most (≤) it. */
  targetKind: z.enum(['atLeast', 'atMost']).optional(),
};
export const ColumnField = z.strictObject({ ...fieldBase, type: FieldType.exclude(['table']) });
export type ColumnField = z.infer<typeof ColumnField>;
export const FormField = z.strictObject({
  ...fieldBase,
  type: FieldType,
  /** table: its columns (no nested tables). */
  columns: z.array(ColumnField).max(30).optional(),
  minRows: z.number().int().min(0).max(500).optional(),
  maxRows: z.number().int().min(1).max(500).optional(),
});
export type FormField = z.infer<typeof FormField>;
/** A cross-field rule: `expression` must hold (e.g. `girls <= children`); `field` is where the error shows. */
export const FormRule = z.strictObject({
  field: FieldKey,
  expression: z.string().trim().min(1).max(500),
  message: LocalizedText,
});
export type FormRule = z.infer<typeof FormRule>;
export const FormDefinition = z.strictObject({
  fields: z.array(FormField).min(1).max(200),
  rules: z.array(FormRule).max(50).default([]),
});
export type FormDefinition = z.infer<typeof FormDefinition>;

export const PERIODICITIES = ['once', 'monthly', 'quarterly', 'yearly'] as const;
export const Periodicity = z.enum(PERIODICITIES);
export type Periodicity = z.infer<typeof Periodicity>;
/** A period label: `2026`, `2026Q3`, `202609` (DHIS2's period identifiers). */
export const PeriodLabel = z.string().regex(/^\d{4}(Q[1-4]|(0[1-9]|1[0-2]))?$/, 'a period: 2026, 2026Q3 or 202609');

/** The first and last day of a period label, and its periodicity. */
export function periodRange(label: string): { periodicity: Exclude<Periodicity, 'once'>; from: string; to: string } {
  const y = Number(label.slice(0, 4));
  const last = (m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  if (label.length === 4) return { periodicity: 'yearly', from: `${y}-01-01`, to: `${y}-12-31` };
  if (label[4] === 'Q') {
    const q = Number(label[5]);
    return {
      periodicity: 'quarterly',
      from: `${y}-${String(q * 3 - 2).padStart(2, '0')}-01`,
      to: last(q * 3),
    };
  }
  const m = Number(label.slice(4, 6));
  return { periodicity: 'monthly', from: `${y}-${String(m).padStart(2, '0')}-01`, to: last(m) };
}
export function periodName(label: string, lang: 'zh-CN' | 'en-US'): string {
  const y = label.slice(0, 4);
  if (label.length === 4) return lang === 'zh-CN' ? `${y}年` : y;
  if (label[4] === 'Q') return lang === 'zh-CN' ? `${y}年第${label[5]}季度` : `${y} Q${label[5]}`;
  return lang === 'zh-CN' ? `${y}年${Number(label.slice(4))}月` : `${y}-${label.slice(4)}`;
}

export const ReportFormInput = z.strictObject({
  orgId: z.number().int().positive(),
  name: z.string().trim().min(2).max(100),
  description: z.string().trim().max(2000).default(''),
  periodicity: Periodicity.default('once'),
  definition: FormDefinition,
});
export type ReportFormInput = z.infer<typeof ReportFormInput>;
export const ReportForm = z.object({
  id: z.number().int(),
  org: OrgSummary,
  name: z.string(),
  description: z.string(),
  periodicity: Periodicity,
  definition: FormDefinition,
  version: z.number().int(),
  /** The built-in template it was made from (e.g. the development plans' monitoring). */
  template: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  canEdit: z.boolean(),
});
export type ReportForm = z.infer<typeof ReportForm>;
export const FormIdParams = z.object({ formId: z.coerce.number().int().positive() });
/** Metrics a field may be prefilled from: every counter the modules declare. */
export const MetricOption = z.object({ metric: z.string(), source: z.string() });

export const TASK_KINDS = ['notice', 'task'] as const;
export const TaskKind = z.enum(TASK_KINDS);
export type TaskKind = z.infer<typeof TaskKind>;
export const TARGET_LEVELS = ['district', 'town', 'village'] as const;
/** Which orgs of the subtree receive it: by level (all towns), by org type, or a list. */
export const TaskTargets = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('level'), levels: z.array(z.enum(TARGET_LEVELS)).min(1).max(3) }),
  z.strictObject({ by: z.literal('type'), types: z.array(OrgType).min(1).max(11) }),
  z.strictObject({ by: z.literal('list'), orgIds: z.array(z.number().int().positive()).min(1).max(5000) }),
]);
export type TaskTargets = z.infer<typeof TaskTargets>;
export const TaskInput = z.strictObject({
  orgId: z.number().int().positive(),
  kind: TaskKind,
  title: z.string().trim().min(2).max(200),
  body: z.string().trim().max(20_000).default(''),
  deadline: IsoDate,
  formId: z.number().int().positive().nullable().optional(),
  /** For a periodic form: the period reported on. */
  period: PeriodLabel.nullable().optional(),
  /** For a one-off form with fields from the records: the period those figures cover. */
  periodFrom: IsoDate.nullable().optional(),
  periodTo: IsoDate.nullable().optional(),
  targets: TaskTargets,
  /** Automatic reminders on each working day from this many working days before the deadline (0: none). */
  remindDays: z.number().int().min(0).max(10).default(2),
});
export type TaskInput = z.infer<typeof TaskInput>;
export const ForwardInput = z.strictObject({
  title: z.string().trim().min(2).max(200).optional(),
  body: z.string().trim().max(20_000).optional(),
  deadline: IsoDate,
  targets: TaskTargets,
  remindDays: z.number().int().min(0).max(10).default(1),
});
export type ForwardInput = z.infer<typeof ForwardInput>;

/** One receiving org's copy of a task: it signs, fills, submits; the dispatcher returns or approves (which locks). */
export const ASSIGNMENT_STATES = ['pending', 'signed', 'submitted', 'returned', 'approved'] as const;
export const AssignmentState = z.enum(ASSIGNMENT_STATES);
export type AssignmentState = z.infer<typeof AssignmentState>;
export type AssignmentParty = 'receiver' | 'dispatcher';
export const ASSIGNMENT_MACHINE = defineStateMachine<
  AssignmentState,
  'sign' | 'submit' | 'return' | 'approve' | 'reopen',
  AssignmentParty
>({
  states: ASSIGNMENT_STATES,
  transitions: {
    sign: { from: ['pending'], to: 'signed', by: ['receiver'] },
    // Submitting a form also signs for it; a returned one is corrected and submitted again.
    submit: { from: ['pending', 'signed', 'returned'], to: 'submitted', by: ['receiver'] },
    return: { from: ['submitted'], to: 'returned', by: ['dispatcher'] },
    approve: { from: ['submitted'], to: 'approved', by: ['dispatcher'] },
    // An approved submission is locked; a correction needs the dispatcher to reopen it, with a reason (kept).
    reopen: { from: ['approved'], to: 'returned', by: ['dispatcher'] },
  },
});
export type AssignmentAction = keyof typeof ASSIGNMENT_MACHINE.transitions;
export const AssignmentAction = z.enum(['sign', 'submit', 'return', 'approve', 'reopen']);

export const FormValues = z.record(z.string(), z.unknown());
export type FormValues = Record<string, unknown>;

export const Task = z.object({
  id: z.number().int(),
  org: OrgSummary,
  kind: TaskKind,
  title: z.string(),
  body: z.string(),
  deadline: z.string(),
  form: z.object({ id: z.number().int(), name: z.string(), definition: FormDefinition }).nullable(),
  period: z.string().nullable(),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  targets: TaskTargets,
  remindDays: z.number().int(),
  parentTaskId: z.number().int().nullable(),
  receivers: z.number().int(),
  attachments: z.array(StoredFile),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Whether the caller dispatched it (its org is in the caller's subtree). */
  isDispatcher: z.boolean(),
  /** The caller's own assignment when the task was sent to the acting org. */
  myAssignmentId: z.number().int().nullable(),
});
export type Task = z.infer<typeof Task>;
export const TaskIdParams = z.object({ taskId: z.coerce.number().int().positive() });
export const AssignmentParams = z.object({
  taskId: z.coerce.number().int().positive(),
  assignmentId: z.coerce.number().int().positive(),
});

/** The work list: what was sent to the acting org, and what it sent. */
export const WorkItem = z.object({
  taskId: z.number().int(),
  assignmentId: z.number().int().nullable(),
  kind: TaskKind,
  title: z.string(),
  from: OrgSummary,
  deadline: z.string(),
  period: z.string().nullable(),
  state: AssignmentState.nullable(),
  overdue: z.boolean(),
  hasForm: z.boolean(),
  /** Dispatched tasks: how many receivers submitted (or were approved) of all. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  createdAt: z.string(),
});
export type WorkItem = z.infer<typeof WorkItem>;
export const WorkListQuery = z.object({
  box: z.enum(['inbox', 'sent']).default('inbox'),
  state: AssignmentState.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const Assignment = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  org: OrgSummary,
  state: AssignmentState,
  overdue: z.boolean(),
  values: FormValues,
  /** What the platform's records say for fields with a metric (receiving org, task period). */
  fromRecords: z.record(z.string(), z.number()),
  /** When the org forwarded the task: its own task, and the sum of its receivers' submissions. */
  forward: z
    .object({
      taskId: z.number().int(),
      submitted: z.number().int(),
      total: z.number().int(),
      values: FormValues,
    })
    .nullable(),
  signedAt: z.string().nullable(),
  signedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  returnReason: z.string().nullable(),
  remindCount: z.number().int(),
  version: z.number().int(),
  /** The actions the caller may take now (buttons hide themselves). */
  actions: z.array(z.enum(['save', 'sign', 'submit', 'return', 'approve', 'reopen', 'forward', 'remind'])),
});
export type Assignment = z.infer<typeof Assignment>;
export const SaveValuesInput = z.strictObject({ values: FormValues, version: z.number().int().min(0) });
export const DecisionInput = z.strictObject({ reason: z.string().trim().min(2).max(1000).optional() });

export const BoardQuery = z.object({
  state: z.enum([...ASSIGNMENT_STATES, 'overdue']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const BoardCounts = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  signed: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  approved: z.number().int(),
  overdue: z.number().int(),
});
export const BoardRow = z.object({
  assignmentId: z.number().int(),
  org: OrgSummary,
  state: AssignmentState,
  overdue: z.boolean(),
  signedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  remindCount: z.number().int(),
  forwardedTaskId: z.number().int().nullable(),
});
export const Board = z.object({
  taskId: z.number().int(),
  deadline: z.string(),
  counts: BoardCounts,
  rows: z.array(BoardRow),
  nextCursor: z.string().nullable(),
});
export type Board = z.infer<typeof Board>;

export const AggregateQuery = z.object({
  /** The org whose children are the regions (default: the dispatching org). */
  orgId: z.coerce.number().int().positive().optional(),
  /** submitted: submitted and approved; approved: approved only. */
  include: z.enum(['submitted', 'approved']).default('submitted'),
});
export const AggregateColumn = z.object({ key: z.string(), label: z.string(), unit: z.string().nullable() });
export const AggregateRow = z.object({
  org: OrgSummary,
  /** Submissions counted in the region, of all its receivers. */
  submitted: z.number().int(),
  total: z.number().int(),
  values: z.record(z.string(), z.number()),
  /** A region that is itself a receiver: its submission (drill-down). */
  assignmentId: z.number().int().nullable(),
});
export const Aggregate = z.object({
  taskId: z.number().int(),
  org: OrgSummary,
  columns: z.array(AggregateColumn),
  rows: z.array(AggregateRow),
  total: AggregateRow.omit({ org: true, assignmentId: true }),
});
export type Aggregate = z.infer<typeof Aggregate>;

export const HistoryEntry = z.object({
  id: z.number().int(),
  action: z.enum(['save', 'sign', 'submit', 'return', 'approve', 'reopen', 'remind', 'forward']),
  by: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
  /** The values as submitted (submit entries): the history of corrections. */
  values: FormValues.nullable(),
});
export const AssignmentHistory = z.object({ items: z.array(HistoryEntry) });

/** A periodic form's periods for one org: what was asked, in which state, how often it was corrected. */
export const PeriodRow = z.object({
  period: z.string(),
  taskId: z.number().int(),
  assignmentId: z.number().int().nullable(),
  state: AssignmentState.nullable(),
  corrections: z.number().int(),
  deadline: z.string(),
});
export const FormPeriods = z.object({ formId: z.number().int(), items: z.array(PeriodRow) });
export const FormPeriodsQuery = z.object({ orgId: z.coerce.number().int().positive().optional() });

/** A submission refused: every field problem at once. */
export const SubmissionProblems = z.array(FieldProblem);
