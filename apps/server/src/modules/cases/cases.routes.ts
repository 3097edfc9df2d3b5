import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AssessmentInput,
  AssignInput,
  BreakGlassInput,
  CaseExistence,
  CaseExportInput,
  CaseFromDemandInput,
  CaseIdParams,
  CaseIntakeInput,
  CaseListItem,
  CaseListQuery,
  CaseTransitionInput,
  CaseView,
  CasesDue,
  CasesDueQuery,
  Figures,
  FiguresQuery,
  FollowUpDoneInput,
  FollowUpInput,
  NilReportBoard,
  NilReportBoardQuery,
  NilReportInput,
  pageOf,
  SafetyPlanInput,
  ScreeningInput,
  SuperviseInput,
  UnmaskPartyInput,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import { registerHandlingRoutes } from './cases.handling.routes.js';
import { registerReferralRoutes, registerRosterRoutes } from './cases.referrals.routes.js';
import type { CasesModule } from './index.js';

const tags = ['cases 维权'];
const read = { permission: 'case.read' } as const;
const write = { permission: 'case.write' } as const;
const id = z.coerce.number().int().positive();
const sub = <K extends string>(key: K) => CaseIdParams.extend({ [key]: id } as Record<K, typeof id>);
const Unmasked = z.object({ field: z.string(), value: z.string().nullable() });
const contentDisposition = (name: string) =>
  `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerCaseRoutes(app: FastifyInstance, auth: Authenticate, m: CasesModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/cases',
    summary: 'Cases in scope: full rows where entitled, existence (number, type, status) elsewhere',
    tags,
    access: read,
    query: CaseListQuery,
    response: pageOf(CaseListItem),
    handler: ({ actor, query }) => m.cases.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/cases/due',
    summary: 'What is due on my cases: follow-ups (overdue and coming days) and first contacts of high-risk cases',
    tags,
    access: read,
    query: CasesDueQuery,
    response: CasesDue,
    handler: ({ actor, query }) => m.cases.due(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases',
    summary: 'Take a case in (hotline, walk-in, grid report, mandatory report, 舆情…)',
    tags,
    access: { permission: 'case.intake' },
    body: CaseIntakeInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, body }) => m.cases.intake(actor, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/from-demand/:demandId',
    summary:
      '诉求转维权: a demand (portal help request, hotline call sheet, visit need…) becomes a case; the demand moves to "case"',
    tags,
    access: { permission: 'case.intake' },
    params: z.object({ demandId: id }),
    body: CaseFromDemandInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.fromDemand(actor, params.demandId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/export',
    summary: 'Export the cases you may read as a password-protected .xlsx (audited)',
    tags,
    access: { permission: 'case.export' },
    body: CaseExportInput,
    response: z.any().describe('An encrypted .xlsx workbook'),
    handler: async ({ actor, body, reply }) => {
      const f = await m.exports.exportCases(actor, body);
      void reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(f.fileName))
        .header('x-export-rows', String(f.rows));
      return f.bytes;
    },
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/cases/figures',
    summary: '五项机制 figures of an org (or its children) for a period, from live counters',
    tags,
    access: { permission: 'case.figures' },
    query: FiguresQuery,
    response: Figures,
    handler: ({ actor, query }) => m.figures.figures(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/screenings',
    summary: 'Record a screening round of marriage and family disputes',
    tags,
    access: { permission: 'case.screening' },
    body: ScreeningInput,
    status: 201,
    response: z.object({ id: z.number().int() }),
    handler: ({ actor, body }) => m.figures.recordScreening(actor, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/nil-reports',
    summary: '零报告: no case in the period',
    tags,
    access: { permission: 'case.screening' },
    body: NilReportInput,
    status: 201,
    response: z.object({ id: z.number().int(), reportedAt: z.string() }),
    handler: ({ actor, body }) => m.figures.nilReport(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/cases/nil-reports',
    summary: '零报告 by village for a month: filed, had cases, or not reported',
    tags,
    access: { permission: 'case.figures' },
    query: NilReportBoardQuery,
    response: NilReportBoard,
    handler: ({ actor, query }) => m.figures.nilReportBoard(actor, query),
  });
  registerRosterRoutes(app, auth, m);

  defineRoute(app, auth, {
    method: 'GET',
    url: '/cases/:caseId',
    summary: 'A case (entitled users only; every read audited)',
    tags,
    access: read,
    params: CaseIdParams,
    response: CaseView,
    handler: ({ actor, params }) => m.cases.get(actor, params.caseId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/cases/:caseId/summary',
    summary: 'That a case exists: number, type, status, org',
    tags,
    access: read,
    params: CaseIdParams,
    response: CaseExistence,
    handler: ({ actor, params }) => m.cases.summary(actor, params.caseId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/transitions',
    summary: 'Move the case along its lifecycle (illegal moves: 409)',
    tags,
    access: write,
    params: CaseIdParams,
    body: CaseTransitionInput,
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.transition(actor, params.caseId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/assessments',
    summary: 'Record a risk assessment (high risk alerts the supervisors)',
    tags,
    access: write,
    params: CaseIdParams,
    body: AssessmentInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.assess(actor, params.caseId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/contacted',
    summary: 'The high-risk contact was made',
    tags,
    access: write,
    params: CaseIdParams,
    body: z.strictObject({ note: z.string().trim().min(2).max(500) }),
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.markContacted(actor, params.caseId, body.note),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/assignments',
    summary: 'Assign a worker, mediator or counsellor (supervisors)',
    tags,
    access: { permission: 'case.assign' },
    params: CaseIdParams,
    body: AssignInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.assign(actor, params.caseId, body),
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: '/cases/:caseId/assignments/:assignmentId',
    summary: 'End an assignment (supervisors)',
    tags,
    access: { permission: 'case.assign' },
    params: sub('assignmentId'),
    response: CaseView,
    handler: ({ actor, params }) => m.cases.unassign(actor, params.caseId, params.assignmentId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/supervise',
    summary: '督办: put the case under supervision',
    tags,
    access: { permission: 'case.assign' },
    params: CaseIdParams,
    body: SuperviseInput,
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.supervise(actor, params.caseId, body.reason),
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/cases/:caseId/safety-plan',
    summary: 'The safety plan',
    tags,
    access: write,
    params: CaseIdParams,
    body: SafetyPlanInput,
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.safetyPlan(actor, params.caseId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/parties/:partyId/unmask',
    summary: "A party's name, phone or ID number in clear (reason required, audited)",
    tags,
    access: write,
    params: sub('partyId'),
    body: UnmaskPartyInput,
    response: Unmasked,
    handler: ({ actor, params, body }) =>
      m.cases.unmaskParty(actor, params.caseId, params.partyId, body.field, body.reason),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/callback/unmask',
    summary: 'The hotline call-back number in clear (reason required, audited)',
    tags,
    access: write,
    params: CaseIdParams,
    body: z.strictObject({ reason: z.string().trim().min(4).max(200) }),
    response: Unmasked,
    handler: ({ actor, params, body }) => m.cases.unmaskCallback(actor, params.caseId, body.reason),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/break-glass',
    summary: 'Emergency read with a reason: time-limited, alerts the supervisors, audited',
    tags,
    access: { permission: 'case.breakglass' },
    params: CaseIdParams,
    body: BreakGlassInput,
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.breakGlass(actor, params.caseId, body.reason),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/follow-ups',
    summary: 'Schedule a follow-up',
    tags,
    access: write,
    params: CaseIdParams,
    body: FollowUpInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.addFollowUp(actor, params.caseId, body.dueOn),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/follow-ups/:followUpId/done',
    summary: 'Record a follow-up made',
    tags,
    access: write,
    params: sub('followUpId'),
    body: FollowUpDoneInput,
    response: CaseView,
    handler: ({ actor, params, body }) => m.cases.completeFollowUp(actor, params.caseId, params.followUpId, body.note),
  });

  registerHandlingRoutes(app, auth, m);

  registerReferralRoutes(app, auth, m);
}
