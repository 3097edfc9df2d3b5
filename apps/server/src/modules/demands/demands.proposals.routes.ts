import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  Proposal,
  ProposalIdParams,
  ProposalInput,
  ProposalQuery,
  ProposalTransitionInput,
  ProposalUpdate,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { DemandsModule } from './index.js';

const tags = ['demands 诉求'];
const read = { permission: 'demand.read' } as const;
const write = { permission: 'demand.write' } as const;

/** 人大建议 / 政协提案 records (demands.proposals.service.ts). */
export function registerProposalRoutes(app: FastifyInstance, auth: Authenticate, m: DemandsModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/demands/proposals',
    summary: '人大建议 / 政协提案 of the subtree (or of an org in it)',
    tags,
    access: read,
    query: ProposalQuery,
    response: z.object({ items: z.array(Proposal) }),
    handler: ({ actor, query }) => m.proposals.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/demands/proposals',
    summary: 'A new 人大建议 / 政协提案, carrying collected suggestions (they are marked as handed over)',
    tags,
    access: write,
    body: ProposalInput,
    status: 201,
    response: Proposal,
    handler: ({ actor, body }) => m.proposals.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/demands/proposals/:proposalId',
    summary: 'One 人大建议 / 政协提案',
    tags,
    access: read,
    params: ProposalIdParams,
    response: Proposal,
    handler: ({ actor, params }) => m.proposals.get(actor, params.proposalId),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/demands/proposals/:proposalId',
    summary: "Correct a proposal's title, body, deputy or number (version-checked)",
    tags,
    access: write,
    params: ProposalIdParams,
    body: ProposalUpdate,
    response: Proposal,
    handler: ({ actor, params, body }) => m.proposals.update(actor, params.proposalId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/demands/proposals/:proposalId/transitions',
    summary: 'Submitted (with its number and date), accepted or not, replied (with the reply)',
    tags,
    access: write,
    params: ProposalIdParams,
    body: ProposalTransitionInput,
    response: Proposal,
    handler: ({ actor, params, body }) => m.proposals.transition(actor, params.proposalId, body),
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: '/demands/proposals/:proposalId',
    summary: 'Delete a draft',
    tags,
    access: write,
    params: ProposalIdParams,
    status: 204,
    response: z.null(),
    handler: async ({ actor, params }) => {
      await m.proposals.remove(actor, params.proposalId);
      return null;
    },
  });
}
