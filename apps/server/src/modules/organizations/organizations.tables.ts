import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  pgView,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * The organization network: a reference table (small, read everywhere). Its `path` is an ltree of ids from the
 * root, so "everything in this subtree" is `path <@ $scope` on a GiST index. `district_id` is the level-2
 * ancestor: the distribution key that every large scoped table copies (docs/decisions/0003).
 */
export const organizations = pgTable(
  'organizations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    type: text('type').notNull(),
    status: text('status').notNull().default('active'),
    parentId: bigint('parent_id', { mode: 'number' }),
    path: ltree('path').notNull(),
    depth: integer('depth').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    divisionCode: text('division_code'),
    address: text('address'),
    contactName: text('contact_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    foundedOn: date('founded_on', { mode: 'string' }),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    mergedIntoId: bigint('merged_into_id', { mode: 'number' }),
    /** For a mobile federation (流动妇联): where its members work, e.g. 上海市 / 上海市 (as written; see host_codes). */
    hostProvince: text('host_province'),
    hostCity: text('host_city'),
    /**
     * A mobile federation's catchment: place codes (platform/places); a woman whose current place code begins with one
     * of them is its member (31 takes 310115 浦东新区). Migration 0041.
     */
    hostCodes: text('host_codes').array(),
    /**
     * Office hours on working days (hour-based deadlines count only this time); null: as the nearest org above that
     * sets them, else 09:00–12:00 and 14:00–17:30.
     */
    officeHours: jsonb('office_hours').$type<{ from: string; to: string }[]>(),
    namePinyin: text('name_pinyin').notNull().default(''),
    nameInitials: text('name_initials').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organizations_code_key').on(t.code),
    index('organizations_path_gist').using('gist', t.path),
    index('organizations_parent_idx').on(t.parentId, t.name),
    index('organizations_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('organizations_initials_idx').on(sql`${t.nameInitials} text_pattern_ops`),
    index('organizations_pinyin_idx').on(sql`${t.namePinyin} text_pattern_ops`),
    // the mobile federations (a handful among 89,000 orgs), read at every migrant woman's save to match her place
    index('organizations_mobile_idx')
      .on(t.parentId)
      .where(sql`type = 'mobile_federation'`),
    // the active villages (11,000 of 89,000 at scale 1): coverage counts those with a founded federation
    index('organizations_villages_gist')
      .using('gist', t.path)
      .where(sql`type = 'village_federation' and status = 'active'`),
  ],
);

/** One row per period during which an organization had a given name, code, type, status and parent. */
export const organizationVersions = pgTable(
  'organization_versions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    code: text('code').notNull(),
    type: text('type').notNull(),
    status: text('status').notNull(),
    parentId: bigint('parent_id', { mode: 'number' }),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    reorganizationId: bigint('reorganization_id', { mode: 'number' }),
  },
  (t) => [
    index('organization_versions_org_idx').on(t.orgId, t.validFrom),
    index('organization_versions_parent_idx').on(t.parentId, t.validFrom),
  ],
);

/** A recorded change of structure: who changed what, effective when, and why. */
export const reorganizations = pgTable(
  'reorganizations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    summary: text('summary').notNull(),
    details: jsonb('details').notNull().default({}),
    orgIds: bigint('org_ids', { mode: 'number' }).array().notNull(),
    orgPath: ltree('org_path').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reorganizations_path_gist').using('gist', t.orgPath),
    index('reorganizations_org_ids_gin').using('gin', t.orgIds),
  ],
);

/** 阵地: physical service spaces of an organization. */
export const orgSpaces = pgTable(
  'org_spaces',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    type: text('type').notNull(),
    name: text('name').notNull(),
    address: text('address'),
    openingHours: text('opening_hours'),
    services: text('services')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    areaSqm: numeric('area_sqm', { mode: 'number' }),
    openedOn: date('opened_on', { mode: 'string' }),
    activityCount: integer('activity_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('org_spaces_path_gist').using('gist', t.orgPath), index('org_spaces_org_idx').on(t.orgId)],
);

/** 主席、副主席、执委 with their terms of office. */
export const orgOfficers = pgTable(
  'org_officers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    termId: bigint('term_id', { mode: 'number' }),
    name: text('name').notNull(),
    position: text('position').notNull(),
    phoneEnc: text('phone_enc'),
    isPartTime: boolean('is_part_time').notNull().default(true),
    contactPoint: text('contact_point'),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    endReason: text('end_reason'),
    changeKind: text('change_kind').notNull().default('elected'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('org_officers_path_gist').using('gist', t.orgPath), index('org_officers_org_idx').on(t.orgId)],
);

/** 届: a term of a federation's committee, from election planning to filing with the level above. */
export const orgTerms = pgTable(
  'org_terms',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    number: integer('number').notNull(),
    state: text('state').notNull(),
    startsOn: date('starts_on', { mode: 'string' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    isCurrent: boolean('is_current').notNull().default(true),
    history: jsonb('history').notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('org_terms_path_gist').using('gist', t.orgPath),
    uniqueIndex('org_terms_org_number_key').on(t.orgId, t.number),
    index('org_terms_due_idx')
      .on(t.dueOn)
      .where(sql`is_current`),
    // current terms waiting for the next election (coverage's overdue count: 1,267 of 12,301 at the city)
    index('org_terms_overdue_idx')
      .on(t.dueOn)
      .where(sql`is_current and state in ('elected', 'filed')`),
  ],
);

/**
 * The directory of orgs other modules join (names, types, paths, parents, districts): a read-only view over
 * `organizations` that this module publishes (migration 0024), so no other module reads the table itself. The view
 * is security-invoker: the reader's row-level security applies through it.
 */
export const orgDirectory = pgView('org_directory', {
  id: bigint('id', { mode: 'number' }).notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  shortName: text('short_name'),
  type: text('type').notNull(),
  status: text('status').notNull(),
  parentId: bigint('parent_id', { mode: 'number' }),
  path: ltree('path').notNull(),
  depth: integer('depth').notNull(),
  districtId: bigint('district_id', { mode: 'number' }),
  divisionCode: text('division_code'),
  hostProvince: text('host_province'),
  hostCity: text('host_city'),
  namePinyin: text('name_pinyin').notNull(),
  nameInitials: text('name_initials').notNull(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validTo: date('valid_to', { mode: 'string' }),
  mergedIntoId: bigint('merged_into_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  /** Its own office hours, null when it goes by the org above (migration 0038). */
  officeHours: jsonb('office_hours').$type<{ from: string; to: string }[]>(),
}).existing();
