import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  Aggregate,
  AggregateQuery,
  Assignment,
  AssignmentHistory,
  AssignmentParams,
  Board,
  BoardQuery,
  DecisionInput,
  FormIdParams,
  FormPeriods,
  FormPeriodsQuery,
  ForwardInput,
  MetricOption,
  pageOf,
  ReportForm,
  ReportFormInput,
  SaveValuesInput,
  Task,
  TaskIdParams,
  TaskInput,
  UploadQuery,
  WorkItem,
  WorkListQuery,
  type Permission,
} from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { registerUploadParser } from '../../platform/files/index.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import { XLSX_MIME } from './tasks.excel.js';
import type { TasksModule } from './index.js';

const tags = ['tasks 任务与报表'];
const read: { permission: Permission } = { permission: 'task.read' };
const dispatch: { permission: Permission } = { permission: 'task.dispatch' };
const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const disposition = (name: string) =>
  `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
const FileParams = z.object({ taskId: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() });
const TemplateItem = ReportFormInput.omit({ orgId: true }).extend({ code: z.string() });
const FormCreateInput = ReportFormInput.extend({ template: z.string().max(60).nullable().optional() });

export function registerTaskRoutes(app: FastifyInstance, auth: Authenticate, m: TasksModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/metrics',
    summary: 'Metrics a form field may be prefilled from (the counters every module declares)',
    tags,
    access: read,
    response: items(MetricOption),
    handler: async () => m.forms.metrics(),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/forms/templates',
    summary: 'Built-in report forms (the 2021–2030 development plans monitoring, 三访 and demands)',
    tags,
    access: read,
    response: items(TemplateItem),
    handler: async () => m.forms.templates(),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/forms',
    summary: 'Report forms of the subtree and of the orgs above',
    tags,
    access: read,
    response: items(ReportForm),
    handler: ({ actor }) => m.forms.list(actor),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/tasks/forms',
    summary: 'Build a report form (the definition is checked by the server)',
    tags,
    access: dispatch,
    body: FormCreateInput,
    status: 201,
    response: ReportForm,
    handler: ({ actor, body }) => m.forms.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/forms/:formId',
    summary: 'A report form',
    tags,
    access: read,
    params: FormIdParams,
    response: ReportForm,
    handler: ({ actor, params }) => m.forms.get(actor, params.formId),
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/tasks/forms/:formId',
    summary: 'Edit a report form (tasks already sent keep their copy)',
    tags,
    access: dispatch,
    params: FormIdParams,
    body: ReportFormInput,
    response: ReportForm,
    handler: ({ actor, params, body }) => m.forms.update(actor, params.formId, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/forms/:formId/periods',
    summary: "A periodic form's periods for an org: state and corrections",
    tags,
    access: read,
    params: FormIdParams,
    query: FormPeriodsQuery,
    response: FormPeriods,
    handler: ({ actor, params, query }) => m.board.periods(actor, params.formId, query.orgId),
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks',
    summary: 'The work list: sent to the acting org (inbox) or dispatched by it (sent)',
    tags,
    access: read,
    query: WorkListQuery,
    response: pageOf(WorkItem),
    handler: ({ actor, query }) => m.worklist.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/tasks',
    summary: 'Dispatch a notice or task to orgs of the subtree (by level, type or list)',
    tags,
    access: dispatch,
    body: TaskInput,
    status: 201,
    response: Task,
    handler: ({ actor, body }) => m.dispatch.dispatch(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/:taskId',
    summary: 'A task (dispatcher or receiver)',
    tags,
    access: read,
    params: TaskIdParams,
    response: Task,
    handler: ({ actor, params }) => m.dispatch.get(actor, params.taskId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/:taskId/board',
    summary: 'Progress board: counts by state, overdue, a page of receivers',
    tags,
    access: read,
    params: TaskIdParams,
    query: BoardQuery,
    response: Board,
    handler: ({ actor, params, query }) => m.board.board(actor, params.taskId, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/:taskId/aggregate',
    summary: 'Submissions summed by region, with totals',
    tags,
    access: read,
    params: TaskIdParams,
    query: AggregateQuery,
    response: Aggregate,
    handler: ({ actor, params, query }) => m.board.aggregate(actor, params.taskId, query),
  });
  for (const [url, kind, summary] of [
    ['/tasks/:taskId/aggregate.xlsx', 'aggregate', 'The aggregate as an Excel workbook'],
    ['/tasks/:taskId/submissions.xlsx', 'submissions', 'Every submission (and its table rows) as an Excel workbook'],
  ] as const)
    defineRoute(app, auth, {
      method: 'GET',
      url,
      summary,
      tags,
      access: read,
      params: TaskIdParams,
      query: AggregateQuery,
      response: z.any().describe('An .xlsx workbook'),
      handler: async ({ actor, params, query, reply }) => {
        const f = await m.exports[kind](actor, params.taskId, query);
        void reply.type(XLSX_MIME).header('content-disposition', disposition(f.fileName));
        return f.bytes;
      },
    });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/tasks/:taskId/remind',
    summary: 'Remind every receiver that has not done its part (one click)',
    tags,
    access: dispatch,
    params: TaskIdParams,
    response: z.object({ reminded: z.number().int() }),
    handler: ({ actor, params }) => m.board.remind(actor, params.taskId, null),
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/:taskId/assignments/:assignmentId',
    summary: "A receiver's copy: values (prefilled from the records), state, actions",
    tags,
    access: read,
    params: AssignmentParams,
    response: Assignment,
    handler: ({ actor, params }) => m.submissions.get(actor, params.taskId, params.assignmentId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/:taskId/assignments/:assignmentId/history',
    summary: 'Signing, submissions (with values), returns, approvals, reminders',
    tags,
    access: read,
    params: AssignmentParams,
    response: AssignmentHistory,
    handler: ({ actor, params }) => m.submissions.history(actor, params.taskId, params.assignmentId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/tasks/:taskId/assignments/:assignmentId/sign',
    summary: 'Sign for it (签收)',
    tags,
    access: { permission: 'task.submit' },
    params: AssignmentParams,
    response: Assignment,
    handler: ({ actor, params }) => m.submissions.sign(actor, params.taskId, params.assignmentId),
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/tasks/:taskId/assignments/:assignmentId/values',
    summary: 'Save a draft (types and ranges checked)',
    tags,
    access: { permission: 'task.submit' },
    params: AssignmentParams,
    body: SaveValuesInput,
    response: Assignment,
    handler: ({ actor, params, body }) => m.submissions.save(actor, params.taskId, params.assignmentId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/tasks/:taskId/assignments/:assignmentId/submit',
    summary: 'Submit (every field and rule checked; refused per field, nothing written)',
    tags,
    access: { permission: 'task.submit' },
    params: AssignmentParams,
    body: SaveValuesInput,
    response: Assignment,
    handler: ({ actor, params, body }) => m.submissions.submit(actor, params.taskId, params.assignmentId, body),
  });
  for (const action of ['return', 'approve', 'reopen'] as const)
    defineRoute(app, auth, {
      method: 'POST',
      url: `/tasks/:taskId/assignments/:assignmentId/${action}`,
      summary: {
        return: 'Return for correction, with a reason',
        approve: 'Approve (locks the submission)',
        reopen: 'Reopen an approved submission for a correction, with a reason',
      }[action],
      tags,
      access: dispatch,
      params: AssignmentParams,
      body: DecisionInput,
      response: Assignment,
      handler: ({ actor, params, body }) =>
        m.submissions.decide(actor, params.taskId, params.assignmentId, action, body.reason),
    });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/tasks/:taskId/assignments/:assignmentId/remind',
    summary: 'Remind one receiver',
    tags,
    access: dispatch,
    params: AssignmentParams,
    response: z.object({ reminded: z.number().int() }),
    handler: ({ actor, params }) => m.board.remind(actor, params.taskId, params.assignmentId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/tasks/:taskId/assignments/:assignmentId/forward',
    summary: 'Forward it to orgs below (its own submission then starts from the sum of theirs)',
    tags,
    access: dispatch,
    params: AssignmentParams,
    body: ForwardInput,
    status: 201,
    response: Task,
    handler: ({ actor, params, body }) => m.dispatch.forward(actor, params.taskId, params.assignmentId, body),
  });

  // Attachments: the file itself is the body, `?name=` its file name (platform files: checked by its bytes, encrypted).
  void app.register(async (scope) => {
    registerUploadParser(scope);
    defineRoute(scope, auth, {
      method: 'POST',
      url: '/tasks/:taskId/attachments',
      summary: 'Attach a document (PDF, Word, Excel, image, text; checked by its bytes)',
      tags,
      access: dispatch,
      params: TaskIdParams,
      query: UploadQuery,
      status: 201,
      response: Task,
      handler: ({ actor, params, query, request }) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('VALIDATION_FAILED', { field: 'file', zh: '请上传文件', en: 'Upload a file' });
        return m.dispatch.addAttachment(actor, params.taskId, query.name, request.body);
      },
    });
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/tasks/:taskId/attachments/:fileId',
    summary: 'An attachment of a task (dispatcher and receivers)',
    tags,
    access: read,
    params: FileParams,
    response: z.any().describe('The file'),
    handler: async ({ actor, params, reply }) => {
      const { meta, bytes } = await m.dispatch.attachment(actor, params.taskId, params.fileId);
      void reply
        .type(meta.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
        .header('x-content-type-options', 'nosniff');
      return bytes;
    },
  });
}
