import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  Me,
  RecoveryCodes,
  SecondFactorInput,
  SessionIdParams,
  SessionList,
  TotpCodeInput,
  TotpEnrolment,
  User,
  UserIdParams,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { AccountsService } from './accounts.service.js';

const tags = ['accounts 账号'];

/** My sessions, my second factor, and the security officer's reset of a user's authenticator. */
export function registerSecurityRoutes(app: FastifyInstance, auth: Authenticate, accounts: AccountsService): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/auth/sessions',
    summary: 'My signed-in sessions (browsers), newest first',
    tags,
    access: 'authenticated',
    response: SessionList,
    handler: ({ actor }) => accounts.sessions(actor),
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: '/auth/sessions/:sessionId',
    summary: 'End one of my sessions (audited)',
    tags,
    access: 'authenticated',
    params: SessionIdParams,
    status: 204,
    response: z.null(),
    handler: async ({ actor, params }) => {
      await accounts.revokeSession(actor, params.sessionId);
      return null;
    },
  });
  const secondFactor = {
    tags,
    access: 'authenticated',
    allowPasswordChange: true,
    allowSecondFactorPending: true,
    rateLimit: { max: 20, timeWindow: '1 minute' },
  } as const;
  defineRoute(app, auth, {
    ...secondFactor,
    method: 'POST',
    url: '/auth/second-factor',
    summary: 'Give the second factor at sign-in: a code from the authenticator app, or a recovery code',
    body: SecondFactorInput,
    response: Me,
    handler: async ({ actor, body }) => {
      await accounts.verify(actor, body.code);
      return accounts.me(actor, false);
    },
  });
  defineRoute(app, auth, {
    ...secondFactor,
    method: 'POST',
    url: '/auth/second-factor/enrolment',
    summary: 'Start adding an authenticator app: its secret and otpauth:// address',
    response: TotpEnrolment,
    handler: ({ actor }) => accounts.startEnrolment(actor),
  });
  defineRoute(app, auth, {
    ...secondFactor,
    method: 'POST',
    url: '/auth/second-factor/enrolment/confirm',
    summary: 'Confirm the authenticator with a code from it: the recovery codes, shown this once',
    body: TotpCodeInput,
    response: RecoveryCodes,
    handler: ({ actor, body }) => accounts.confirmEnrolment(actor, body.code),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/users/:userId/second-factor/reset',
    summary: "Reset a user's authenticator: she enrols again at her next sign-in (the security officer; audited)",
    tags,
    access: { permission: 'security.manage' },
    params: UserIdParams,
    response: User,
    handler: ({ actor, params }) => accounts.resetSecondFactor(actor, params.userId),
  });
}
