import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * 个人信息处理同意: one row per consent a person (or, for a child under 14, one of her guardians) gave for one
 * purpose — separate consent for sensitive data, a guardian's consent for a child, or another stated purpose. A
 * withdrawal closes the row (who, when, why); it is never deleted. Scoped like the person (docs/decisions/0016).
 */
export const personConsents = pgTable(
  'person_consents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    purpose: text('purpose').notNull(),
    /** The guardian who consented for the child, or null when the person consented herself. */
    guardianId: bigint('guardian_id', { mode: 'number' }),
    method: text('method').notNull(),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
    evidenceNote: text('evidence_note'),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: text('withdrawn_by'),
    withdrawalReason: text('withdrawal_reason'),
  },
  (t) => [
    index('person_consents_person_idx').on(t.personId),
    index('person_consents_active_idx')
      .on(t.personId)
      .where(sql`withdrawn_at is null`),
    index('person_consents_path_gist').using('gist', t.orgPath),
  ],
);
