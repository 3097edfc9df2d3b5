import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * 爱心妈妈: a volunteer or cadre paired with a child of the registry, bound to the child's home org (the pairing's
 * scope). `last_contact_on` is kept with each contact so the overdue list is one indexed read. Her phone is ciphertext.
 */
export const carePairings = pgTable(
  'care_pairings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    childPersonId: bigint('child_person_id', { mode: 'number' }).notNull(),
    motherKind: text('mother_kind').notNull(),
    motherName: text('mother_name').notNull(),
    motherPhoneEnc: text('mother_phone_enc'),
    motherPhoneMasked: text('mother_phone_masked'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    contactEveryDays: integer('contact_every_days').notNull(),
    note: text('note').notNull().default(''),
    state: text('state').notNull().default('active'),
    endedOn: date('ended_on', { mode: 'string' }),
    endedReason: text('ended_reason'),
    lastContactOn: date('last_contact_on', { mode: 'string' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('care_pairings_path_gist').using('gist', t.orgPath),
    index('care_pairings_child_idx').on(t.childPersonId),
    index('care_pairings_active_idx')
      .on(t.lastContactOn)
      .where(sql`state = 'active'`),
  ],
);

/** A contact of the pairing: when, how, what happened. */
export const carePairingContacts = pgTable(
  'care_pairing_contacts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    pairingId: bigint('pairing_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    contactedOn: date('contacted_on', { mode: 'string' }).notNull(),
    way: text('way').notNull(),
    note: text('note').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('care_pairing_contacts_pairing_idx').on(t.pairingId),
    index('care_pairing_contacts_path_gist').using('gist', t.orgPath),
  ],
);

/**
 * 微心愿: a wish for a registry person (by a cadre) or a resident's own (from /h5), bound to the org of the person or of
 * the resident's village. `public_name` (masked) and `district_name` are fixed at publication: the public page reads
 * nothing else about the person. Amounts in fen; the donor's phone is ciphertext. The donor is a staff account
 * (`donor_user_id`), a resident who claimed it on /h5 (`donor_resident_id`) or an outside donor a cadre recorded.
 * Its proofs are platform files (owner `care_wish`), never readable by the portal role. A claim holds until
 * `claim_deadline` (its last day; `claim_days` after the claim at most); the donor is reminded once on
 * `claim_remind_on`, and a claim still open after its last day lapses (care-programs.jobs.ts).
 */
export const careWishes = pgTable(
  'care_wishes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    personId: bigint('person_id', { mode: 'number' }),
    residentId: bigint('resident_id', { mode: 'number' }),
    source: text('source').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    state: text('state').notNull(),
    publicName: text('public_name').notNull(),
    districtName: text('district_name').notNull().default(''),
    reviewedBy: text('reviewed_by'),
    reviewNote: text('review_note'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    donorKind: text('donor_kind'),
    donorUserId: bigint('donor_user_id', { mode: 'number' }),
    donorResidentId: bigint('donor_resident_id', { mode: 'number' }),
    donorName: text('donor_name'),
    donorPhoneEnc: text('donor_phone_enc'),
    donorPhoneMasked: text('donor_phone_masked'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    claimDays: integer('claim_days').notNull().default(14),
    claimDeadline: date('claim_deadline', { mode: 'string' }),
    claimRemindOn: date('claim_remind_on', { mode: 'string' }),
    claimRemindedAt: timestamp('claim_reminded_at', { withTimezone: true }),
    fulfilledOn: date('fulfilled_on', { mode: 'string' }),
    fulfilmentNote: text('fulfilment_note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('care_wishes_path_gist').using('gist', t.orgPath),
    index('care_wishes_person_idx').on(t.personId),
    index('care_wishes_resident_idx').on(t.residentId),
    index('care_wishes_donor_resident_idx')
      .on(t.donorResidentId)
      .where(sql`donor_resident_id is not null`),
    index('care_wishes_public_idx')
      .on(t.publishedAt)
      .where(sql`state in ('published', 'claimed', 'fulfilled')`),
    index('care_wishes_claim_deadline_idx')
      .on(t.claimDeadline)
      .where(sql`state = 'claimed'`),
    index('care_wishes_claim_remind_idx')
      .on(t.claimRemindOn)
      .where(sql`state = 'claimed' and claim_reminded_at is null`),
  ],
);

/**
 * A wish's past claims: given up by the donor (`released`) or lapsed past the deadline (`expired`, by the job). The
 * wish's own columns hold its current claim only; this keeps who held it before, when, until when, and how it ended.
 * The donor's phone is kept masked only (the cadre reached her while the claim was hers).
 */
export const careWishClaims = pgTable(
  'care_wish_claims',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    wishId: bigint('wish_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    donorKind: text('donor_kind').notNull(),
    donorUserId: bigint('donor_user_id', { mode: 'number' }),
    donorResidentId: bigint('donor_resident_id', { mode: 'number' }),
    donorName: text('donor_name').notNull(),
    donorPhoneMasked: text('donor_phone_masked'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    deadline: date('deadline', { mode: 'string' }),
    outcome: text('outcome').notNull(),
    endedOn: date('ended_on', { mode: 'string' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull().defaultNow(),
    endedBy: text('ended_by').notNull(),
  },
  (t) => [
    index('care_wish_claims_wish_idx').on(t.wishId),
    index('care_wish_claims_path_gist').using('gist', t.orgPath),
  ],
);
