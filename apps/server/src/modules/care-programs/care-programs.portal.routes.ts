import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApplicationIdParams, PortalApplication, PortalApplicationInput, PortalProgram } from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { registerUploadParser } from '../../platform/files/index.js';
import { definePortalRoute, type ResidentAuthenticate } from '../../platform/http/portal-route.js';
import type { ResidentCare } from './care-programs.residents.service.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

/** The woman's side of care programs on /h5: open programs, applying with uploads from the phone, following. */
export function registerCarePortalRoutes(app: FastifyInstance, auth: ResidentAuthenticate, care: ResidentCare): void {
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/care-programs',
    summary: 'Programs open for applications',
    access: 'resident',
    response: items(PortalProgram),
    handler: async ({ resident }) => ({ items: await care.programs(resident) }),
  });
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/care-programs/applications',
    summary: 'Her applications and how far each has come',
    access: 'resident',
    response: items(PortalApplication),
    handler: async ({ resident }) => ({ items: await care.list(resident) }),
  });
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/care-programs/applications/:applicationId',
    summary: 'One of her applications',
    access: 'resident',
    params: ApplicationIdParams,
    response: PortalApplication,
    handler: ({ resident, params }) => care.get(resident, params.applicationId),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/care-programs/applications',
    summary: 'Apply (a draft; then upload the materials and submit)',
    access: 'resident',
    body: PortalApplicationInput,
    status: 201,
    response: PortalApplication,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: ({ resident, body }) => care.apply(resident, body),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/care-programs/applications/:applicationId/submit',
    summary: 'Submit (or resubmit after a return)',
    access: 'resident',
    params: ApplicationIdParams,
    response: PortalApplication,
    handler: ({ resident, params }) => care.submit(resident, params.applicationId),
  });
  void app.register(async (scope) => {
    registerUploadParser(scope);
    definePortalRoute(scope, auth, {
      method: 'POST',
      url: '/portal/care-programs/applications/:applicationId/materials',
      summary: 'Upload a material from the phone (photo or PDF)',
      access: 'resident',
      params: ApplicationIdParams,
      query: z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/), name: z.string().trim().min(1).max(200) }),
      status: 201,
      response: PortalApplication,
      rateLimit: { max: 30, timeWindow: '1 minute' },
      handler: ({ resident, params, query, request }) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('VALIDATION_FAILED', { field: 'file', zh: '请上传文件', en: 'Upload a file' });
        return care.addMaterial(resident, params.applicationId, query.code, query.name, request.body);
      },
    });
  });
}
