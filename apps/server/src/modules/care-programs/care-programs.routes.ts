import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  Application,
  ApplicationIdParams,
  ApplicationInput,
  ApplicationListItem,
  ApplicationListQuery,
  ApplicationPatch,
  BatchPaymentInput,
  Beneficiary,
  BeneficiaryQuery,
  EligibilityVerdict,
  pageOf,
  PaymentInput,
  Program,
  ProgramIdParams,
  ProgramInput,
  ReasonInput,
  ReviewInput,
  Unmasked,
  type Permission,
} from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { registerUploadParser } from '../../platform/files/index.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import { contentDisposition, XLSX_MIME } from './care-programs.excel.js';
import type { CareServices } from './care-programs.service.js';

const tags = ['care-programs 关爱项目'];
const read: { permissions: Permission[] } = { permissions: ['care.read'] };
const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const MaterialQuery = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  name: z.string().trim().min(1).max(200),
});
const FileParams = ApplicationIdParams.extend({ fileId: z.coerce.number().int().positive() });

export function registerCareRoutes(app: FastifyInstance, auth: Authenticate, m: CareServices): void {
  /* programs */
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/programs',
    summary: 'Programs run by the subtree or an ancestor, with quota and budget use',
    tags,
    access: read,
    response: items(Program),
    handler: async ({ actor }) => ({ items: await m.programs.list(actor) }),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/programs',
    summary: 'Define a program: eligibility, benefit, period rule, materials, review chain, quotas, budget',
    tags,
    access: { permission: 'care.manage' },
    body: ProgramInput,
    status: 201,
    response: Program,
    handler: ({ actor, body }) => m.programs.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/programs/:programId',
    summary: 'A program',
    tags,
    access: read,
    params: ProgramIdParams,
    response: Program,
    handler: ({ actor, params }) => m.programs.get(actor, params.programId),
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/care-programs/programs/:programId',
    summary: 'Change a program (the version read)',
    tags,
    access: { permission: 'care.manage' },
    params: ProgramIdParams,
    body: ProgramInput.extend({ version: z.number().int().min(0) }),
    response: Program,
    handler: ({ actor, params, body }) => {
      const { version, ...input } = body;
      return m.programs.update(actor, params.programId, version, input);
    },
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/eligibility',
    summary: 'A person against every open program',
    tags,
    access: read,
    query: z.object({ personId: z.coerce.number().int().positive() }),
    response: items(EligibilityVerdict),
    handler: async ({ actor, query }) => ({ items: await m.programs.eligibility(actor, query.personId) }),
  });

  /* applications */
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/applications',
    summary: 'Applications of the subtree; queue=true: those waiting at the acting org’s level, by deadline',
    tags,
    access: read,
    query: ApplicationListQuery,
    response: pageOf(ApplicationListItem),
    handler: ({ actor, query }) => m.applications.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/applications',
    summary: 'File an application (a draft) for a woman where her household is registered',
    tags,
    access: { permission: 'care.apply' },
    body: ApplicationInput,
    status: 201,
    response: Application,
    handler: ({ actor, body }) => m.applications.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/applications/:applicationId',
    summary: 'An application (sensitive fields masked)',
    tags,
    access: read,
    params: ApplicationIdParams,
    response: Application,
    handler: ({ actor, params }) => m.applications.get(actor, params.applicationId),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/care-programs/applications/:applicationId',
    summary: 'Change a draft or returned application',
    tags,
    access: { permission: 'care.apply' },
    params: ApplicationIdParams,
    body: ApplicationPatch,
    response: Application,
    handler: ({ actor, params, body }) => m.applications.patch(actor, params.applicationId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/applications/:applicationId/submit',
    summary: 'Submit (or resubmit after a return): materials complete, rules met',
    tags,
    access: { permission: 'care.apply' },
    params: ApplicationIdParams,
    response: Application,
    handler: ({ actor, params }) => m.applications.submit(actor, params.applicationId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/applications/:applicationId/withdraw',
    summary: 'Withdraw an application not yet decided',
    tags,
    access: { permission: 'care.apply' },
    params: ApplicationIdParams,
    body: ReasonInput,
    response: Application,
    handler: ({ actor, params, body }) => m.applications.withdraw(actor, params.applicationId, body.reason),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/applications/:applicationId/review',
    summary: 'Act at the current level: opinion, pass (the last level approves), return for material, refuse',
    tags,
    access: { permission: 'care.review' },
    params: ApplicationIdParams,
    body: ReviewInput,
    response: Application,
    handler: ({ actor, params, body }) => m.reviews.review(actor, params.applicationId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/applications/:applicationId/unmask',
    summary: 'The diagnosis, civil-affairs category and bank account in clear (a reason; audited)',
    tags,
    access: { permission: 'care.unmask' },
    params: ApplicationIdParams,
    body: ReasonInput,
    response: Unmasked,
    handler: ({ actor, params, body }) => m.applications.unmask(actor, params.applicationId, body.reason),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/applications/:applicationId/pay',
    summary: 'Record the payment of an approved application',
    tags,
    access: { permission: 'care.pay' },
    params: ApplicationIdParams,
    body: PaymentInput,
    response: Application,
    handler: ({ actor, params, body }) => m.payments.pay(actor, params.applicationId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/payments',
    summary: 'Record a payment list at once: all lines or none',
    tags,
    access: { permission: 'care.pay' },
    body: BatchPaymentInput,
    response: z.object({ paid: z.number(), amount: z.number() }),
    handler: ({ actor, body }) => m.payments.payBatch(actor, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/programs/:programId/payment-list',
    summary: 'The payment list of approved, unpaid applications as .xlsx for the finance office (a reason; audited)',
    tags,
    access: { permission: 'care.pay' },
    params: ProgramIdParams,
    body: ReasonInput.extend({ orgId: z.number().int().positive().optional() }),
    response: z.any().describe('An .xlsx workbook'),
    handler: async ({ actor, params, body, reply }) => {
      if (!actor.permissions.has('care.unmask')) throw new AppError('FORBIDDEN');
      const f = await m.payments.paymentList(actor, params.programId, body.reason, body.orgId);
      void reply.type(XLSX_MIME).header('content-disposition', contentDisposition(f.fileName));
      return f.bytes;
    },
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/beneficiaries',
    summary: 'Beneficiaries (payments) per program, org and period',
    tags,
    access: read,
    query: BeneficiaryQuery,
    response: pageOf(Beneficiary),
    handler: ({ actor, query }) => m.payments.beneficiaries(actor, query),
  });
  const Figure = z.object({
    applications: z.number(),
    beneficiaries: z.number(),
    disbursed: z.number(),
    parcels: z.number(),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/figures',
    summary: 'Applications, beneficiaries, money and parcels of an org and each child (live counters)',
    tags,
    access: read,
    query: z.object({ orgId: z.coerce.number().int().positive().optional(), from: z.iso.date(), to: z.iso.date() }),
    response: z.object({
      org: z.object({ id: z.number(), name: z.string() }),
      total: Figure,
      children: z.array(Figure.extend({ org: z.object({ id: z.number(), name: z.string() }) })),
    }),
    handler: ({ actor, query }) => m.payments.figures(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/applications/:applicationId/materials/:fileId',
    summary: 'A material of an application (audited)',
    tags,
    access: read,
    params: FileParams,
    response: z.any().describe('The file'),
    handler: async ({ actor, params, reply }) => {
      const { meta, bytes } = await m.applications.material(actor, params.applicationId, params.fileId);
      void reply.type(meta.mime).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
      return bytes;
    },
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: '/care-programs/applications/:applicationId/materials/:fileId',
    summary: 'Remove a material of a draft or returned application',
    tags,
    access: { permission: 'care.apply' },
    params: FileParams,
    response: Application,
    handler: ({ actor, params }) => m.applications.removeMaterial(actor, params.applicationId, params.fileId),
  });
  // Materials: the file itself is the body, `?code=` the material it is and `?name=` its file name.
  void app.register(async (scope) => {
    registerUploadParser(scope);
    defineRoute(scope, auth, {
      method: 'POST',
      url: '/care-programs/applications/:applicationId/materials',
      summary: 'Add a material (image, PDF, Word …; checked by its bytes)',
      tags,
      access: { permissions: ['care.apply', 'care.review'] },
      params: ApplicationIdParams,
      query: MaterialQuery,
      status: 201,
      response: Application,
      handler: ({ actor, params, query, request }) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('VALIDATION_FAILED', { field: 'file', zh: '请上传文件', en: 'Upload a file' });
        return m.applications.addMaterial(actor, params.applicationId, query.code, query.name, request.body);
      },
    });
  });
}
