import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * 三访 campaigns: launched by an org (`org_path`) for its subtree. Lower orgs read the campaigns of their ancestors
 * (the RLS policy admits both directions, as for organizations); `targets` holds the per-level plan.
 */
export const visitCampaigns = pgTable(
  'visit_campaigns',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    targets: jsonb('targets').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    createdByUserId: bigint('created_by_user_id', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('visit_campaigns_path_gist').using('gist', t.orgPath), index('visit_campaigns_dates_idx').on(t.endsOn)],
);

/**
 * A campaign's progress per org: `planned` is the org's own target (orgs of a targeted level), `planned_total` and
 * `done` its whole subtree. Rows exist for every org from the launching org down to the targeted levels, so progress of
 * any org or of each of its children is one indexed read; recording a visit adds 1 to `done` of its org's ancestors
 * (their ids are the labels of the visit's org path) in the same transaction. A reorganization re-paths the rows.
 */
export const campaignProgress = pgTable(
  'campaign_progress',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint('campaign_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    level: text('level'),
    planned: integer('planned').notNull().default(0),
    plannedTotal: integer('planned_total').notNull().default(0),
    done: integer('done').notNull().default(0),
  },
  (t) => [
    index('campaign_progress_campaign_org_idx').on(t.campaignId, t.orgId),
    index('campaign_progress_path_gist').using('gist', t.orgPath),
  ],
);

/**
 * 走访记录: one visit by one or more staff (`visitor_user_ids`), bound to the org it was made for. Large and scoped.
 * The situation found is free text; persons, families and orgs visited are rows of visit_subjects.
 */
export const visits = pgTable(
  'visits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    campaignId: bigint('campaign_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    visitorUserIds: bigint('visitor_user_ids', { mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    companions: text('companions'),
    situation: text('situation').notNull(),
    followUpOn: date('follow_up_on', { mode: 'string' }),
    createdByUserId: bigint('created_by_user_id', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('visits_path_gist').using('gist', t.orgPath),
    index('visits_org_date_idx').on(t.orgId, t.visitedOn, t.id),
    index('visits_district_date_idx').on(t.districtId, t.visitedOn, t.id),
    index('visits_campaign_org_idx')
      .on(t.campaignId, t.orgId)
      .where(sql`campaign_id is not null`),
    index('visits_visitors_gin').using('gin', t.visitorUserIds),
  ],
);

/** Who or what was visited: exactly one of person, family or org per row (separate columns, so merges move persons). */
export const visitSubjects = pgTable(
  'visit_subjects',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    visitId: bigint('visit_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    personId: bigint('person_id', { mode: 'number' }),
    familyId: bigint('family_id', { mode: 'number' }),
    subjectOrgId: bigint('subject_org_id', { mode: 'number' }),
  },
  (t) => [
    index('visit_subjects_visit_idx').on(t.visitId),
    index('visit_subjects_person_idx')
      .on(t.personId)
      .where(sql`person_id is not null`),
    index('visit_subjects_family_idx')
      .on(t.familyId)
      .where(sql`family_id is not null`),
  ],
);

/** Needs raised during a visit; `demand_id` once it entered the demand queue. */
export const visitNeeds = pgTable(
  'visit_needs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    visitId: bigint('visit_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    category: text('category').notNull(),
    urgency: text('urgency').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    demandId: bigint('demand_id', { mode: 'number' }),
  },
  (t) => [index('visit_needs_visit_idx').on(t.visitId)],
);
