import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AgencyKind,
  AgencyReferralView,
  Mediator,
  MediatorInput,
  PartnerAgency,
  ReferralDecision,
  ReferralInbox,
  ReferralInboxQuery,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { CasesModule } from './index.js';

const tags = ['cases 维权'];
const read = { permission: 'case.read' } as const;
const id = z.coerce.number().int().positive();
const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

/** The rosters: partner agencies and mediators (cases.rosters.service.ts). */
export function registerRosterRoutes(app: FastifyInstance, auth: Authenticate, m: CasesModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/cases/agencies',
    summary: 'Partner agencies serving an org',
    tags,
    access: { permissions: ['case.read', 'case.agencies.manage'] },
    query: z.object({ orgId: id.optional() }),
    response: items(PartnerAgency),
    handler: ({ actor, query }) => m.agency.listAgencies(actor, query.orgId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/agencies',
    summary: 'Add a partner agency',
    tags,
    access: { permission: 'case.agencies.manage' },
    body: z.strictObject({
      orgId: z.number().int().positive(),
      name: z.string().trim().min(2).max(60),
      kind: AgencyKind,
    }),
    status: 201,
    response: PartnerAgency,
    handler: ({ actor, body }) => m.agency.createAgency(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/cases/mediators',
    summary: 'The mediator roster',
    tags,
    access: read,
    response: items(Mediator),
    handler: ({ actor }) => m.agency.listMediators(actor),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/cases/mediators',
    summary: 'Add a mediator to the roster',
    tags,
    access: { permission: 'case.agencies.manage' },
    body: MediatorInput,
    status: 201,
    response: Mediator,
    handler: ({ actor, body }) => m.agency.createMediator(actor, body),
  });
}

/** The partner agency's side: its inbox of referrals and its answers (cases.referrals.service.ts). */
export function registerReferralRoutes(app: FastifyInstance, auth: Authenticate, m: CasesModule): void {
  const agencyTags = ['referrals 联动'];
  const respond = { permission: 'case.referral.respond' } as const;
  defineRoute(app, auth, {
    method: 'GET',
    url: '/referrals',
    summary: "The referrals sent to the user's partner agency",
    tags: agencyTags,
    access: respond,
    query: ReferralInboxQuery,
    response: ReferralInbox,
    handler: ({ actor, query }) => m.agency.inbox(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/referrals/:referralId',
    summary: 'One referral with what the case needs (audited)',
    tags: agencyTags,
    access: respond,
    params: z.object({ referralId: id }),
    response: AgencyReferralView,
    handler: ({ actor, params }) => m.agency.get(actor, params.referralId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/referrals/:referralId/respond',
    summary: 'Accept, decline, or report back (final: answered)',
    tags: agencyTags,
    access: respond,
    params: z.object({ referralId: id }),
    body: ReferralDecision,
    response: AgencyReferralView,
    handler: ({ actor, params, body }) => m.agency.respond(actor, params.referralId, body),
  });
}
