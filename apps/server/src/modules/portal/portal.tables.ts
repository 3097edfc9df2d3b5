import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * 群众 (residents) of the public portal. Not registry persons: `person_id` is set only when a cadre confirmed who she
 * is. The phone is encrypted, found by keyed hash, shown masked. Her chosen village (`org_id`/`org_path`) decides the
 * catalogue she sees and which staff may read her account.
 */
export const residents = pgTable(
  'residents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    nickname: text('nickname'),
    orgId: bigint('org_id', { mode: 'number' }),
    orgPath: ltree('org_path'),
    districtId: bigint('district_id', { mode: 'number' }),
    personId: bigint('person_id', { mode: 'number' }),
    linkedBy: text('linked_by'),
    linkedAt: timestamp('linked_at', { withTimezone: true }),
    status: text('status').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('residents_phone_key').on(t.phoneHash),
    index('residents_path_gist').using('gist', t.orgPath),
    index('residents_person_idx')
      .on(t.personId)
      .where(sql`person_id is not null`),
  ],
);

/** Residents' sessions: a cookie of their own (`jinguo_resident`), never accepted by staff routes, nor theirs here. */
export const residentSessions = pgTable(
  'resident_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('resident_sessions_resident_idx').on(t.residentId)],
);

/** One-time sign-in codes: only a keyed hash of phone and code is kept; a code dies after a few wrong tries. */
export const residentLoginCodes = pgTable(
  'resident_login_codes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    phoneHash: text('phone_hash').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
  },
  (t) => [index('resident_login_codes_phone_idx').on(t.phoneHash, t.createdAt)],
);
