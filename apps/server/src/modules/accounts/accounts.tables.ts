import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 授权审批: a role that reads personal data or cases, asked for by the system admin, takes effect only when the
 * security officer approves it (三员分立). One pending grant per user at a time; decided grants stay as the record.
 * Scoped through the user it is for (row-level security: the grant is visible when its user is).
 */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    /** The roles asked for, added to the user's roles on approval. */
    roles: text('roles').array().notNull(),
    status: text('status').$type<'pending' | 'approved' | 'refused' | 'withdrawn'>().notNull().default('pending'),
    requestedBy: bigint('requested_by', { mode: 'number' }).notNull(),
    requestedByName: text('requested_by_name').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: bigint('decided_by', { mode: 'number' }),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('role_grants_one_pending')
      .on(t.userId)
      .where(sql`status = 'pending'`),
    index('role_grants_status_idx').on(t.status, t.id),
  ],
);
