import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  ChangePasswordInput,
  CreateUserInput,
  ListUsersQuery,
  LoginInput,
  Me,
  pageOf,
  PasswordSent,
  RefuseRoleGrantInput,
  RoleGrant,
  RoleGrantIdParams,
  RoleGrantsQuery,
  SetUserPhoneInput,
  UpdateUserInput,
  User,
  UserIdParams,
} from '@jinguo/contracts';
import { CSRF_COOKIE, requestInfo, SESSION_COOKIE } from '../../platform/auth/authenticate.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { UserActor } from '../../platform/scope.js';
import type { AccountsService } from './accounts.service.js';
import { registerSecurityRoutes } from './accounts.security.routes.js';

const tags = ['accounts 账号'];

export function registerAccountRoutes(
  app: FastifyInstance,
  auth: Authenticate,
  accounts: AccountsService,
  opts: { cookieSecure: boolean; sessionMaxHours: number },
): void {
  const cookieBase = {
    path: '/',
    sameSite: 'strict' as const,
    secure: opts.cookieSecure,
    maxAge: opts.sessionMaxHours * 3600,
  };
  const setCookies = (reply: FastifyReply, token: string, csrf: string) => {
    void reply.setCookie(SESSION_COOKIE, token, { ...cookieBase, httpOnly: true });
    void reply.setCookie(CSRF_COOKIE, csrf, { ...cookieBase, httpOnly: false });
  };

  defineRoute(app, auth, {
    method: 'POST',
    url: '/auth/login',
    summary: 'Sign in with username and password',
    tags,
    access: 'public',
    body: LoginInput,
    response: Me,
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: async ({ body, request, reply }) => {
      const session = await accounts.login(body.username, body.password, requestInfo(request));
      setCookies(reply, session.token, session.csrfToken);
      return accounts.me(sessionActor(session), session.secondFactorPending);
    },
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/auth/logout',
    summary: 'Sign out',
    tags,
    access: 'authenticated',
    allowPasswordChange: true,
    allowSecondFactorPending: true,
    status: 204,
    response: z.null(),
    handler: async ({ actor, request, reply }) => {
      await accounts.logout(actor, request.cookies[SESSION_COOKIE]!);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return null;
    },
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/auth/me',
    summary: 'The signed-in user',
    tags,
    access: 'authenticated',
    allowPasswordChange: true,
    allowSecondFactorPending: true,
    response: Me,
    handler: ({ actor }) => accounts.me(actor),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/auth/password',
    summary: 'Change my password',
    tags,
    access: 'authenticated',
    allowPasswordChange: true,
    body: ChangePasswordInput,
    response: Me,
    rateLimit: { max: 20, timeWindow: '1 minute' },
    handler: ({ actor, body }) => accounts.changePassword(actor, body.currentPassword, body.newPassword),
  });

  const read = { permission: 'user.read' } as const;
  const manage = { permission: 'user.manage' } as const;
  defineRoute(app, auth, {
    method: 'GET',
    url: '/users',
    summary: 'Users in scope',
    tags,
    access: read,
    query: ListUsersQuery,
    response: pageOf(User),
    handler: ({ actor, query }) => accounts.list(actor, query.q, query.cursor, query.limit),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/users/:userId',
    summary: 'One user',
    tags,
    access: read,
    params: UserIdParams,
    response: User,
    handler: ({ actor, params }) => accounts.get(actor, params.userId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/users',
    summary:
      "Create a user: roles that read personal data wait for the security officer; the one-time password goes by SMS to the user's own phone, never in the answer",
    tags,
    access: manage,
    body: CreateUserInput,
    status: 201,
    response: PasswordSent,
    handler: ({ actor, body }) => accounts.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/users/:userId',
    summary: 'Edit roles, name or status',
    tags,
    access: manage,
    params: UserIdParams,
    body: UpdateUserInput,
    response: User,
    handler: ({ actor, params, body }) => accounts.update(actor, params.userId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/users/:userId/reset-password',
    summary: "Reset to a one-time password, sent by SMS to the user's own phone (never in the answer)",
    tags,
    access: manage,
    params: UserIdParams,
    response: PasswordSent,
    handler: ({ actor, params }) => accounts.resetPassword(actor, params.userId),
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/users/:userId/phone',
    summary: "Record or correct a user's own phone, where her one-time passwords go (the security officer)",
    tags,
    access: { permission: 'security.manage' },
    params: UserIdParams,
    body: SetUserPhoneInput,
    response: User,
    handler: ({ actor, params, body }) => accounts.setPhone(actor, params.userId, body.phone),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/role-grants',
    summary: '授权审批: roles asked for that read personal data or cases, by status (pending: the queue, oldest first)',
    tags,
    access: read,
    query: RoleGrantsQuery,
    response: pageOf(RoleGrant),
    handler: ({ actor, query }) => accounts.listGrants(actor, query.status, query.cursor, query.limit),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/role-grants/:grantId/approve',
    summary: "Approve: the roles are added to the user's (the security officer; audited)",
    tags,
    access: { permission: 'security.manage' },
    params: RoleGrantIdParams,
    response: RoleGrant,
    handler: ({ actor, params }) => accounts.approve(actor, params.grantId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/role-grants/:grantId/refuse',
    summary: 'Refuse, with a reason (the security officer; audited)',
    tags,
    access: { permission: 'security.manage' },
    params: RoleGrantIdParams,
    body: RefuseRoleGrantInput,
    response: RoleGrant,
    handler: ({ actor, params, body }) => accounts.refuse(actor, params.grantId, body.reason),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/users/:userId/unlock',
    summary: 'Lift a lockout',
    tags,
    access: { permissions: ['user.manage', 'security.manage'] },
    params: UserIdParams,
    response: User,
    handler: ({ actor, params }) => accounts.unlock(actor, params.userId),
  });
  registerSecurityRoutes(app, auth, accounts);
}

/** `me` needs only the user id and the CSRF token right after sign-in, before a request carries the cookie. */
function sessionActor(session: { userId: number; csrfToken: string }): UserActor {
  return { userId: session.userId, session: { csrfToken: session.csrfToken, tokenHash: '' } } as UserActor;
}
