import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * 关爱项目: a program run by an org (usually the city) for its subtree. Its rules are data: eligibility, benefit,
 * period rule, materials and review chain are JSON the admin edits, checked by the server (care-programs.policy.ts).
 * Lower orgs read the programs of their ancestors (RLS both directions, as for 三访 campaigns). Amounts in fen.
 */
export const carePrograms = pgTable(
  'care_programs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull().default(''),
    eligibility: jsonb('eligibility').notNull(),
    benefit: jsonb('benefit').notNull(),
    period: text('period').notNull(),
    materials: jsonb('materials').notNull(),
    reviewChain: jsonb('review_chain').notNull(),
    paymentLevels: text('payment_levels').array().notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    state: text('state').notNull().default('open'),
    version: integer('version').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('care_programs_code_key').on(t.code), index('care_programs_path_gist').using('gist', t.orgPath)],
);

/**
 * A program's quota and budget for one district, with what is used: approvals take a place (and their amount) in the
 * transaction that approves, payments add what was paid. Rows are locked while an approval checks them.
 */
export const careQuotas = pgTable(
  'care_quotas',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    programId: bigint('program_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    quota: integer('quota').notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }),
    approvedCount: integer('approved_count').notNull().default(0),
    approvedFen: bigint('approved_fen', { mode: 'number' }).notNull().default(0),
    paidCount: integer('paid_count').notNull().default(0),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    uniqueIndex('care_quotas_program_org_key').on(t.programId, t.orgId),
    index('care_quotas_path_gist').using('gist', t.orgPath),
  ],
);

/**
 * An application for one person, bound to her household's org (her home org in the registry). The civil-affairs
 * category, the diagnosis and the bank account are AES-256-GCM ciphertext (`*_enc`), shown masked. `step_levels` are
 * the org levels that may act at the current step (the review queue's index). One live application per person,
 * program and period unless overridden (the partial unique index).
 */
export const careApplications = pgTable(
  'care_applications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    programId: bigint('program_id', { mode: 'number' }).notNull(),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    state: text('state').notNull(),
    step: integer('step').notNull().default(0),
    stepLevels: text('step_levels').array().notNull(),
    stepDeadline: timestamp('step_deadline', { withTimezone: true }),
    periodKey: text('period_key').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    civilCategoryEnc: text('civil_category_enc'),
    diagnosisEnc: text('diagnosis_enc'),
    bankAccountEnc: text('bank_account_enc'),
    bankAccountMasked: text('bank_account_masked'),
    note: text('note').notNull().default(''),
    reason: text('reason'),
    overrideReason: text('override_reason'),
    source: text('source').notNull(),
    residentId: bigint('resident_id', { mode: 'number' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    version: integer('version').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('care_applications_path_gist').using('gist', t.orgPath),
    index('care_applications_queue_idx')
      .on(t.stepDeadline, t.id)
      .where(sql`state = 'in_review'`),
    index('care_applications_person_idx').on(t.personId, t.programId),
    index('care_applications_program_idx').on(t.programId, t.state, t.districtId),
    index('care_applications_resident_idx')
      .on(t.residentId)
      .where(sql`resident_id is not null`),
    uniqueIndex('care_applications_once_key')
      .on(t.programId, t.personId, t.periodKey)
      .where(sql`state not in ('refused', 'withdrawn') and override_reason is null`),
  ],
);

/** Every act on an application: submit, opinions with the agencies consulted, pass, return, refuse, pay, override. */
export const careReviews = pgTable(
  'care_reviews',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    applicationId: bigint('application_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    step: integer('step').notNull(),
    action: text('action').notNull(),
    opinion: text('opinion').notNull().default(''),
    consultations: jsonb('consultations')
      .notNull()
      .default(sql`'[]'::jsonb`),
    byUserId: bigint('by_user_id', { mode: 'number' }),
    byName: text('by_name').notNull(),
    byOrgId: bigint('by_org_id', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('care_reviews_application_idx').on(t.applicationId, t.id)],
);

/** Which uploaded file (platform stored_files, owner `care_application`) is which required material. */
export const careMaterials = pgTable(
  'care_materials',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    applicationId: bigint('application_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    code: text('code').notNull(),
    fileId: bigint('file_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    size: integer('size').notNull(),
  },
  (t) => [index('care_materials_application_idx').on(t.applicationId)],
);

/** 发放: money or goods given to a person, for an application or a parcel delivery; the beneficiary lists read it. */
export const careDisbursements = pgTable(
  'care_disbursements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    programId: bigint('program_id', { mode: 'number' }).notNull(),
    applicationId: bigint('application_id', { mode: 'number' }),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    channel: text('channel').notNull(),
    reference: text('reference').notNull(),
    proofFileId: bigint('proof_file_id', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('care_disbursements_path_gist').using('gist', t.orgPath),
    index('care_disbursements_program_date_idx').on(t.programId, t.paidOn, t.id),
    index('care_disbursements_district_date_idx').on(t.districtId, t.paidOn),
    index('care_disbursements_person_idx').on(t.personId),
    uniqueIndex('care_disbursements_application_key')
      .on(t.applicationId)
      .where(sql`application_id is not null`),
  ],
);

/** 母亲邮包 batches: a tier (100 or 200 yuan) and a quantity, bought by an org for its subtree. */
export const careParcelBatches = pgTable(
  'care_parcel_batches',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    programId: bigint('program_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    name: text('name').notNull(),
    tier: integer('tier').notNull(),
    quantity: integer('quantity').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('care_parcel_batches_path_gist').using('gist', t.orgPath)],
);

/**
 * A batch's parcels held by one org: the root allocation is the buying org's; each org passes parcels down to its
 * children (`allocated_down`) or delivers them (`delivered`). Rows are locked while parcels leave them.
 */
export const careParcelAllocations = pgTable(
  'care_parcel_allocations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    parentId: bigint('parent_id', { mode: 'number' }),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    quantity: integer('quantity').notNull(),
    allocatedDown: integer('allocated_down').notNull().default(0),
    delivered: integer('delivered').notNull().default(0),
    feedback: integer('feedback').notNull().default(0),
  },
  (t) => [
    uniqueIndex('care_parcel_allocations_batch_org_key').on(t.batchId, t.orgId),
    index('care_parcel_allocations_path_gist').using('gist', t.orgPath),
  ],
);

/** One parcel handed to a verified mother, and the 回音卡 (feedback card) she returned. */
export const careParcelDeliveries = pgTable(
  'care_parcel_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    allocationId: bigint('allocation_id', { mode: 'number' }).notNull(),
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    deliveredOn: date('delivered_on', { mode: 'string' }).notNull(),
    verifiedBy: text('verified_by').notNull(),
    feedbackOn: date('feedback_on', { mode: 'string' }),
    feedbackSatisfaction: text('feedback_satisfaction'),
    feedbackMessage: text('feedback_message'),
  },
  (t) => [
    uniqueIndex('care_parcel_deliveries_batch_person_key').on(t.batchId, t.personId),
    index('care_parcel_deliveries_allocation_idx').on(t.allocationId),
    index('care_parcel_deliveries_path_gist').using('gist', t.orgPath),
  ],
);

/** 节日慰问: a list of women built from registry tags at an org, and who was greeted. */
export const careGreetingLists = pgTable(
  'care_greeting_lists',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    programId: bigint('program_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    name: text('name').notNull(),
    festival: text('festival').notNull(),
    tagsAny: text('tags_any').array().notNull(),
    greetOn: date('greet_on', { mode: 'string' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('care_greeting_lists_path_gist').using('gist', t.orgPath)],
);

export const careGreetingEntries = pgTable(
  'care_greeting_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    listId: bigint('list_id', { mode: 'number' }).notNull(),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    greetedAt: timestamp('greeted_at', { withTimezone: true }),
    greetedBy: text('greeted_by'),
  },
  (t) => [
    uniqueIndex('care_greeting_entries_list_person_key').on(t.listId, t.personId),
    index('care_greeting_entries_path_gist').using('gist', t.orgPath),
  ],
);
