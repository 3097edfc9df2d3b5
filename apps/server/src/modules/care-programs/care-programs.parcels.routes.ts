import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AllocationInput,
  BatchIdParams,
  DeliveryIdParams,
  DeliveryInput,
  FeedbackInput,
  GreetingList,
  GreetingListIdParams,
  GreetingListInput,
  ParcelBatch,
  ParcelBatchInput,
  ParcelDelivery,
  type Permission,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { CareServices } from './care-programs.service.js';

const tags = ['care-programs 关爱项目'];
const read: { permissions: Permission[] } = { permissions: ['care.read'] };
const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

/** 母亲邮包 batches, allocations, deliveries and 回音卡; 节日慰问 lists. */
export function registerParcelRoutes(app: FastifyInstance, auth: Authenticate, m: CareServices): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/parcels',
    summary: 'Parcel batches reaching the subtree, with each org’s allocation',
    tags,
    access: read,
    response: items(ParcelBatch),
    handler: async ({ actor }) => ({ items: await m.parcels.list(actor) }),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/parcels',
    summary: 'A batch of parcels (100 or 200 yuan) bought by an org',
    tags,
    access: { permission: 'care.manage' },
    body: ParcelBatchInput,
    status: 201,
    response: ParcelBatch,
    handler: ({ actor, body }) => m.parcels.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/parcels/:batchId',
    summary: 'A batch',
    tags,
    access: read,
    params: BatchIdParams,
    response: ParcelBatch,
    handler: ({ actor, params }) => m.parcels.get(actor, params.batchId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/parcels/:batchId/allocations',
    summary: 'Pass parcels of the acting org’s allocation down to its children',
    tags,
    access: { permission: 'care.manage' },
    params: BatchIdParams,
    body: AllocationInput,
    response: ParcelBatch,
    handler: ({ actor, params, body }) => m.parcels.allocate(actor, params.batchId, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/parcels/:batchId/deliveries',
    summary: 'Deliveries of the batch in the subtree, with their feedback cards',
    tags,
    access: read,
    params: BatchIdParams,
    response: items(ParcelDelivery),
    handler: async ({ actor, params }) => ({ items: await m.parcels.deliveries(actor, params.batchId) }),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/parcels/:batchId/deliveries',
    summary: 'Hand a parcel to a verified mother',
    tags,
    access: { permissions: ['care.apply', 'care.manage'] },
    params: BatchIdParams,
    body: DeliveryInput,
    status: 201,
    response: ParcelDelivery,
    handler: ({ actor, params, body }) => m.parcels.deliver(actor, params.batchId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/deliveries/:deliveryId/feedback',
    summary: 'Record the 回音卡 (feedback card) of a delivery',
    tags,
    access: { permissions: ['care.apply', 'care.manage'] },
    params: DeliveryIdParams,
    body: FeedbackInput,
    response: ParcelDelivery,
    handler: ({ actor, params, body }) => m.parcels.feedback(actor, params.deliveryId, body),
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/greetings',
    summary: '节日慰问 lists of the subtree',
    tags,
    access: read,
    response: items(GreetingList),
    handler: async ({ actor }) => ({ items: await m.greetings.list(actor) }),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/greetings',
    summary: 'Build a greetings list from registry tags at an org',
    tags,
    access: { permission: 'care.manage' },
    body: GreetingListInput,
    status: 201,
    response: GreetingList,
    handler: ({ actor, body }) => m.greetings.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/care-programs/greetings/:listId',
    summary: 'A greetings list with its women',
    tags,
    access: read,
    params: GreetingListIdParams,
    response: GreetingList,
    handler: ({ actor, params }) => m.greetings.get(actor, params.listId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/care-programs/greetings/:listId/entries/:entryId/greeted',
    summary: 'Mark a woman of the list as greeted',
    tags,
    access: { permissions: ['care.apply', 'care.manage'] },
    params: GreetingListIdParams.extend({ entryId: z.coerce.number().int().positive() }),
    response: GreetingList,
    handler: ({ actor, params }) => m.greetings.greet(actor, params.listId, params.entryId),
  });
}
