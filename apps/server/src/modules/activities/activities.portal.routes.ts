import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ActivityIdParams,
  CheckInResult,
  PortalCheckInInput,
  PortalRegisterInput,
  PublicActivity,
  type ActivityKind,
  type ActivityStatus,
} from '@jinguo/contracts';
import { requestInfo } from '../../platform/auth/authenticate.js';
import { definePortalRoute, type ResidentAuthenticate } from '../../platform/http/portal-route.js';
import { checkInWindow } from './activities.policy.js';
import type { ActivitiesModule } from './index.js';
import type { ActivityRow } from './activities.repository.js';
import { placeOf } from './activities.views.js';

/** What anyone may see of an activity on /h5. */
function publicView(a: ActivityRow, org: string, mine: PublicActivity['mine']): PublicActivity {
  const w = checkInWindow(a);
  return {
    id: a.id,
    kind: a.kind as ActivityKind,
    title: a.title,
    topic: a.topic,
    place: placeOf(a),
    org,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    status: a.status as ActivityStatus,
    capacity: a.capacity,
    registered: a.registered,
    checkInOpensAt: w.opensAt.toISOString(),
    checkInClosesAt: w.closesAt.toISOString(),
    mine,
  };
}

/**
 * The residents' side on /h5: an activity's public facts, registering, and the QR check-in (a signed-in resident in
 * one tap, a walk-in with name and phone). A venue's phones share one address, so the check-in limit is generous.
 */
export function registerActivityPortalRoutes(app: FastifyInstance, auth: ResidentAuthenticate, m: ActivitiesModule) {
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/activities',
    summary: 'Activities open for registration around a village (mine by default)',
    access: 'public',
    query: z.object({ villageId: z.coerce.number().int().positive().optional() }),
    response: z.object({ items: z.array(PublicActivity) }),
    rateLimit: { max: 120, timeWindow: '1 minute' },
    handler: async ({ resident, query, request }) => ({
      items: (await m.portal.nearby(resident, requestInfo(request), query.villageId)).map(({ a, org }) =>
        publicView(a, org, null),
      ),
    }),
  });
  definePortalRoute(app, auth, {
    method: 'GET',
    url: '/portal/activities/:activityId',
    summary: 'An activity open for registration or held: its public facts, and whether I registered or checked in',
    access: 'public',
    params: ActivityIdParams,
    response: PublicActivity,
    rateLimit: { max: 600, timeWindow: '1 minute' },
    handler: async ({ resident, params, request }) => {
      const { a, mine, org } = await m.portal.publicView(resident, requestInfo(request), params.activityId);
      return publicView(a, org, mine);
    },
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/activities/:activityId/registration',
    summary: 'Register for an activity open for registration (one per phone; within capacity)',
    access: 'resident',
    params: ActivityIdParams,
    body: PortalRegisterInput,
    status: 201,
    response: z.object({ id: z.number().int() }),
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: ({ resident, params, body }) => m.portal.register(resident, params.activityId, body.name),
  });
  definePortalRoute(app, auth, {
    method: 'POST',
    url: '/portal/activities/:activityId/checkin',
    summary: 'Check in with the QR code’s token (signed-in: one tap; walk-in: name and phone); idempotent',
    access: 'public',
    params: ActivityIdParams,
    body: PortalCheckInInput,
    response: CheckInResult,
    rateLimit: { max: 1000, timeWindow: '1 minute' },
    handler: ({ resident, params, body, request }) =>
      m.portal.checkIn(resident, requestInfo(request), params.activityId, body),
  });
}
