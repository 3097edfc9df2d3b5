import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Consent, ConsentInput, ConsentParams, PersonIdParams, WithdrawConsentInput } from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { createConsentsService } from './people.consents.service.js';

const tags = ['people 人员与家庭'];

/** A person's consent records (个人信息保护法 §28–31): list, record, withdraw. */
export function registerConsentRoutes(
  app: FastifyInstance,
  auth: Authenticate,
  consents: ReturnType<typeof createConsentsService>,
): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/:personId/consents',
    summary: "A person's consent records, given and withdrawn",
    tags,
    access: { permission: 'person.read' },
    params: PersonIdParams,
    response: z.object({ items: z.array(Consent) }),
    handler: ({ actor, params }) => consents.list(actor, params.personId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/:personId/consents',
    summary: 'Record a consent (a child under 14: by one of her guardians)',
    tags,
    access: { permission: 'person.write' },
    params: PersonIdParams,
    body: ConsentInput,
    response: Consent,
    status: 201,
    handler: ({ actor, params, body }) => consents.record(actor, params.personId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/:personId/consents/:consentId/withdraw',
    summary: 'Withdraw a consent (who, when, why)',
    tags,
    access: { permission: 'person.write' },
    params: ConsentParams,
    body: WithdrawConsentInput,
    response: Consent,
    handler: ({ actor, params, body }) => consents.withdraw(actor, params.personId, params.consentId, body),
  });
}
