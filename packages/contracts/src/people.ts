import { z } from 'zod';
import { LocalizedText } from './errors.js';
import { OrgSummary } from './organizations.js';
import { Place, PLACE_ISSUES, PlaceCode, PlaceCodesInput } from './places.js';

const IsoDate = z.iso.date();
export const MobilePhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, 'phone');

/** Built-in tags of PRODUCT §2.2; the dictionary is extensible (tag_definitions). */
export const BUILTIN_TAGS = [
  ['difficult_woman', '困难妇女', 'Woman in difficulty', 'welfare'],
  ['low_income', '低收入', 'Low income', 'welfare'],
  ['disabled', '残疾', 'Disabled', 'welfare'],
  ['single_mother', '单亲母亲', 'Single mother', 'welfare'],
  ['left_behind_woman', '留守妇女', 'Left-behind woman', 'welfare'],
  ['left_behind_child', '留守儿童', 'Left-behind child', 'child'],
  ['migrant_child', '流动儿童', 'Migrant child', 'child'],
  ['child_in_distress', '困境儿童', 'Child in distress', 'child'],
  ['newly_married_family', '新婚新育家庭', 'Newly married / new-birth family', 'family'],
  ['migrant_worker', '在外务工妇女', 'Migrant working woman', 'migrant'],
  ['talent_tech', '女性人才·科技', 'Woman talent: science & tech', 'talent'],
  ['talent_entrepreneur', '女性人才·企业家', 'Woman talent: entrepreneur', 'talent'],
  ['talent_craft', '女性人才·手工艺', 'Woman talent: handicraft', 'talent'],
  ['talent_ecommerce', '女性人才·电商', 'Woman talent: e-commerce', 'talent'],
  ['bayu_dajie', '巴渝大姐', 'Bayu Dajie (housekeeping)', 'brand'],
  ['qiaojie', '巧姐', 'Qiaojie (handicraft)', 'brand'],
  ['wangjie', '网姐', 'Wangjie (e-commerce)', 'brand'],
  ['volunteer', '巾帼志愿者', "Women's volunteer", 'role'],
  ['model_family_member', '最美家庭成员', 'Model family member', 'family'],
  ['executive_member', '执委', 'Executive committee member', 'role'],
  ['womens_representative', '妇女代表', "Women's representative", 'role'],
] as const;

export const TagCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'tag');
export const TagDefinition = z.object({
  code: z.string(),
  name: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
  category: z.string(),
  builtin: z.boolean(),
});
export type TagDefinition = z.infer<typeof TagDefinition>;
export const TagDefinitionInput = z.strictObject({
  code: TagCode,
  nameZh: z.string().trim().min(1).max(30),
  nameEn: z.string().trim().min(1).max(60),
  category: z.string().trim().min(1).max(20),
});

export const Gender = z.enum(['female', 'male']);
export const EDUCATION = [
  'none',
  'primary',
  'junior_high',
  'senior_high',
  'vocational',
  'college',
  'bachelor',
  'master',
  'doctorate',
] as const;
export const Education = z.enum(EDUCATION);
export const CARE_SITUATIONS = [
  'with_parents',
  'one_parent_away',
  'both_parents_away',
  'grandparents',
  'relatives',
  'no_carer',
  'institution',
] as const;
export const CareSituation = z.enum(CARE_SITUATIONS);

/** The fields a person record may carry; sensitive ones are encrypted at rest and masked in every view. */
export const PersonInput = z.strictObject({
  orgId: z.number().int().positive(),
  name: z.string().trim().min(1).max(50),
  idNumber: z.string().trim().max(18).nullable().optional(),
  gender: Gender.nullable().optional(),
  birthDate: IsoDate.nullable().optional(),
  phone: MobilePhone.nullable().optional(),
  ethnicity: z.string().trim().max(20).nullable().optional(),
  householdAddress: z.string().trim().max(200).nullable().optional(),
  residenceAddress: z.string().trim().max(200).nullable().optional(),
  education: Education.nullable().optional(),
  occupation: z.string().trim().max(50).nullable().optional(),
  school: z.string().trim().max(100).nullable().optional(),
  careSituation: CareSituation.nullable().optional(),
  tags: z.array(TagCode).max(30).optional(),
});
export type PersonInput = z.infer<typeof PersonInput>;
export const UpdatePersonInput = PersonInput.partial().extend({ version: z.number().int().nonnegative() });
export type UpdatePersonInput = z.infer<typeof UpdatePersonInput>;

export const PersonTag = z.object({ code: z.string(), addedAt: z.string(), addedBy: z.string().nullable() });
export const Person = z.object({
  id: z.number().int(),
  org: OrgSummary,
  name: z.string(),
  gender: Gender.nullable(),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  idNumber: z.string().nullable(), // masked: 5001**********123X
  phone: z.string().nullable(), // masked: 138****5678
  ethnicity: z.string().nullable(),
  householdAddress: z.string().nullable(), // masked
  residenceAddress: z.string().nullable(), // masked
  education: Education.nullable(),
  occupation: z.string().nullable(),
  school: z.string().nullable(),
  careSituation: CareSituation.nullable(),
  isChild: z.boolean(),
  tags: z.array(PersonTag),
  guardians: z.array(z.object({ personId: z.number().int(), name: z.string(), relationship: z.string() })),
  status: z.enum(['active', 'merged']),
  mergedIntoId: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof Person>;
export const PersonListItem = Person.pick({
  id: true,
  org: true,
  name: true,
  gender: true,
  birthDate: true,
  age: true,
  idNumber: true,
  phone: true,
  isChild: true,
  status: true,
}).extend({ tags: z.array(z.string()) });
export type PersonListItem = z.infer<typeof PersonListItem>;

export const PersonSort = z.enum(['name', 'birthDate', 'createdAt']);
export const PersonSearchQuery = z.object({
  q: z.string().trim().max(50).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  tag: z.union([TagCode, z.array(TagCode).max(10)]).optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  gender: Gender.optional(),
  sort: PersonSort.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PersonSearchQuery = z.infer<typeof PersonSearchQuery>;

export const SENSITIVE_PERSON_FIELDS = ['idNumber', 'phone', 'householdAddress', 'residenceAddress'] as const;
export const SensitivePersonField = z.enum(SENSITIVE_PERSON_FIELDS);
export const UnmaskInput = z.strictObject({ field: SensitivePersonField, reason: z.string().trim().min(4).max(200) });
export const UnmaskedValue = z.object({ field: SensitivePersonField, value: z.string().nullable() });
export const PersonIdParams = z.object({ personId: z.coerce.number().int().positive() });
export const TagChangeInput = z.strictObject({
  add: z.array(TagCode).max(30).default([]),
  remove: z.array(TagCode).max(30).default([]),
});
export const TagHistoryEntry = z.object({
  code: z.string(),
  addedAt: z.string(),
  addedBy: z.string().nullable(),
  removedAt: z.string().nullable(),
  removedBy: z.string().nullable(),
});
export const GuardianInput = z.strictObject({
  guardianId: z.number().int().positive(),
  relationship: z.string().trim().min(1).max(20),
});

export const SavedFilter = z.object({
  id: z.number().int(),
  name: z.string(),
  query: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export const SavedFilterInput = z.strictObject({
  name: z.string().trim().min(1).max(50),
  query: PersonSearchQuery.partial().omit({ cursor: true }),
});

/* Families 家庭 */
export const FAMILY_RELATIONSHIPS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandparent',
  'grandchild',
  'sibling',
  'other',
] as const;
export const FamilyRelationship = z.enum(FAMILY_RELATIONSHIPS);
export const FAMILY_HONOURS = [
  'most_beautiful_family',
  'five_good_family',
  'green_family',
  'scholarly_family',
  'civilized_family',
] as const;
export const FamilyHonourType = z.enum(FAMILY_HONOURS);
export const FamilyInput = z.strictObject({
  orgId: z.number().int().positive(),
  name: z.string().trim().min(1).max(50),
  address: z.string().trim().max(200).nullable().optional(),
});
export const FamilyMemberInput = z.strictObject({
  personId: z.number().int().positive(),
  relationship: FamilyRelationship,
});
export const FamilyHonourInput = z.strictObject({
  honour: FamilyHonourType,
  level: z.enum(['village', 'town', 'district', 'city', 'national']),
  year: z.number().int().min(1949).max(2100),
  awardedBy: z.string().trim().max(100).nullable().optional(),
});
export const Family = z.object({
  id: z.number().int(),
  org: OrgSummary,
  name: z.string(),
  address: z.string().nullable(),
  members: z.array(
    z.object({
      personId: z.number().int(),
      name: z.string(),
      relationship: FamilyRelationship,
      since: z.string(),
      until: z.string().nullable(),
    }),
  ),
  honours: z.array(
    z.object({
      id: z.number().int(),
      honour: FamilyHonourType,
      level: z.string(),
      year: z.number().int(),
      awardedBy: z.string().nullable(),
    }),
  ),
});
export type Family = z.infer<typeof Family>;
export const FamilyIdParams = z.object({ familyId: z.coerce.number().int().positive() });

/* 在外妇女信息库 */
/**
 * Where she works now and where she is from. A place is picked as codes (`currentPlace`, the web's cascader) or typed
 * (`currentPlaceText`, or the older `currentProvince` + `currentCity`) and read tolerantly (上海, 沪, 上海市浦东新区,
 * 浦东新区); typed text that names no single place is kept and listed for a cadre to fix (`placeIssue`). Codes that do
 * not exist or nest are refused. Her home place defaults to her home district's.
 */
export const MigrantProfileInput = z.strictObject({
  currentPlace: PlaceCodesInput.nullable().optional(),
  currentPlaceText: z.string().trim().max(100).nullable().optional(),
  currentProvince: z.string().trim().max(20).nullable().optional(),
  currentCity: z.string().trim().max(30).nullable().optional(),
  homePlace: PlaceCodesInput.nullable().optional(),
  homePlaceText: z.string().trim().max(100).nullable().optional(),
  employer: z.string().trim().max(100).nullable().optional(),
  industry: z.string().trim().max(50).nullable().optional(),
  skills: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
  returnIntention: z.enum(['none', 'considering', 'planned', 'returned']).default('none'),
});
export type MigrantProfileInput = z.input<typeof MigrantProfileInput>;
export const MigrantProfile = z.object({
  personId: z.number().int(),
  currentProvince: z.string().nullable(),
  currentCity: z.string().nullable(),
  currentPlace: Place.nullable(),
  /** What was typed, kept when it names no place. */
  currentPlaceText: z.string().nullable(),
  homePlace: Place.nullable(),
  placeIssue: z.enum(PLACE_ISSUES).nullable(),
  employer: z.string().nullable(),
  industry: z.string().nullable(),
  skills: z.array(z.string()),
  returnIntention: z.string(),
  mobileFederation: OrgSummary.nullable(),
  updatedAt: z.string(),
});
export const MigrantListItem = z.object({
  person: PersonListItem,
  profile: MigrantProfile,
  homeDistrict: z.string().nullable(),
  homeTown: z.string().nullable(),
});
export const MigrantQuery = z.object({
  homeOrgId: z.coerce.number().int().positive().optional(),
  /** Where she is now, as a place code: 31 takes everyone in Shanghai, 310115 浦东新区 only. */
  placeCode: PlaceCode.optional(),
  province: z.string().trim().max(20).optional(),
  city: z.string().trim().max(30).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** The women whose current place a cadre must fix, within her subtree (or the home org given). */
export const UnmatchedPlacesQuery = z.object({
  homeOrgId: z.coerce.number().int().positive().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/* Deduplication */
export const DuplicateGroup = z.object({
  name: z.string(),
  birthDate: z.string(),
  town: OrgSummary.nullable(),
  persons: z.array(PersonListItem),
});
export const MergePersonsInput = z.strictObject({
  sourceId: z.number().int().positive(),
  targetId: z.number().int().positive(),
  reason: z.string().trim().min(4).max(200),
});
export const PersonMerge = z.object({
  id: z.number().int(),
  sourceId: z.number().int(),
  targetId: z.number().int(),
  reason: z.string(),
  actorName: z.string().nullable(),
  mergedAt: z.string(),
  moved: z.record(z.string(), z.number()),
});

/* Timeline: one list of everything the platform knows about a person; modules contribute sources. */
/**
 * One line of a person's timeline; title and detail in both languages (free text, such as a name, is the same in both).
 */
export const TimelineEntry = z.object({
  at: z.string(),
  source: z.string(),
  kind: z.string(),
  title: LocalizedText,
  detail: LocalizedText.nullable(),
  link: z.string().nullable(),
});
/** The same text in both languages: names, places, free notes. */
export const sameInBoth = (text: string): LocalizedText => ({ 'zh-CN': text, 'en-US': text });
export const FAMILY_HONOUR_LABELS: Record<(typeof FAMILY_HONOURS)[number], LocalizedText> = {
  most_beautiful_family: { 'zh-CN': '最美家庭', 'en-US': 'Most beautiful family' },
  five_good_family: { 'zh-CN': '五好家庭', 'en-US': 'Five-good family' },
  green_family: { 'zh-CN': '绿色家庭', 'en-US': 'Green family' },
  scholarly_family: { 'zh-CN': '书香家庭', 'en-US': 'Scholarly family' },
  civilized_family: { 'zh-CN': '文明家庭', 'en-US': 'Civilized family' },
};
export type TimelineEntry = z.infer<typeof TimelineEntry>;
