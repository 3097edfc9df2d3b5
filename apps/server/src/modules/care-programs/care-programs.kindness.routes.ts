import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ClaimedWish,
  ContactInput,
  EndPairingInput,
  MyWish,
  Pairing,
  PairingIdParams,
  PairingInput,
  PairingListQuery,
  PortalWishClaimInput,
  PortalWishInput,
  PublicWish,
  Wish,
  WishClaimInput,
  WishFulfilInput,
  WishIdParams,
  WishInput,
  WishListQuery,
  WishProofParams,
  WishProofQuery,
  WishReviewInput,
  WishSettingsInput,
  type Permission,
} from '@jinguo/contracts';
import { requestInfo } from '../../platform/auth/authenticate.js';
import { AppError } from '../../platform/errors.js';
import { registerUploadParser } from '../../platform/files/index.js';
import { definePortalRoute, type ResidentAuthenticate } from '../../platform/http/portal-route.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { Pairings } from './care-programs.pairings.service.js';
import type { ResidentWishes } from './care-programs.resident-wishes.service.js';
import type { Wishes } from './care-programs.wishes.service.js';

const tags = ['care-programs 关爱项目'];
const read: { permissions: Permission[] } = { permissions: ['care.read'] };
const record: { permissions: Permission[] } = { permissions: ['care.apply', 'care.manage'] };
const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

/** 爱心妈妈 pairings and 微心愿 (staff side). */
export function registerKindnessRoutes(
  app: FastifyInstance,
  auth: Authenticate,
  m: { pairings: Pairings; wishes: Wishes },
): void {
  const P = '/care-programs/pairings';
  defineRoute(app, auth, {
    method: 'GET',
    url: P,
    summary: '爱心妈妈 pairings of the subtree (overdue=true: behind on their contacts)',
    tags,
    access: read,
    query: PairingListQuery,
    response: items(Pairing),
    handler: async ({ actor, query }) => ({ items: await m.pairings.list(actor, query) }),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: P,
    summary: 'Pair a volunteer or cadre with a left-behind child or a child in distress',
    tags,
    access: { permission: 'care.manage' },
    body: PairingInput,
    status: 201,
    response: Pairing,
    handler: ({ actor, body }) => m.pairings.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: `${P}/:pairingId`,
    summary: 'A pairing with its contacts',
    tags,
    access: read,
    params: PairingIdParams,
    response: Pairing,
    handler: ({ actor, params }) => m.pairings.get(actor, params.pairingId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: `${P}/:pairingId/contacts`,
    summary: 'Record a contact (date, way, note)',
    tags,
    access: record,
    params: PairingIdParams,
    body: ContactInput,
    status: 201,
    response: Pairing,
    handler: ({ actor, params, body }) => m.pairings.contact(actor, params.pairingId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: `${P}/:pairingId/end`,
    summary: 'End a pairing, with the reason',
    tags,
    access: { permission: 'care.manage' },
    params: PairingIdParams,
    body: EndPairingInput,
    response: Pairing,
    handler: ({ actor, params, body }) => m.pairings.end(actor, params.pairingId, body),
  });

  const W = '/care-programs/wishes';
  defineRoute(app, auth, {
    method: 'GET',
    url: W,
    summary: '微心愿 of the subtree',
    tags,
    access: read,
    query: WishListQuery,
    response: items(Wish),
    handler: async ({ actor, query }) => ({ items: await m.wishes.list(actor, query.state) }),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: W,
    summary: 'Collect a wish for a person of the registry',
    tags,
    access: record,
    body: WishInput,
    status: 201,
    response: Wish,
    handler: ({ actor, body }) => m.wishes.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: `${W}/:wishId`,
    summary: 'A wish',
    tags,
    access: read,
    params: WishIdParams,
    response: Wish,
    handler: ({ actor, params }) => m.wishes.get(actor, params.wishId),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: `${W}/:wishId`,
    summary: 'Set the days a wish gives its donors from their claim (care.manage; the next claim’s)',
    tags,
    access: { permission: 'care.manage' },
    params: WishIdParams,
    body: WishSettingsInput,
    response: Wish,
    handler: ({ actor, params, body }) => m.wishes.settings(actor, params.wishId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: `${W}/:wishId/review`,
    summary: 'Publish a wish on /h5, or refuse it with the reason',
    tags,
    access: { permission: 'care.review' },
    params: WishIdParams,
    body: WishReviewInput,
    response: Wish,
    handler: ({ actor, params, body }) => m.wishes.review(actor, params.wishId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: `${W}/:wishId/claim`,
    summary: 'Claim a wish as donor, or record an outside donor (care.manage), until a deadline',
    tags,
    access: read,
    params: WishIdParams,
    body: WishClaimInput,
    response: Wish,
    handler: ({ actor, params, body }) => m.wishes.claim(actor, params.wishId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: `${W}/:wishId/release`,
    summary: 'Give up a claim: the wish is published again',
    tags,
    access: read,
    params: WishIdParams,
    response: Wish,
    handler: ({ actor, params }) => m.wishes.release(actor, params.wishId),
  });
  // Proofs of the fulfilment: the file itself is the body, `?name=` its file name (platform files: checked by its
  // bytes, encrypted); while the wish is claimed, by its donor or a cadre who manages care programs.
  void app.register(async (scope) => {
    registerUploadParser(scope);
    defineRoute(scope, auth, {
      method: 'POST',
      url: `${W}/:wishId/proofs`,
      summary: 'Add a proof of the fulfilment (photo, PDF, Word …; checked by its bytes; 10 MB at most)',
      tags,
      access: read,
      params: WishIdParams,
      query: WishProofQuery,
      status: 201,
      response: Wish,
      handler: ({ actor, params, query, request }) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('VALIDATION_FAILED', { field: 'file', zh: '请上传文件', en: 'Upload a file' });
        return m.wishes.addProof(actor, params.wishId, query.name, request.body);
      },
    });
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: `${W}/:wishId/proofs/:fileId`,
    summary: 'A proof of the fulfilment (staff of the subtree only; the read is audited)',
    tags,
    access: read,
    params: WishProofParams,
    response: z.any().describe('The file'),
    handler: async ({ actor, params, reply }) => {
      const { meta, bytes } = await m.wishes.proof(actor, params.wishId, params.fileId);
      void reply
        .type(meta.mime)
        .header('cache-control', 'private, max-age=300')
        .header('x-content-type-options', 'nosniff');
      return bytes;
    },
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: `${W}/:wishId/proofs/:fileId`,
    summary: 'Remove a proof (while the wish is claimed)',
    tags,
    access: read,
    params: WishProofParams,
    response: Wish,
    handler: ({ actor, params }) => m.wishes.removeProof(actor, params.wishId, params.fileId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: `${W}/:wishId/fulfil`,
    summary: 'Record the wish fulfilled, with a note (a proof must be uploaded first)',
    tags,
    access: read,
    params: WishIdParams,
    body: WishFulfilInput,
    response: Wish,
    handler: ({ actor, params, body }) => m.wishes.fulfil(actor, params.wishId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: `${W}/:wishId/withdraw`,
    summary: 'Withdraw a wish not yet claimed',
    tags,
    access: { permission: 'care.manage' },
    params: WishIdParams,
    response: Wish,
    handler: ({ actor, params }) => m.wishes.withdraw(actor, params.wishId),
  });
}

/**
 * 微心愿 on /h5: the published wishes (anyone), her own wishes and submitting one, claiming a wish as a donor and
 * following her claims (a signed-in resident). Never a proof: those are staff-only.
 */
export function registerWishPortalRoutes(app: FastifyInstance, auth: ResidentAuthenticate, w: ResidentWishes): void {
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/care-programs/wishes',
    summary: 'Published wishes, with masked names and the district only',
    access: 'public',
    response: items(PublicWish),
    rateLimit: { max: 120, timeWindow: '1 minute' },
    handler: async ({ resident, request }) => ({ items: await w.published(resident, requestInfo(request)) }),
  });
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/care-programs/wishes/mine',
    summary: 'Her own wishes and how far each has come',
    access: 'resident',
    response: items(MyWish),
    handler: async ({ resident }) => ({ items: await w.mine(resident) }),
  });
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/care-programs/wishes/claimed',
    summary: 'The wishes she claimed as a donor, and how far each has come',
    access: 'resident',
    response: items(ClaimedWish),
    handler: async ({ resident }) => ({ items: await w.claimed(resident) }),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/care-programs/wishes/:wishId/claim',
    summary: 'Claim a published wish as its donor until a deadline (the federation then contacts her)',
    access: 'resident',
    params: WishIdParams,
    body: PortalWishClaimInput.nullish(),
    response: ClaimedWish,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: ({ resident, params, body }) => w.claim(resident, params.wishId, body ?? {}),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/care-programs/wishes/:wishId/release',
    summary: 'Give up her claim: the wish is published again',
    access: 'resident',
    params: WishIdParams,
    response: ClaimedWish,
    handler: ({ resident, params }) => w.release(resident, params.wishId),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/care-programs/wishes',
    summary: 'Submit a wish (reviewed by the village federation before it is published)',
    access: 'resident',
    body: PortalWishInput,
    status: 201,
    response: MyWish,
    rateLimit: { max: 5, timeWindow: '1 minute' },
    handler: ({ resident, body }) => w.submit(resident, body),
  });
}
