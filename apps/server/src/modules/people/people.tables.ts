import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  pgView,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * 人员: one row per person, bound to a home org. ID number, phone and addresses are AES-256-GCM ciphertext (`*_enc`),
 * looked up by keyed hash (`*_hash`) and shown from the stored mask (`*_masked`). Large and scoped: carries
 * `org_path` and the distribution key `district_id` (docs/decisions/0003).
 */
export const persons = pgTable(
  'persons',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    gender: text('gender'),
    birthDate: date('birth_date', { mode: 'string' }),
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    householdAddressEnc: text('household_address_enc'),
    residenceAddressEnc: text('residence_address_enc'),
    ethnicity: text('ethnicity'),
    education: text('education'),
    occupation: text('occupation'),
    school: text('school'),
    careSituation: text('care_situation'),
    status: text('status').notNull().default('active'),
    mergedIntoId: bigint('merged_into_id', { mode: 'number' }),
    /** Set when the retention job anonymised her: name replaced by a pseudonym, personal fields cleared (0016). */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('persons_path_gist').using('gist', t.orgPath),
    uniqueIndex('persons_id_hash_key')
      .on(t.idNumberHash)
      .where(sql`id_number_hash is not null and status = 'active'`),
    index('persons_phone_hash_idx').on(t.phoneHash),
    // covering, for index-only initials searches; persons_district_initials_idx likewise
    // (drizzle/0020_people_scale.sql)
    index('persons_initials_idx')
      .on(sql`${t.nameInitials} text_pattern_ops`)
      .where(sql`status = 'active'`),
    // the name order (and the initials indexes) cover what the search's first phase reads: index-only scans (0020)
    index('persons_district_name_idx')
      .on(t.districtId, t.namePinyin, t.id)
      .where(sql`status = 'active'`),
    index('persons_name_order_idx')
      .on(t.namePinyin, t.id)
      .where(sql`status = 'active'`),
    // persons_district_initials_idx (0008, 0020); name fragments: persons_name_gram{1,2,3}_idx and
    // persons_long_name_grams_idx (0048)
    // the sorted lists by birth date and registration time, in the city and in a district
    // (drizzle/0020_people_scale.sql)
    index('persons_birth_order_idx')
      .on(sql`(coalesce(${t.birthDate}, '9999-12-31'::date))`, t.id)
      .where(sql`status = 'active'`),
    index('persons_district_birth_idx')
      .on(t.districtId, sql`(coalesce(${t.birthDate}, '9999-12-31'::date))`, t.id)
      .where(sql`status = 'active'`),
    index('persons_created_order_idx')
      .on(t.createdAt, t.id)
      .where(sql`status = 'active'`),
    index('persons_district_created_idx')
      .on(t.districtId, t.createdAt, t.id)
      .where(sql`status = 'active'`),
    index('persons_dedup_idx').on(t.name, t.birthDate),
  ],
);

export const tagDefinitions = pgTable('tag_definitions', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  category: text('category').notNull(),
  builtin: boolean('builtin').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Tag assignments with their history: a removal closes the row, never deletes it. */
export const personTags = pgTable(
  'person_tags',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    tag: text('tag').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    addedBy: text('added_by'),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: text('removed_by'),
  },
  (t) => [
    index('person_tags_person_idx').on(t.personId),
    index('person_tags_current_idx')
      .on(t.tag, t.personId)
      .where(sql`removed_at is null`),
    index('person_tags_path_gist').using('gist', t.orgPath),
  ],
);

export const personGuardians = pgTable(
  'person_guardians',
  {
    childId: bigint('child_id', { mode: 'number' }).notNull(),
    guardianId: bigint('guardian_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    relationship: text('relationship').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.childId, t.guardianId] }), index('person_guardians_guardian_idx').on(t.guardianId)],
);

export const families = pgTable(
  'families',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    name: text('name').notNull(),
    addressEnc: text('address_enc'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('families_path_gist').using('gist', t.orgPath)],
);

export const familyMembers = pgTable(
  'family_members',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    familyId: bigint('family_id', { mode: 'number' }).notNull(),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    relationship: text('relationship').notNull(),
    since: date('since', { mode: 'string' }).notNull(),
    until: date('until', { mode: 'string' }),
  },
  (t) => [index('family_members_family_idx').on(t.familyId), index('family_members_person_idx').on(t.personId)],
);

export const familyHonours = pgTable(
  'family_honours',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    familyId: bigint('family_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    honour: text('honour').notNull(),
    level: text('level').notNull(),
    year: smallint('year').notNull(),
    awardedBy: text('awarded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('family_honours_family_idx').on(t.familyId)],
);

/**
 * 在外妇女: where a woman registered at home works now; `mobile_federation_id` is the 流动妇联 that serves her there.
 * Her current and home places are place codes (platform/places, GB/T 2260: province, city, district, each null when
 * not known); `current_province`/`current_city` keep their names for reading, or what was typed when it names no place.
 * `place_issue` says why her current place serves no federation and needs a cadre (migration 0041).
 */
export const migrantProfiles = pgTable(
  'migrant_profiles',
  {
    personId: bigint('person_id', { mode: 'number' }).primaryKey(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    currentProvince: text('current_province'),
    currentCity: text('current_city'),
    currentPlaceText: text('current_place_text'),
    currentProvinceCode: text('current_province_code'),
    currentCityCode: text('current_city_code'),
    currentDistrictCode: text('current_district_code'),
    homeProvinceCode: text('home_province_code'),
    homeCityCode: text('home_city_code'),
    homeDistrictCode: text('home_district_code'),
    placeIssue: text('place_issue'),
    employer: text('employer'),
    industry: text('industry'),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    returnIntention: text('return_intention').notNull().default('none'),
    mobileFederationId: bigint('mobile_federation_id', { mode: 'number' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('migrant_profiles_where_idx').on(t.currentProvince, t.currentCity),
    index('migrant_profiles_mobile_idx').on(t.mobileFederationId),
    index('migrant_profiles_issue_idx')
      .on(t.placeIssue)
      .where(sql`place_issue is not null`),
    index('migrant_profiles_path_gist').using('gist', t.orgPath),
  ],
);

/** A merge of two person records, kept so it can be explained afterwards. */
export const personMerges = pgTable(
  'person_merges',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    sourceId: bigint('source_id', { mode: 'number' }).notNull(),
    targetId: bigint('target_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    reason: text('reason').notNull(),
    sourceSnapshot: jsonb('source_snapshot').notNull(),
    moved: jsonb('moved').notNull(),
    actorName: text('actor_name'),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('person_merges_target_idx').on(t.targetId), index('person_merges_source_idx').on(t.sourceId)],
);

export const savedFilters = pgTable(
  'saved_filters',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    module: text('module').notNull(),
    name: text('name').notNull(),
    query: jsonb('query').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('saved_filters_user_idx').on(t.userId, t.module)],
);

/**
 * The names other modules show beside their records (a demand's requester, a visit's subjects, a case's parties), as
 * read-only views this module publishes (migration 0024): no contact details, no ciphertext. Security invoker: the
 * reader's row-level security applies through them.
 */
export const personDirectory = pgView('person_directory', {
  id: bigint('id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  status: text('status').notNull(),
  path: ltree('path').notNull(),
  idNumberMasked: text('id_number_masked'),
}).existing();
export const familyDirectory = pgView('family_directory', {
  id: bigint('id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  path: ltree('path').notNull(),
}).existing();
