import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  Activity,
  ActivityCancelInput,
  ActivityFigures,
  ActivityFiguresQuery,
  ActivityIdParams,
  ActivityInput,
  ActivityListItem,
  ActivityListQuery,
  ActivityPatch,
  ActivitySummaryInput,
  pageOf,
  SpaceActivity,
  SpaceActivityQuery,
  UploadQuery,
  type Permission,
} from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { registerUploadParser } from '../../platform/files/index.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { ActivitiesModule } from './index.js';

export const tags = ['activities 活动'];
export const read: { permission: Permission } = { permission: 'activity.read' };
export const write: { permission: Permission } = { permission: 'activity.write' };
const PhotoParams = ActivityIdParams.extend({ fileId: z.coerce.number().int().positive() });

/** Activities: plan, list, read, edit, the state actions, summary and photos, space and figure reads. */
export function registerActivityRoutes(app: FastifyInstance, auth: Authenticate, m: ActivitiesModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities',
    summary: "Activities of the subtree (or an org's), latest first",
    tags,
    access: read,
    query: ActivityListQuery,
    response: pageOf(ActivityListItem),
    handler: ({ actor, query }) => m.activities.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/activities',
    summary: 'Plan an activity for an org of the subtree (at a space or an address)',
    tags,
    access: write,
    body: ActivityInput,
    status: 201,
    response: Activity,
    handler: ({ actor, body }) => m.activities.plan(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/figures',
    summary: 'Talks held, attendance (人次), people reached, training attendance of an org or its children, by period',
    tags,
    access: read,
    query: ActivityFiguresQuery,
    response: ActivityFigures,
    handler: ({ actor, query }) => m.figures.figures(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/spaces',
    summary: 'Spaces (阵地) of the subtree with opening hours and activity counts; active: one held in 12 months',
    tags,
    access: read,
    query: SpaceActivityQuery,
    response: z.object({ items: z.array(SpaceActivity) }),
    handler: ({ actor, query }) => m.trainings.spaces(actor, query.orgId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/:activityId',
    summary: 'An activity',
    tags,
    access: read,
    params: ActivityIdParams,
    response: Activity,
    handler: ({ actor, params }) => m.activities.get(actor, params.activityId),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/activities/:activityId',
    summary: 'Edit a planned or open activity',
    tags,
    access: write,
    params: ActivityIdParams,
    body: ActivityPatch,
    response: Activity,
    handler: ({ actor, params, body }) => m.activities.update(actor, params.activityId, body),
  });
  for (const action of ['open', 'hold'] as const)
    defineRoute(app, auth, {
      method: 'POST',
      url: `/activities/:activityId/${action}`,
      summary: action === 'open' ? 'Open for registration' : 'Mark as held',
      tags,
      access: write,
      params: ActivityIdParams,
      response: Activity,
      handler: ({ actor, params }) => m.activities.act(actor, params.activityId, action),
    });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/activities/:activityId/cancel',
    summary: 'Cancel a planned or open activity',
    tags,
    access: write,
    params: ActivityIdParams,
    body: ActivityCancelInput,
    response: Activity,
    handler: ({ actor, params, body }) => m.activities.cancel(actor, params.activityId, body.reason),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/activities/:activityId/summary',
    summary: 'Summarise a held activity (summary, people reached beyond attendance)',
    tags,
    access: write,
    params: ActivityIdParams,
    body: ActivitySummaryInput,
    response: Activity,
    handler: ({ actor, params, body }) => m.activities.summarise(actor, params.activityId, body),
  });
  void app.register(async (scope) => {
    registerUploadParser(scope);
    defineRoute(scope, auth, {
      method: 'POST',
      url: '/activities/:activityId/photos',
      summary: 'Add a photo (JPEG, PNG, WebP or GIF, checked by its bytes)',
      tags,
      access: write,
      params: ActivityIdParams,
      query: UploadQuery,
      status: 201,
      response: Activity,
      handler: ({ actor, params, query, request }) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('VALIDATION_FAILED', { field: 'file', zh: '请上传图片文件', en: 'Upload an image file' });
        return m.activities.addPhoto(actor, params.activityId, query.name, request.body);
      },
    });
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/:activityId/photos/:fileId',
    summary: 'A photo of an activity',
    tags,
    access: read,
    params: PhotoParams,
    response: z.any().describe('The image'),
    handler: async ({ actor, params, reply }) => {
      const { meta, bytes } = await m.activities.photo(actor, params.activityId, params.fileId);
      void reply.type(meta.mime).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
      return bytes;
    },
  });
}
