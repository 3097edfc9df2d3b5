import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  Campaign,
  CampaignIdParams,
  CampaignInput,
  CampaignListQuery,
  CampaignProgress,
  CampaignProgressQuery,
  pageOf,
  UploadQuery,
  Visit,
  VisitIdParams,
  VisitInput,
  VisitListItem,
  VisitListQuery,
  type Permission,
} from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { registerUploadParser } from '../../platform/files/index.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { VisitsModule } from './index.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['visits 走访'];
const read: { permissions: Permission[] } = { permissions: ['visit.read', 'visit.record'] };
const PhotoParams = z.object({
  visitId: z.coerce.number().int().positive(),
  fileId: z.coerce.number().int().positive(),
});

export function registerVisitRoutes(app: FastifyInstance, auth: Authenticate, m: VisitsModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/visits/campaigns',
    summary: '三访 campaigns the org takes part in or launched below it',
    tags,
    access: read,
    query: CampaignListQuery,
    response: items(Campaign),
    handler: ({ actor, query }) => m.campaigns.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/visits/campaigns',
    summary: 'Launch a campaign for the subtree (period, targets per level, who must visit)',
    tags,
    access: { permission: 'campaign.manage' },
    body: CampaignInput,
    status: 201,
    response: Campaign,
    handler: ({ actor, body }) => m.campaigns.launch(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/visits/campaigns/:campaignId',
    summary: "A campaign with the progress of the caller's part",
    tags,
    access: read,
    params: CampaignIdParams,
    response: Campaign,
    handler: ({ actor, params }) => m.campaigns.get(actor, params.campaignId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/visits/campaigns/:campaignId/close',
    summary: 'Close a campaign',
    tags,
    access: { permission: 'campaign.manage' },
    params: CampaignIdParams,
    response: Campaign,
    handler: ({ actor, params }) => m.campaigns.close(actor, params.campaignId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/visits/campaigns/:campaignId/progress',
    summary: 'Planned vs done: the org, each child, each visitor',
    tags,
    access: read,
    params: CampaignIdParams,
    query: CampaignProgressQuery,
    response: CampaignProgress,
    handler: ({ actor, params, query }) => m.campaigns.progress(actor, params.campaignId, query.orgId),
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/visits',
    summary: 'Visit records of the subtree (执委: her own)',
    tags,
    access: read,
    query: VisitListQuery,
    response: pageOf(VisitListItem),
    handler: ({ actor, query }) => m.visits.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/visits',
    summary: 'Record a visit; each need raised becomes a demand',
    tags,
    access: { permissions: ['visit.write', 'visit.record'] },
    body: VisitInput,
    status: 201,
    response: Visit,
    handler: ({ actor, body }) => m.visits.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/visits/:visitId',
    summary: 'A visit record',
    tags,
    access: read,
    params: VisitIdParams,
    response: Visit,
    handler: ({ actor, params }) => m.visits.get(actor, params.visitId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/visits/:visitId/needs/:needId/demand',
    summary: 'Put a noted need into the demand queue',
    tags,
    access: { permissions: ['visit.write', 'visit.record'] },
    params: z.object({ visitId: z.coerce.number().int().positive(), needId: z.coerce.number().int().positive() }),
    response: Visit,
    handler: ({ actor, params }) => m.visits.convertNeed(actor, params.visitId, params.needId),
  });
  // Photos: the image itself is the body (its content type or application/octet-stream), `?name=` its file name.
  void app.register(async (scope) => {
    registerUploadParser(scope);
    defineRoute(scope, auth, {
      method: 'POST',
      url: '/visits/:visitId/photos',
      summary: 'Add a photo (JPEG, PNG, WebP or GIF, checked by its bytes; 10 MB at most)',
      tags,
      access: { permissions: ['visit.write', 'visit.record'] },
      params: VisitIdParams,
      query: UploadQuery,
      status: 201,
      response: Visit,
      handler: ({ actor, params, query, request }) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('VALIDATION_FAILED', { field: 'file', zh: '请上传图片文件', en: 'Upload an image file' });
        return m.visits.addPhoto(actor, params.visitId, query.name, request.body);
      },
    });
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/visits/:visitId/photos/:fileId',
    summary: 'A photo of a visit',
    tags,
    access: read,
    params: PhotoParams,
    response: z.any().describe('The image'),
    handler: async ({ actor, params, reply }) => {
      const { meta, bytes } = await m.visits.photo(actor, params.visitId, params.fileId);
      void reply.type(meta.mime).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
      return bytes;
    },
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: '/visits/:visitId/photos/:fileId',
    summary: 'Remove a photo',
    tags,
    access: { permissions: ['visit.write', 'visit.record'] },
    params: PhotoParams,
    response: Visit,
    handler: ({ actor, params }) => m.visits.removePhoto(actor, params.visitId, params.fileId),
  });
}
