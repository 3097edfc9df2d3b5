import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ltree } from '../db/columns.js';

/**
 * Append-only audit trail (a trigger refuses UPDATE and DELETE; see migrations), chained by an HMAC under a key kept
 * outside the database (decision 0014): `seq` numbers the keyed chain without gaps; events written before migration
 * 0039 have none and are pinned by the seal event that starts the keyed chain.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    seq: bigint('seq', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    result: text('result').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    orgId: bigint('org_id', { mode: 'number' }),
    orgPath: ltree('org_path'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at),
    index('audit_events_actor_idx').on(t.actorName, t.id),
    index('audit_events_target_idx').on(t.targetType, t.targetId),
    index('audit_events_action_idx').on(t.action, t.id),
    uniqueIndex('audit_events_seq_idx').on(t.seq),
  ],
);
