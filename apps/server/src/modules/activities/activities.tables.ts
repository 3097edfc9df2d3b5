import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  numeric,
  pgTable,
  pgView,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * 活动: planned by an org (`org_path`) for its subtree, optionally at one of its spaces (`space_id`, organizations'
 * org_spaces). `starts_on` is the China date of `starts_at`: the day its figures belong to and the list's sort key.
 * `registered` and `attended` are kept by the writes that change them (one row lock, no count on read).
 */
export const activities = pgTable(
  'activities',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    topic: text('topic').notNull().default(''),
    audience: text('audience').notNull().default(''),
    spaceId: bigint('space_id', { mode: 'number' }),
    /** The space's name when planned (lists and the public page show it without reading organizations). */
    spaceName: text('space_name'),
    address: text('address'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    capacity: integer('capacity'),
    organiser: text('organiser').notNull(),
    speakers: text('speakers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    speakerPersonIds: bigint('speaker_person_ids', { mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    partnerOrgIds: bigint('partner_org_ids', { mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    partners: text('partners').notNull().default(''),
    budgetYuan: numeric('budget_yuan', { mode: 'number' }),
    hours: numeric('hours', { mode: 'number' }),
    credits: numeric('credits', { mode: 'number' }),
    postsOffered: integer('posts_offered'),
    status: text('status').notNull().default('planned'),
    registered: integer('registered').notNull().default(0),
    attended: integer('attended').notNull().default(0),
    extraReached: integer('extra_reached').notNull().default(0),
    summary: text('summary'),
    cancelReason: text('cancel_reason'),
    heldAt: timestamp('held_at', { withTimezone: true }),
    summarisedAt: timestamp('summarised_at', { withTimezone: true }),
    createdByUserId: bigint('created_by_user_id', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('activities_path_gist').using('gist', t.orgPath),
    index('activities_org_date_idx').on(t.orgId, t.startsOn, t.id),
    index('activities_district_date_idx').on(t.districtId, t.startsOn, t.id),
    // The city's list, newest first: without it a city-wide page sorted all 300,000 activities (143 ms at scale 1).
    index('activities_date_idx').on(t.startsOn, t.id),
    index('activities_space_idx')
      .on(t.spaceId, t.startsOn)
      .where(sql`space_id is not null`),
    index('activities_speakers_gin').using('gin', t.speakerPersonIds),
  ],
);

/** 报名: one per phone and activity; by the resident herself on /h5 or by a cadre. The phone is encrypted. */
export const activityRegistrations = pgTable(
  'activity_registrations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    activityId: bigint('activity_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    residentId: bigint('resident_id', { mode: 'number' }),
    personId: bigint('person_id', { mode: 'number' }),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    source: text('source').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('activity_registrations_phone_key').on(t.activityId, t.phoneHash)],
);

/**
 * 签到: one per phone and activity (a second check-in finds the first). `person_id` links her registry record when
 * one is known (the resident's linked person, or the registry person with that phone in the activity's district).
 */
export const activityAttendance = pgTable(
  'activity_attendance',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    activityId: bigint('activity_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    residentId: bigint('resident_id', { mode: 'number' }),
    personId: bigint('person_id', { mode: 'number' }),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    source: text('source').notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('activity_attendance_phone_key').on(t.activityId, t.phoneHash),
    index('activity_attendance_activity_idx').on(t.activityId, t.id),
    index('activity_attendance_person_idx')
      .on(t.personId)
      .where(sql`person_id is not null`),
  ],
);

/** Trainings a person took outside the platform's activities (领头雁 courses of the city, party school …). */
export const trainingRecords = pgTable(
  'training_records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    title: text('title').notNull(),
    provider: text('provider').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    hours: numeric('hours', { mode: 'number' }),
    credits: numeric('credits', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('training_records_person_idx').on(t.personId, t.heldOn)],
);

/**
 * Published read model (migration 0026): the activities held at each space, for the organizations module's coverage
 * (an active space had one in the last 12 months). Security invoker: the reader's row-level security applies.
 */
export const spaceActivities = pgView('space_activities', {
  spaceId: bigint('space_id', { mode: 'number' }).notNull(),
  path: ltree('path').notNull(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  kind: text('kind').notNull(),
}).existing();
