import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CaseIdParams,
  CaseServiceInput,
  CaseView,
  InstrumentInput,
  InstrumentUpdate,
  JudicialConfirmationInput,
  MandatoryReportInfo,
  MediationInput,
  MediationOutcomeInput,
  MediationSessionInput,
  ReferralInput,
} from '@jinguo/contracts';
import { registerUploadParser } from '../../platform/files/index.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { CasesModule } from './index.js';

const tags = ['cases 维权'];
const read = { permission: 'case.read' } as const;
const write = { permission: 'case.write' } as const;
const id = z.coerce.number().int().positive();
const sub = <K extends string>(key: K) => CaseIdParams.extend({ [key]: id } as Record<K, typeof id>);

/** Joint handling on a case: referrals, instruments, mediation, services, attachments (cases.handling.service.ts). */
export function registerHandlingRoutes(app: FastifyInstance, auth: Authenticate, m: CasesModule): void {
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/referrals',
    summary: 'Refer the case to a partner agency',
    tags,
    access: write,
    params: CaseIdParams,
    body: ReferralInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, params, body }) => m.handling.refer(actor, params.caseId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/referrals/:referralId/withdraw',
    summary: 'Withdraw a referral',
    tags,
    access: write,
    params: sub('referralId'),
    body: z.strictObject({ reason: z.string().trim().min(2).max(500) }),
    response: CaseView,
    handler: ({ actor, params, body }) =>
      m.handling.withdrawReferral(actor, params.caseId, params.referralId, body.reason),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/instruments',
    summary: 'Record a 告诫书 or 人身安全保护令 (applied / issued / rejected)',
    tags,
    access: write,
    params: CaseIdParams,
    body: InstrumentInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, params, body }) => m.handling.addInstrument(actor, params.caseId, body),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/cases/:caseId/instruments/:instrumentId',
    summary: 'The decision on an applied instrument',
    tags,
    access: write,
    params: sub('instrumentId'),
    body: InstrumentUpdate,
    response: CaseView,
    handler: ({ actor, params, body }) => m.handling.updateInstrument(actor, params.caseId, params.instrumentId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/mediations',
    summary: 'Start a mediation with a mediator of the roster',
    tags,
    access: write,
    params: CaseIdParams,
    body: MediationInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, params, body }) => m.handling.startMediation(actor, params.caseId, body.mediatorId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/mediations/:mediationId/sessions',
    summary: 'Record a mediation session',
    tags,
    access: write,
    params: sub('mediationId'),
    body: MediationSessionInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, params, body }) =>
      m.handling.addMediationSession(actor, params.caseId, params.mediationId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/mediations/:mediationId/outcome',
    summary: 'Agreement (with the 30-day judicial-confirmation window) or none',
    tags,
    access: write,
    params: sub('mediationId'),
    body: MediationOutcomeInput,
    response: CaseView,
    handler: ({ actor, params, body }) => m.handling.concludeMediation(actor, params.caseId, params.mediationId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/mediations/:mediationId/judicial-confirmation',
    summary: '司法确认: applied, confirmed or rejected',
    tags,
    access: write,
    params: sub('mediationId'),
    body: JudicialConfirmationInput,
    response: CaseView,
    handler: ({ actor, params, body }) =>
      m.handling.judicialConfirmation(actor, params.caseId, params.mediationId, body.judicialConfirmation),
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/cases/:caseId/mandatory-report',
    summary: '强制报告: the reporting institution, the time of its police report and the receipt number',
    tags,
    access: write,
    params: CaseIdParams,
    body: MandatoryReportInfo,
    response: CaseView,
    handler: ({ actor, params, body }) => m.handling.recordMandatoryReport(actor, params.caseId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/:caseId/services',
    summary: 'Record a service (legal aid, judicial aid, counselling, shelter, emergency aid)',
    tags,
    access: write,
    params: CaseIdParams,
    body: CaseServiceInput,
    status: 201,
    response: CaseView,
    handler: ({ actor, params, body }) => m.handling.addService(actor, params.caseId, body),
  });
  app.register(async (scope) => {
    registerUploadParser(scope);
    defineRoute(scope, auth, {
      method: 'POST',
      url: '/cases/:caseId/attachments',
      summary: 'Attach a document (the file is the body; ?name=)',
      tags,
      access: write,
      params: CaseIdParams,
      query: z.object({ name: z.string().trim().min(1).max(200) }),
      status: 201,
      response: CaseView,
      handler: ({ actor, params, query, request }) =>
        m.handling.attach(actor, params.caseId, query.name, request.body as Buffer),
    });
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/cases/:caseId/attachments/:fileId',
    summary: 'Download an attachment (audited)',
    tags,
    access: read,
    params: sub('fileId'),
    response: z.any().describe('The file'),
    handler: async ({ actor, params, reply }) => {
      const f = await m.handling.download(actor, params.caseId, params.fileId);
      void reply
        .type(f.meta.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.meta.name)}`);
      return f.bytes;
    },
  });
}
