import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  LinkResidentInput,
  Notification,
  pageOf,
  PortalMe,
  PortalPlace,
  PortalPlacesQuery,
  Resident,
  ResidentCodeRequest,
  ResidentCodeSent,
  ResidentIdParams,
  ResidentLoginInput,
  ResidentProfileInput,
} from '@jinguo/contracts';
import { CSRF_HEADER, requestInfo } from '../../platform/auth/authenticate.js';
import { AppError } from '../../platform/errors.js';
import { definePortalRoute, type ResidentAuthenticate } from '../../platform/http/portal-route.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import { listNotifications, markAllRead } from '../../platform/notifications/index.js';
import { runAsPortal } from '../../platform/scope.js';
import type { DbHandle } from '../../platform/db/client.js';
import {
  RESIDENT_COOKIE,
  RESIDENT_CSRF_COOKIE,
  RESIDENT_SESSION,
  type ResidentsService,
} from './portal.residents.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The portal's own session: cookie `jinguo_resident` looked up in resident_sessions. Staff sessions live in another
 * cookie and table, so neither kind of session can ever stand in for the other.
 */
export function createResidentAuthenticator(residents: ResidentsService): ResidentAuthenticate {
  return async (request, { required }) => {
    const token = request.cookies[RESIDENT_COOKIE];
    if (!token) {
      if (required) throw new AppError('UNAUTHENTICATED');
      return null;
    }
    const session = await residents.resolveSession(token);
    if (!session) {
      if (required) throw new AppError('SESSION_EXPIRED');
      return null;
    }
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken)
      throw new AppError('CSRF_FAILED', { field: CSRF_HEADER });
    return {
      kind: 'resident',
      residentId: session.residentId,
      request: requestInfo(request),
      session: { tokenHash: session.tokenHash, csrfToken: session.csrfToken },
    };
  };
}

export function registerResidentRoutes(
  app: FastifyInstance,
  auth: Authenticate,
  residentAuth: ResidentAuthenticate,
  residents: ResidentsService,
  opts: { handle: DbHandle; cookieSecure: boolean },
): void {
  const cookieBase = {
    path: '/',
    sameSite: 'strict' as const,
    secure: opts.cookieSecure,
    maxAge: RESIDENT_SESSION.maxDays * 86_400,
  };
  const setCookies = (reply: FastifyReply, token: string, csrf: string) => {
    void reply.setCookie(RESIDENT_COOKIE, token, { ...cookieBase, httpOnly: true });
    void reply.setCookie(RESIDENT_CSRF_COOKIE, csrf, { ...cookieBase, httpOnly: false });
  };

  definePortalRoute(app, residentAuth, {
    method: 'POST',
    url: '/portal/auth/code',
    summary: 'Send a one-time sign-in code to a phone (SMS adapter; the development channel logs it)',
    access: 'public',
    body: ResidentCodeRequest,
    response: ResidentCodeSent,
    rateLimit: { max: 5, timeWindow: '1 minute' },
    handler: ({ body, request }) => residents.requestCode(body.phone, requestInfo(request)),
  });
  definePortalRoute(app, residentAuth, {
    method: 'POST',
    url: '/portal/auth/login',
    summary: 'Sign in with the phone and its one-time code',
    access: 'public',
    body: ResidentLoginInput,
    response: PortalMe,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: async ({ body, request, reply }) => {
      const s = await residents.login(body.phone, body.code, requestInfo(request));
      setCookies(reply, s.token, s.csrfToken);
      return residents.me({
        kind: 'resident',
        residentId: s.residentId,
        request: requestInfo(request),
        session: { tokenHash: '', csrfToken: s.csrfToken },
      });
    },
  });
  definePortalRoute(app, residentAuth, {
    method: 'POST',
    url: '/portal/auth/logout',
    summary: 'Sign out of the portal',
    access: 'resident',
    status: 204,
    response: z.null(),
    handler: async ({ resident, reply }) => {
      await residents.logout(resident);
      void reply.clearCookie(RESIDENT_COOKIE, { path: '/' }).clearCookie(RESIDENT_CSRF_COOKIE, { path: '/' });
      return null;
    },
  });
  definePortalRoute(app, residentAuth, {
    method: 'GET',
    url: '/portal/me',
    summary: 'The signed-in resident',
    access: 'resident',
    response: PortalMe,
    handler: ({ resident }) => residents.me(resident),
  });
  definePortalRoute(app, residentAuth, {
    method: 'PATCH',
    url: '/portal/me',
    summary: 'Her nickname and village',
    access: 'resident',
    body: ResidentProfileInput,
    response: PortalMe,
    handler: ({ resident, body }) => residents.updateProfile(resident, body),
  });
  definePortalRoute(app, residentAuth, {
    method: 'GET',
    url: '/portal/places',
    summary: 'Districts, towns and villages to choose from',
    access: 'public',
    query: PortalPlacesQuery,
    response: z.object({ items: z.array(PortalPlace) }),
    handler: ({ query, request }) => residents.places(requestInfo(request), query),
  });
  definePortalRoute(app, residentAuth, {
    method: 'GET',
    url: '/portal/notifications',
    summary: 'Her notices (replies to her requests)',
    access: 'resident',
    query: z.object({
      cursor: z.string().max(500).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(30),
    }),
    response: pageOf(Notification),
    handler: ({ resident, query }) =>
      runAsPortal(
        opts.handle,
        { residentId: resident.residentId, trackingHash: null, request: resident.request },
        (s) => listNotifications(s.tx, { resident: resident.residentId }, { cursor: query.cursor, limit: query.limit }),
      ),
  });
  definePortalRoute(app, residentAuth, {
    method: 'POST',
    url: '/portal/notifications/read-all',
    summary: 'Mark all her notices read',
    access: 'resident',
    response: z.object({ marked: z.number().int() }),
    handler: async ({ resident }) => ({
      marked: await runAsPortal(
        opts.handle,
        { residentId: resident.residentId, trackingHash: null, request: resident.request },
        (s) => markAllRead(s.tx, { resident: resident.residentId }),
      ),
    }),
  });

  const tags = ['accounts 账号'];
  defineRoute(app, auth, {
    method: 'GET',
    url: '/residents/:residentId',
    summary: 'A resident of the portal (phone masked)',
    tags,
    access: { permission: 'resident.read' },
    params: ResidentIdParams,
    response: Resident,
    handler: ({ actor, params }) => residents.get(actor, params.residentId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/residents/:residentId/link',
    summary: 'Link a resident to the registry person she was confirmed to be',
    tags,
    access: { permission: 'resident.link' },
    params: ResidentIdParams,
    body: LinkResidentInput,
    response: Resident,
    handler: ({ actor, params, body }) => residents.link(actor, params.residentId, body.personId, body.reason),
  });
}
