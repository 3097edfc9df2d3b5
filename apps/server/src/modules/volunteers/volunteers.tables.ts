import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/** 巾帼志愿服务队 and 巾帼宣讲队 (`kind` volunteer | talk): teams of an org, scoped by its path. */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    foundedOn: date('founded_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('active'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('volunteer_teams_path_gist').using('gist', t.orgPath), index('volunteer_teams_org_idx').on(t.orgId)],
);

/**
 * A volunteer: a registry person (one record per person, `person_id` unique) registered at an org, with her staff
 * account of the volunteer role when she has one (`user_id`). Her name and ID number are read from person_directory.
 */
export const volunteers = pgTable(
  'volunteers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    userId: bigint('user_id', { mode: 'number' }),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    availability: text('availability')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('active'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('volunteers_path_gist').using('gist', t.orgPath),
    index('volunteers_org_idx').on(t.orgId, t.id),
    uniqueIndex('volunteers_person_key').on(t.personId),
    uniqueIndex('volunteers_user_key')
      .on(t.userId)
      .where(sql`user_id is not null`),
    index('volunteers_skills_gin').using('gin', t.skills),
  ],
);

/** Membership of a volunteer in a team (a volunteer may serve in a 志愿服务队 and a 宣讲队 alike). */
export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    teamId: bigint('team_id', { mode: 'number' }).notNull(),
    volunteerId: bigint('volunteer_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('volunteer_team_members_key').on(t.teamId, t.volunteerId),
    index('volunteer_team_members_volunteer_idx').on(t.volunteerId),
  ],
);

/**
 * The hours ledger: one row per service, at the org that counts it, from a service order (`source` demand, `source_id`
 * the demand), a call-up (the invitee row), an activity (its attendance row) or recorded by hand (`other`). Minutes,
 * so figures add up exactly; a source counts once per volunteer (unique key).
 */
export const volunteerHours = pgTable(
  'volunteer_hours',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    volunteerId: bigint('volunteer_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    servedOn: date('served_on', { mode: 'string' }).notNull(),
    minutes: integer('minutes').notNull(),
    source: text('source').notNull(),
    sourceId: bigint('source_id', { mode: 'number' }),
    note: text('note').notNull().default(''),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_hours_path_gist').using('gist', t.orgPath),
    index('volunteer_hours_volunteer_idx').on(t.volunteerId, t.servedOn),
    index('volunteer_hours_district_day_idx').on(t.districtId, t.servedOn, t.id),
    uniqueIndex('volunteer_hours_source_key')
      .on(t.source, t.sourceId, t.volunteerId)
      .where(sql`source_id is not null`),
  ],
);

/** 动员/下沉: an org asks for `needed` people at a place and time; open → closed (attendance recorded) | cancelled. */
export const callUps = pgTable(
  'call_ups',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    place: text('place').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    needed: integer('needed').notNull(),
    state: text('state').notNull().default('open'),
    createdByUserId: bigint('created_by_user_id', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('call_ups_path_gist').using('gist', t.orgPath), index('call_ups_org_idx').on(t.orgId, t.startsAt)],
);

/** Who was asked: a volunteer (with or without an account) or a staff user (执委, a group leader); their answer. */
export const callUpInvitees = pgTable(
  'call_up_invitees',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    callUpId: bigint('call_up_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    volunteerId: bigint('volunteer_id', { mode: 'number' }),
    userId: bigint('user_id', { mode: 'number' }),
    name: text('name').notNull(),
    response: text('response').notNull().default('pending'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    attended: boolean('attended'),
    minutes: integer('minutes'),
  },
  (t) => [
    index('call_up_invitees_call_up_idx').on(t.callUpId),
    index('call_up_invitees_user_idx')
      .on(t.userId)
      .where(sql`user_id is not null`),
    uniqueIndex('call_up_invitees_volunteer_key')
      .on(t.callUpId, t.volunteerId)
      .where(sql`volunteer_id is not null`),
    uniqueIndex('call_up_invitees_user_key')
      .on(t.callUpId, t.userId)
      .where(sql`user_id is not null`),
  ],
);
