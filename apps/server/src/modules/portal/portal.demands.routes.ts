import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DemandIdParams,
  pageOf,
  PortalCancelInput,
  PortalCatalogue,
  PortalDemand,
  PortalHelpInput,
  PortalHelpReceipt,
  PortalOrderInput,
  PortalRateInput,
  TrackingCodeParams,
} from '@jinguo/contracts';
import { requestInfo } from '../../platform/auth/authenticate.js';
import { definePortalRoute, type ResidentAuthenticate } from '../../platform/http/portal-route.js';
import type { Portal } from '../demands/index.js';

/** Guessing tracking codes or ids gets nothing but 404s, and soon only 429s. */
const GUESS_LIMIT = { max: 10, timeWindow: '1 minute' };

export function registerPortalDemandRoutes(app: FastifyInstance, auth: ResidentAuthenticate, portal: Portal): void {
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/catalogue',
    summary: 'The services of her village and town (服务清单)',
    access: 'resident',
    response: PortalCatalogue,
    handler: ({ resident }) => portal.catalogue(resident),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/orders',
    summary: 'Order a service (点单)',
    access: 'resident',
    body: PortalOrderInput,
    status: 201,
    response: PortalDemand,
    rateLimit: { max: 20, timeWindow: '1 minute' },
    handler: ({ resident, body }) => portal.order(resident, body),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/help',
    summary: 'Ask for help; anonymous requests return a tracking code (shown once)',
    access: 'public',
    body: PortalHelpInput,
    status: 201,
    response: PortalHelpReceipt,
    rateLimit: GUESS_LIMIT,
    handler: ({ resident, body, request }) => portal.help(resident, requestInfo(request), body),
  });
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/requests',
    summary: 'Her requests and orders',
    access: 'resident',
    query: z.object({
      cursor: z.string().max(500).optional(),
      limit: z.coerce.number().int().min(1).max(50).default(20),
    }),
    response: pageOf(PortalDemand),
    handler: ({ resident, query }) => portal.list(resident, query),
  });
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/requests/:demandId',
    summary: 'One of her requests',
    access: 'resident',
    params: DemandIdParams,
    response: PortalDemand,
    rateLimit: { max: 60, timeWindow: '1 minute' },
    handler: ({ resident, params }) => portal.get(resident, params.demandId),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/requests/:demandId/rate',
    summary: 'Rate the answer (满意/基本满意/不满意; 不满意 reopens it)',
    access: 'resident',
    params: DemandIdParams,
    body: PortalRateInput,
    response: PortalDemand,
    handler: ({ resident, params, body }) => portal.rate(resident, params.demandId, body),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/requests/:demandId/cancel',
    summary: 'Withdraw a request not yet taken up',
    access: 'resident',
    params: DemandIdParams,
    body: PortalCancelInput,
    response: PortalDemand,
    handler: ({ resident, params, body }) => portal.cancel(resident, params.demandId, body.note),
  });
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/track/:code',
    summary: 'An anonymous request by its tracking code',
    access: 'public',
    params: TrackingCodeParams,
    response: PortalDemand,
    rateLimit: GUESS_LIMIT,
    handler: ({ params, request }) => portal.track(requestInfo(request), params.code),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/track/:code/rate',
    summary: 'Rate an anonymous request by its tracking code',
    access: 'public',
    params: TrackingCodeParams,
    body: PortalRateInput,
    response: PortalDemand,
    rateLimit: GUESS_LIMIT,
    handler: ({ params, body, request }) => portal.rateTracked(requestInfo(request), params.code, body),
  });
}
