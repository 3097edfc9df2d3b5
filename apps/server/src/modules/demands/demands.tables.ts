import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/** The category dictionary (built-ins in the access migration); per-urgency deadline overrides as JSON. */
export const demandCategories = pgTable('demand_categories', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  builtin: boolean('builtin').notNull().default(false),
  deadlines: jsonb('deadlines').notNull().default({}),
  /**
   * Emergencies endangering life or property: hour-based deadlines run round the clock, not in office hours.
   */
  roundTheClock: boolean('round_the_clock').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 诉求: one row per demand, whatever its source. Owned by one org (`org_id`/`org_path`, large and scoped: carries the
 * distribution key `district_id`). The requester is a registry person, a portal resident, an anonymous asker (only the
 * hash of her tracking code is kept) or a name and phone taken down at intake (phone encrypted, masked, hashed).
 * Deadlines are absolute instants computed at intake from the working-day calendar; `next_escalation_at` is when the
 * sweeper must escalate next (null once answered or at the top level).
 */
export const demands = pgTable(
  'demands',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    source: text('source').notNull(),
    sourceRef: text('source_ref'),
    category: text('category').notNull(),
    urgency: text('urgency').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    personId: bigint('person_id', { mode: 'number' }),
    residentId: bigint('resident_id', { mode: 'number' }),
    requesterName: text('requester_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    contactPhoneHash: text('contact_phone_hash'),
    contactPhoneMasked: text('contact_phone_masked'),
    anonymous: boolean('anonymous').notNull().default(false),
    trackingHash: text('tracking_hash'),
    serviceItemId: bigint('service_item_id', { mode: 'number' }),
    preferredDate: date('preferred_date', { mode: 'string' }),
    visitId: bigint('visit_id', { mode: 'number' }),
    caseId: bigint('case_id', { mode: 'number' }),
    state: text('state').notNull().default('received'),
    route: text('route'),
    assigneeUserId: bigint('assignee_user_id', { mode: 'number' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    signDueAt: timestamp('sign_due_at', { withTimezone: true }).notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    feedbackDueAt: timestamp('feedback_due_at', { withTimezone: true }).notNull(),
    warnAt: timestamp('warn_at', { withTimezone: true }).notNull(),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    /**
     * The deadlines counted through a year whose holiday schedule is not loaded yet: recomputed (from `deadlines_from`)
     * when it is.
     */
    deadlinesProvisional: boolean('deadlines_provisional').notNull().default(false),
    /** Where the feedback deadline runs from when not the receipt: the last reopening or reassignment. */
    deadlinesFrom: timestamp('deadlines_from', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    escalationLevel: smallint('escalation_level').notNull().default(0),
    escalatedToOrgId: bigint('escalated_to_org_id', { mode: 'number' }),
    nextEscalationAt: timestamp('next_escalation_at', { withTimezone: true }),
    department: text('department'),
    departmentContact: text('department_contact'),
    departmentDueOn: date('department_due_on', { mode: 'string' }),
    departmentAnswer: text('department_answer'),
    departmentAnsweredAt: timestamp('department_answered_at', { withTimezone: true }),
    suggestion: text('suggestion'),
    suggestedAt: timestamp('suggested_at', { withTimezone: true }),
    suggestionHandedTo: text('suggestion_handed_to'),
    suggestionHandedAt: timestamp('suggestion_handed_at', { withTimezone: true }),
    reply: text('reply'),
    rating: text('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),
    createdByUserId: bigint('created_by_user_id', { mode: 'number' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('demands_path_gist').using('gist', t.orgPath),
    // the work queue of one org: its open demands by the deadline that comes first
    index('demands_org_open_idx')
      .on(t.orgId, t.feedbackDueAt, t.id)
      .where(
        sql`state in ('received','signed','dispatched','accepted','transferred','answered','suggested','reopened')`,
      ),
    index('demands_org_received_idx').on(t.orgId, t.receivedAt, t.id),
    // the subtree lists, newest first: a district's by its key, the city's by time alone
    index('demands_district_received_idx').on(t.districtId, t.receivedAt, t.id),
    index('demands_received_idx').on(t.receivedAt, t.id),
    index('demands_district_open_idx')
      .on(t.districtId, t.feedbackDueAt, t.id)
      .where(
        sql`state in ('received','signed','dispatched','accepted','transferred','answered','suggested','reopened')`,
      ),
    index('demands_open_due_idx')
      .on(t.feedbackDueAt, t.id)
      .where(
        sql`state in ('received','signed','dispatched','accepted','transferred','answered','suggested','reopened')`,
      ),
    index('demands_escalated_idx')
      .on(t.escalatedToOrgId, t.feedbackDueAt)
      .where(sql`escalated_to_org_id is not null`),
    index('demands_assignee_idx')
      .on(t.assigneeUserId, t.feedbackDueAt)
      .where(sql`assignee_user_id is not null`),
    index('demands_next_escalation_idx')
      .on(t.nextEscalationAt)
      .where(sql`next_escalation_at is not null`),
    index('demands_warn_idx')
      .on(t.warnAt)
      .where(
        sql`warned_at is null and state in ('received','signed','dispatched','accepted','transferred','answered','suggested','reopened')`,
      ),
    index('demands_person_idx')
      .on(t.personId)
      .where(sql`person_id is not null`),
    index('demands_resident_idx')
      .on(t.residentId, t.receivedAt)
      .where(sql`resident_id is not null`),
    uniqueIndex('demands_tracking_key')
      .on(t.trackingHash)
      .where(sql`tracking_hash is not null`),
    index('demands_service_week_idx')
      .on(t.serviceItemId, t.receivedAt)
      .where(sql`service_item_id is not null`),
    index('demands_visit_idx')
      .on(t.visitId)
      .where(sql`visit_id is not null`),
    index('demands_provisional_idx')
      .on(t.id)
      .where(
        sql`deadlines_provisional and state in ('received','signed','dispatched','accepted','transferred','answered','suggested','reopened')`,
      ),
    index('demands_suggested_idx')
      .on(t.suggestedAt)
      .where(sql`suggestion is not null`),
  ],
);

/** Every transition and 督办 act: who, when, why. `public` events show in the requester's progress on the portal. */
export const demandEvents = pgTable(
  'demand_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    demandId: bigint('demand_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKind: text('actor_kind').notNull(),
    actorUserId: bigint('actor_user_id', { mode: 'number' }),
    actorResidentId: bigint('actor_resident_id', { mode: 'number' }),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    note: text('note'),
    data: jsonb('data').notNull().default({}),
    public: boolean('public').notNull().default(false),
  },
  (t) => [
    index('demand_events_demand_idx').on(t.demandId, t.at),
    index('demand_events_path_gist').using('gist', t.orgPath),
  ],
);

/** 督办: each escalation of an overdue demand to the org above (level 1 the parent, level 2 the grandparent). */
export const demandEscalations = pgTable(
  'demand_escalations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    demandId: bigint('demand_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    level: smallint('level').notNull(),
    toOrgId: bigint('to_org_id', { mode: 'number' }).notNull(),
    missed: text('missed').notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('demand_escalations_demand_idx').on(t.demandId),
    index('demand_escalations_to_idx').on(t.toOrgId, t.at),
  ],
);

/** 服务清单: what an org offers residents to order, with opening hours and a weekly capacity. */
export const serviceItems = pgTable(
  'service_items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    category: text('category').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    provider: text('provider'),
    place: text('place'),
    openingHours: jsonb('opening_hours').notNull().default([]),
    weeklyCapacity: integer('weekly_capacity'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('service_items_org_idx').on(t.orgId, t.active),
    index('service_items_path_gist').using('gist', t.orgPath),
  ],
);

/**
 * 人大建议 / 政协提案: a suggestion carried by deputies or a proposal by CPPCC members — its number, body, date, reply
 * and status — with the demands whose collected suggestions it carries (`demand_ids`).
 */
export const deputyProposals = pgTable(
  'deputy_proposals',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    number: text('number'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    deputy: text('deputy'),
    submittedOn: date('submitted_on', { mode: 'string' }),
    status: text('status').notNull(),
    reply: text('reply'),
    replyOrg: text('reply_org'),
    repliedOn: date('replied_on', { mode: 'string' }),
    demandIds: bigint('demand_ids', { mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('deputy_proposals_path_gist').using('gist', t.orgPath),
    index('deputy_proposals_org_idx').on(t.orgId, t.createdAt),
  ],
);
