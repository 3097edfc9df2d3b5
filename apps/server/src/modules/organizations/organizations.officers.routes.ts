import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  EndOfficerInput,
  Officer,
  OfficerIdParams,
  OfficerInput,
  OrgIdParams,
  Term,
  TermIdParams,
  TermInput,
  TermTransitionInput,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { OrganizationsModule } from './index.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['organizations 组织'];

/** Officers of an organization and its terms (换届). */
export function registerOfficerRoutes(app: FastifyInstance, auth: Authenticate, m: OrganizationsModule): void {
  const read = { permission: 'org.read' } as const;
  const officers = { permission: 'org.officers.write' } as const;

  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId/officers',
    summary: 'Officers and 执委',
    tags,
    access: read,
    params: OrgIdParams,
    response: items(Officer),
    handler: ({ actor, params }) => m.officers.listOfficers(actor, params.orgId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/officers',
    summary: 'Appoint an officer',
    tags,
    access: officers,
    params: OrgIdParams,
    body: OfficerInput,
    status: 201,
    response: Officer,
    handler: ({ actor, params, body }) => m.officers.addOfficer(actor, params.orgId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/officers/:officerId/end',
    summary: 'End an appointment',
    tags,
    access: officers,
    params: OfficerIdParams,
    body: EndOfficerInput,
    response: Officer,
    handler: ({ actor, params, body }) => m.officers.endOfficer(actor, params.officerId, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId/terms',
    summary: 'Terms 届 and elections',
    tags,
    access: read,
    params: OrgIdParams,
    response: items(Term),
    handler: ({ actor, params }) => m.officers.listTerms(actor, params.orgId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/terms',
    summary: 'Plan a term',
    tags,
    access: officers,
    params: OrgIdParams,
    body: TermInput,
    status: 201,
    response: Term,
    handler: ({ actor, params, body }) => m.officers.createTerm(actor, params.orgId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/terms/:termId/transition',
    summary: 'Move an election to its next state',
    tags,
    access: officers,
    params: TermIdParams,
    body: TermTransitionInput,
    response: Term,
    handler: ({ actor, params, body }) => m.officers.transitionTerm(actor, params.termId, body),
  });
}
