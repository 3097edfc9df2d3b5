import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * Report forms: a definition (fields, rules) the server validated, owned by an org (`org_path`). Lower orgs read the
 * forms of their ancestors (a task sends one down), as they read their ancestors' campaigns. `version` counts edits;
 * a task keeps a copy of the definition it was dispatched with.
 */
export const reportForms = pgTable(
  'report_forms',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    periodicity: text('periodicity').notNull().default('once'),
    definition: jsonb('definition').notNull(),
    template: text('template'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_forms_path_gist').using('gist', t.orgPath)],
);

/**
 * A notice or task dispatched by an org (`org_path`) to orgs of its subtree; `parent_task_id` / `parent_assignment_id`
 * when a receiver forwarded its own copy further down. The form's definition is copied in (`definition`), so a later
 * edit of the form never changes what was asked. `deadline` is a China date (the end of that day).
 */
export const tasks = pgTable(
  'tasks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    formId: bigint('form_id', { mode: 'number' }),
    formName: text('form_name'),
    definition: jsonb('definition'),
    period: text('period'),
    periodFrom: date('period_from', { mode: 'string' }),
    periodTo: date('period_to', { mode: 'string' }),
    targets: jsonb('targets').notNull(),
    remindDays: integer('remind_days').notNull().default(0),
    parentTaskId: bigint('parent_task_id', { mode: 'number' }),
    parentAssignmentId: bigint('parent_assignment_id', { mode: 'number' }),
    receivers: integer('receivers').notNull().default(0),
    createdByUserId: bigint('created_by_user_id', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tasks_path_gist').using('gist', t.orgPath),
    index('tasks_org_created_idx').on(t.orgId, t.createdAt),
    index('tasks_form_period_idx')
      .on(t.formId, t.period)
      .where(sql`form_id is not null`),
    index('tasks_deadline_idx').on(t.deadline),
    uniqueIndex('tasks_parent_assignment_idx')
      .on(t.parentAssignmentId)
      .where(sql`parent_assignment_id is not null`),
  ],
);

/**
 * One receiving org's copy of a task (`org_path` is the receiver's): its state, its values (the submission), when it
 * was signed, submitted, decided, reminded. The dispatcher reaches every row of its task (they lie in its subtree).
 * `deadline` repeats the task's, so the progress board counts overdue rows from one index.
 */
export const taskAssignments = pgTable(
  'task_assignments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    taskId: bigint('task_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    state: text('state').notNull().default('pending'),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    values: jsonb('values').notNull().default({}),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedBy: text('signed_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: text('submitted_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    returnReason: text('return_reason'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    remindCount: integer('remind_count').notNull().default(0),
    version: integer('version').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('task_assignments_task_org_idx').on(t.taskId, t.orgId),
    index('task_assignments_task_state_idx').on(t.taskId, t.state, t.id),
    index('task_assignments_org_idx').on(t.orgId, t.id),
    index('task_assignments_path_gist').using('gist', t.orgPath),
    index('task_assignments_open_deadline_idx')
      .on(t.deadline)
      .where(sql`state in ('pending', 'signed', 'returned')`),
  ],
);

/**
 * What happened to an assignment, in order: signing, each submission with the values submitted (the history of
 * corrections), returns and reopenings with their reasons, approvals, reminders, forwarding. Append-only.
 */
export const taskEvents = pgTable(
  'task_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    assignmentId: bigint('assignment_id', { mode: 'number' }).notNull(),
    taskId: bigint('task_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    action: text('action').notNull(),
    reason: text('reason'),
    values: jsonb('values'),
    by: text('by').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_events_assignment_idx').on(t.assignmentId, t.id)],
);

/**
 * A task's figures rolled up over its tree, maintained as copies change state: one row per org between the dispatcher
 * (exclusive) and the receivers (inclusive), with how many receivers lie below it, how many submitted (or were
 * approved) and how many were approved, and the sums of the form's figures (`numericColumns` order) over each set.
 * The aggregate by region is then a read of a few dozen rows, however many villages reported. Written through
 * jinguo_task_totals_add (SECURITY DEFINER: a receiver's scope does not reach its ancestors' rows).
 */
export const taskTotals = pgTable(
  'task_totals',
  {
    taskId: bigint('task_id', { mode: 'number' }).notNull(),
    nodeId: bigint('node_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    receivers: integer('receivers').notNull().default(0),
    submitted: integer('submitted').notNull().default(0),
    approved: integer('approved').notNull().default(0),
    submittedSums: numeric('submitted_sums')
      .array()
      .notNull()
      .default(sql`'{}'::numeric[]`),
    approvedSums: numeric('approved_sums')
      .array()
      .notNull()
      .default(sql`'{}'::numeric[]`),
  },
  (t) => [primaryKey({ name: 'task_totals_pkey', columns: [t.taskId, t.nodeId] })],
);
