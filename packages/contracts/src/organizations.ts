import { z } from 'zod';
import { defineStateMachine } from './state-machine.js';
import { OfficeHours } from './calendar.js';

/** Organization types of PRODUCT §2.1. `level` is the tier in the four-level network (5 = below a village). */
export const ORG_TYPES = {
  city_federation: { level: 1, 'zh-CN': '市妇联', 'en-US': 'City federation' },
  district_federation: { level: 2, 'zh-CN': '区县妇联', 'en-US': 'District/county federation' },
  functional_zone_federation: { level: 2, 'zh-CN': '功能区妇联', 'en-US': 'Functional zone federation' },
  town_federation: { level: 3, 'zh-CN': '镇街妇联', 'en-US': 'Town/street federation' },
  village_federation: { level: 4, 'zh-CN': '村(社区)妇联', 'en-US': 'Village/community federation' },
  womens_group: { level: 5, 'zh-CN': '妇女小组', 'en-US': "Women's group" },
  new_sector_federation: { level: null, 'zh-CN': '新领域妇联', 'en-US': 'New-sector federation' },
  institution_committee: { level: null, 'zh-CN': '机关事业单位妇委会', 'en-US': "Institution women's committee" },
  university_federation: { level: null, 'zh-CN': '高校妇联', 'en-US': 'University federation' },
  mobile_federation: { level: null, 'zh-CN': '流动妇联', 'en-US': 'Mobile federation' },
  micro_home: { level: null, 'zh-CN': '妇女微家', 'en-US': "Women's micro-home" },
} as const;
export const OrgType = z.enum(Object.keys(ORG_TYPES) as [keyof typeof ORG_TYPES, ...(keyof typeof ORG_TYPES)[]]);
export type OrgType = z.infer<typeof OrgType>;

/** Which types may be created under which. Attachable types (level null) go anywhere but under a group. */
export function canBeChildOf(child: OrgType, parent: OrgType): boolean {
  if (parent === 'womens_group' || parent === 'micro_home') return false;
  const c = ORG_TYPES[child].level;
  const p = ORG_TYPES[parent].level;
  if (c === null) return true;
  if (p === null) return c === 5; // groups may sit under e.g. a new-sector federation
  if (child === 'womens_group') return p === 4 || p === 3;
  return c === p + 1;
}

export const OrgStatus = z.enum(['active', 'merged', 'dissolved']);
export type OrgStatus = z.infer<typeof OrgStatus>;

const IsoDate = z.iso.date();
const Name = z.string().trim().min(1).max(100);
const Code = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{2,32}$/, 'code: 2–32 letters, digits or -');
const Reason = z.string().trim().min(2).max(500);

export const OrgId = z.coerce.number().int().positive();
export const OrgIdParams = z.object({ orgId: OrgId });

export const OrgAction = z.enum(['edit', 'createChild', 'reorganize', 'manageOfficers']);
export type OrgAction = z.infer<typeof OrgAction>;

export const OrgNode = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  type: OrgType,
  status: OrgStatus,
  parentId: z.number().int().nullable(),
  depth: z.number().int(),
  childCount: z.number().int(),
});
export type OrgNode = z.infer<typeof OrgNode>;

export const OrgSummary = z.object({ id: z.number().int(), code: z.string(), name: z.string(), type: OrgType });
export type OrgSummary = z.infer<typeof OrgSummary>;

export const OrgDetail = OrgNode.extend({
  shortName: z.string().nullable(),
  divisionCode: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(), // masked
  foundedOn: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  mergedInto: OrgSummary.nullable(),
  ancestors: z.array(OrgSummary),
  /** Its own office hours, or null when it goes by the org above it. */
  officeHours: OfficeHours.nullable(),
  /**
   * The office hours it would go by without its own: the nearest org above it that sets them (`from`), else the
   * platform's default (`from` null). Hour-based deadlines of its demands count in its own or these.
   */
  inheritedOfficeHours: z.object({ hours: OfficeHours, from: OrgSummary.nullable() }),
  currentTerm: z.lazy(() => Term).nullable(),
  allowedActions: z.array(OrgAction),
});
export type OrgDetail = z.infer<typeof OrgDetail>;

export const ChildrenQuery = z.object({
  at: IsoDate.optional(),
  includeInactive: z.coerce.boolean().default(false),
});
export const SearchOrgsQuery = z.object({
  q: z.string().trim().min(1).max(50),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const OrgSearchHit = OrgSummary.extend({ path: z.array(z.string()) });
export type OrgSearchHit = z.infer<typeof OrgSearchHit>;

export const CreateOrgInput = z.strictObject({
  parentId: z.number().int().positive(),
  type: OrgType,
  name: Name,
  code: Code.optional(),
  shortName: Name.optional(),
  address: z.string().trim().max(200).optional(),
  contactName: z.string().trim().max(50).optional(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, 'phone')
    .optional(),
  foundedOn: IsoDate.optional(),
});
export type CreateOrgInput = z.infer<typeof CreateOrgInput>;

export const UpdateOrgInput = z.strictObject({
  shortName: Name.nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  contactName: z.string().trim().max(50).nullable().optional(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, 'phone')
    .nullable()
    .optional(),
  foundedOn: IsoDate.nullable().optional(),
  /** Its own office hours on working days; null: as the org above it (or the default). */
  officeHours: OfficeHours.nullable().optional(),
});
export type UpdateOrgInput = z.infer<typeof UpdateOrgInput>;

const ReorgBase = { effectiveDate: IsoDate, reason: Reason };
export const RenameOrgInput = z.strictObject({ ...ReorgBase, name: Name });
export const MoveOrgInput = z.strictObject({ ...ReorgBase, newParentId: z.number().int().positive() });
export const MergeOrgInput = z.strictObject({ ...ReorgBase, targetId: z.number().int().positive() });
export const SplitOrgInput = z.strictObject({
  ...ReorgBase,
  parts: z
    .array(
      z.strictObject({
        name: Name,
        code: Code.optional(),
        childIds: z.array(z.number().int().positive()).max(5000),
      }),
    )
    .min(2)
    .max(20),
});
export const DissolveOrgInput = z.strictObject({ ...ReorgBase });
export type RenameOrgInput = z.infer<typeof RenameOrgInput>;
export type MoveOrgInput = z.infer<typeof MoveOrgInput>;
export type MergeOrgInput = z.infer<typeof MergeOrgInput>;
export type SplitOrgInput = z.infer<typeof SplitOrgInput>;
export type DissolveOrgInput = z.infer<typeof DissolveOrgInput>;

export const ReorganizationKind = z.enum(['create', 'rename', 'move', 'merge', 'split', 'dissolve', 'import']);
export const OrgVersion = z.object({
  name: z.string(),
  code: z.string(),
  type: OrgType,
  status: OrgStatus,
  parent: OrgSummary.nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  reorganizationId: z.number().int().nullable(),
});
export const Reorganization = z.object({
  id: z.number().int(),
  kind: ReorganizationKind,
  effectiveDate: z.string(),
  reason: z.string(),
  summary: z.string(),
  actorName: z.string().nullable(),
  recordedAt: z.string(),
});
export type Reorganization = z.infer<typeof Reorganization>;
export const OrgHistory = z.object({ versions: z.array(OrgVersion), reorganizations: z.array(Reorganization) });
export type OrgHistory = z.infer<typeof OrgHistory>;

/* Spaces 阵地 */
export const SPACE_TYPES = {
  womens_home: { 'zh-CN': '妇女之家', 'en-US': "Women's home" },
  childrens_home: { 'zh-CN': '儿童之家', 'en-US': "Children's home" },
  parents_school: { 'zh-CN': '家长学校', 'en-US': "Parents' school" },
  rights_station: { 'zh-CN': '妇女儿童维权站', 'en-US': 'Rights-protection station' },
  family_education_center: { 'zh-CN': '家庭教育指导中心', 'en-US': 'Family education center' },
  yuhao_space: { 'zh-CN': '渝好空间', 'en-US': 'Yuhao space' },
} as const;
export const SpaceType = z.enum(
  Object.keys(SPACE_TYPES) as [keyof typeof SPACE_TYPES, ...(keyof typeof SPACE_TYPES)[]],
);
export type SpaceType = z.infer<typeof SpaceType>;
export const Space = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  type: SpaceType,
  name: z.string(),
  address: z.string().nullable(),
  openingHours: z.string().nullable(),
  services: z.array(z.string()),
  areaSqm: z.number().nullable(),
  openedOn: z.string().nullable(),
  activityCount: z.number().int(),
});
export type Space = z.infer<typeof Space>;
export const SpaceInput = z.strictObject({
  type: SpaceType,
  name: Name,
  address: z.string().trim().max(200).nullable().optional(),
  openingHours: z.string().trim().max(100).nullable().optional(),
  services: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
  areaSqm: z.number().positive().max(100000).nullable().optional(),
  openedOn: IsoDate.nullable().optional(),
});
export type SpaceInput = z.infer<typeof SpaceInput>;
export const SpaceIdParams = z.object({ spaceId: z.coerce.number().int().positive() });

/* Officers 主席/副主席/执委 */
export const OFFICER_POSITIONS = {
  chair: { 'zh-CN': '主席', 'en-US': 'Chair' },
  vice_chair: { 'zh-CN': '副主席', 'en-US': 'Vice chair' },
  executive_member: { 'zh-CN': '执委', 'en-US': 'Executive committee member' },
} as const;
export const OfficerPosition = z.enum(['chair', 'vice_chair', 'executive_member']);
export type OfficerPosition = z.infer<typeof OfficerPosition>;
export const Officer = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  termId: z.number().int().nullable(),
  name: z.string(),
  position: OfficerPosition,
  phone: z.string().nullable(), // masked
  isPartTime: z.boolean(),
  contactPoint: z.string().nullable(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  changeKind: z.enum(['elected', 'added', 'replacement']),
});
export type Officer = z.infer<typeof Officer>;
export const OfficerInput = z.strictObject({
  name: z.string().trim().min(1).max(50),
  position: OfficerPosition,
  phone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, 'phone')
    .nullable()
    .optional(),
  isPartTime: z.boolean().default(true),
  contactPoint: z.string().trim().max(100).nullable().optional(),
  startedOn: IsoDate,
  termId: z.number().int().positive().nullable().optional(),
  changeKind: z.enum(['elected', 'added', 'replacement']).default('elected'),
});
export type OfficerInput = z.infer<typeof OfficerInput>;
export const EndOfficerInput = z.strictObject({ endedOn: IsoDate, reason: Reason });
export const OfficerIdParams = z.object({ officerId: z.coerce.number().int().positive() });

/* Terms and elections 换届 — an explicit state machine shared by server and UI. */
export const TERM_STATES = ['planned', 'nominated', 'congress_held', 'elected', 'filed'] as const;
export const TermState = z.enum(TERM_STATES);
export type TermState = z.infer<typeof TermState>;
export const TERM_STATE_LABELS: Record<TermState, { 'zh-CN': string; 'en-US': string }> = {
  planned: { 'zh-CN': '已计划', 'en-US': 'Planned' },
  nominated: { 'zh-CN': '已提名候选人', 'en-US': 'Candidates nominated' },
  congress_held: { 'zh-CN': '已召开大会', 'en-US': 'Congress held' },
  elected: { 'zh-CN': '已选举', 'en-US': 'Elected' },
  filed: { 'zh-CN': '已备案', 'en-US': 'Filed' },
};
/** A term moves by naming the state it goes to: each action is its target state. */
export const TERM_MACHINE = defineStateMachine<TermState, TermState>({
  states: TERM_STATES,
  transitions: {
    nominated: { from: ['planned'], to: 'nominated' },
    congress_held: { from: ['nominated'], to: 'congress_held' },
    planned: { from: ['nominated'], to: 'planned' },
    elected: { from: ['congress_held'], to: 'elected' },
    filed: { from: ['elected'], to: 'filed' },
  },
});
/** The states a term may go to from `from` (the UI's buttons). */
export const TERM_TRANSITIONS = Object.fromEntries(
  TERM_STATES.map((s) => [s, TERM_MACHINE.actionsFrom(s)]),
) as unknown as Record<TermState, readonly TermState[]>;
export function canTransitionTerm(from: TermState, to: TermState): boolean {
  return TERM_MACHINE.next(to, from) !== null;
}
export const Term = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  number: z.number().int(),
  state: TermState,
  startsOn: z.string().nullable(),
  dueOn: z.string(),
  overdue: z.boolean(),
  history: z.array(
    z.object({ from: TermState.nullable(), to: TermState, at: z.string(), note: z.string().nullable() }),
  ),
});
export type Term = z.infer<typeof Term>;
export const TermInput = z.strictObject({
  number: z.number().int().min(1).max(100),
  startsOn: IsoDate.nullable().optional(),
  dueOn: IsoDate,
});
export const TermTransitionInput = z.strictObject({ to: TermState, note: z.string().trim().max(500).optional() });
export const TermIdParams = z.object({ termId: z.coerce.number().int().positive() });

/* Coverage 覆盖率 */
export const Coverage = z.object({
  orgId: z.number().int(),
  villages: z.number().int(),
  villagesWithFederation: z.number().int(),
  villagesWithWomensHome: z.number().int(),
  villagesWithParentsSchool: z.number().int(),
  villagesWithRightsStation: z.number().int(),
  womensGroups: z.number().int(),
  orgsByType: z.record(z.string(), z.number().int()),
  termsOverdue: z.number().int(),
  spacesByType: z.record(z.string(), z.number().int()),
  /** Spaces with an activity held in the last 12 months. */
  activeSpaces: z.number().int(),
});
export type Coverage = z.infer<typeof Coverage>;
