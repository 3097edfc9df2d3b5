import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  RetentionPolicy,
  RetentionPolicyInput,
  RetentionRun,
  RetentionRunParams,
  RetentionTypeParams,
} from '@jinguo/contracts';
import { AppError } from '../errors.js';
import { defineRoute, type Authenticate } from '../http/route.js';
import type { UserActor } from '../scope.js';
import type { Retention } from './retention.service.js';

const tags = ['retention 保存期限'];
const access = { permission: 'retention.manage' } as const;

/**
 * Retention spans the whole platform: only an admin acting at the top of the hierarchy reaches it; anyone else with
 * the permission finds nothing here (404), as for any record outside her subtree.
 */
function requireWholePlatform(actor: UserActor): void {
  if (actor.scope.path.includes('.')) throw new AppError('NOT_FOUND');
}

/** Retention policies, dry-run reports and confirming one (system admin; counts and record ids only). */
export function registerRetentionRoutes(app: FastifyInstance, auth: Authenticate, retention: Retention): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/retention/policies',
    summary: 'Purpose and retention period per record type',
    tags,
    access,
    response: z.object({ items: z.array(RetentionPolicy) }),
    handler: async ({ actor }) => (requireWholePlatform(actor), { items: await retention.policies() }),
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/retention/policies/:recordType',
    summary: "Change a record type's purpose, period or whether it applies (audited)",
    tags,
    access,
    params: RetentionTypeParams,
    body: RetentionPolicyInput,
    response: RetentionPolicy,
    handler: ({ actor, params, body }) => (
      requireWholePlatform(actor),
      retention.updatePolicy(actor, params.recordType, body)
    ),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/retention/runs',
    summary: 'Recent dry-run reports and runs, newest first',
    tags,
    access,
    response: z.object({ items: z.array(RetentionRun) }),
    handler: async ({ actor }) => (requireWholePlatform(actor), { items: await retention.runs() }),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/retention/runs/:runId',
    summary: 'One report or run',
    tags,
    access,
    params: RetentionRunParams,
    response: RetentionRun,
    handler: ({ actor, params }) => (requireWholePlatform(actor), retention.run(params.runId)),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/retention/runs',
    summary: 'A dry run now: what would be anonymised or deleted (stored, nothing changes)',
    tags,
    access,
    response: RetentionRun,
    status: 201,
    handler: ({ actor }) => (requireWholePlatform(actor), retention.dryRun(actor)),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/retention/runs/:runId/apply',
    summary: 'Carry out a dry-run report: its records still due, each anonymised or deleted and audited',
    tags,
    access,
    params: RetentionRunParams,
    response: RetentionRun,
    status: 201,
    handler: ({ actor, params }) => (requireWholePlatform(actor), retention.apply(actor, params.runId)),
  });
}
