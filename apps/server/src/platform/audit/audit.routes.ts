import type { FastifyInstance } from 'fastify';
import { AuditEvent, AuditQuery, AuditVerification, pageOf } from '@jinguo/contracts';
import type { DbHandle } from '../db/client.js';
import { defineRoute, type Authenticate } from '../http/route.js';
import { runScoped } from '../scope.js';
import { appendAudit, searchAudit, type AuditTrail } from './audit.service.js';

const tags = ['audit 审计'];

/** The auditor's window on the trail. Reading it is itself audited. */
export function registerAuditRoutes(
  app: FastifyInstance,
  auth: Authenticate,
  handle: DbHandle,
  trail: AuditTrail,
): void {
  const access = { permission: 'audit.read' } as const;
  defineRoute(app, auth, {
    method: 'GET',
    url: '/audit/events',
    summary: 'Search the audit trail',
    tags,
    access,
    query: AuditQuery,
    response: pageOf(AuditEvent),
    handler: ({ actor, query }) =>
      runScoped(handle, actor, async (s) => {
        const page = await searchAudit(s.tx, query, s.scopePath);
        await appendAudit(s.tx, actor, {
          action: 'audit.search',
          targetType: 'audit_events',
          after: { filters: { ...query, cursor: undefined }, returned: page.items.length },
        });
        return page;
      }),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/audit/verify',
    summary: 'Verify the keyed hash chain against its signed checkpoints',
    tags,
    access,
    response: AuditVerification,
    handler: async ({ actor }) => {
      const result = await trail.verify();
      await runScoped(handle, actor, (s) =>
        appendAudit(s.tx, actor, {
          action: 'audit.verify',
          targetType: 'audit_events',
          result: result.ok ? 'success' : 'failure',
          after: result,
        }),
      );
      return result;
    },
  });
}
