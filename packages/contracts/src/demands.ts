import { z } from 'zod';
import { defineStateMachine, type TransitionSpec } from './state-machine.js';
import { LocalizedText } from './errors.js';
import { MobilePhone } from './people.js';
import { OrgSummary } from './organizations.js';
import { OfficeHours } from './calendar.js';

/*
 * 诉求与点单 (PRODUCT §2.4): one queue for everything a woman needs, whatever the source, routed by the federation's
 * rule — 办理 (handle), 协调转办 (transfer to a department and track), 建议 (raise as a policy suggestion).
 */

export const DEMAND_SOURCES = ['visit', 'online', 'hotline_12338', 'walk_in', 'grid_report', 'deliberation'] as const;
export const DemandSource = z.enum(DEMAND_SOURCES);
export type DemandSource = z.infer<typeof DemandSource>;
export const DEMAND_SOURCE_LABELS: Record<DemandSource, LocalizedText> = {
  visit: { 'zh-CN': '走访发现', 'en-US': 'Visit' },
  online: { 'zh-CN': '网上点单', 'en-US': 'Online order' },
  hotline_12338: { 'zh-CN': '12338 热线', 'en-US': '12338 hotline' },
  walk_in: { 'zh-CN': '来访', 'en-US': 'Walk-in' },
  grid_report: { 'zh-CN': '网格员上报', 'en-US': "Grid worker's report" },
  deliberation: { 'zh-CN': '议事提议', 'en-US': 'Deliberation proposal' },
};

/** Urgency tiers (PRODUCT §2.4, after Beijing 12345): feedback within 2 h, 24 h, 7 or 15 working days. */
export const URGENCIES = ['emergency', 'urgent', 'ordinary', 'complex'] as const;
export const Urgency = z.enum(URGENCIES);
export type Urgency = z.infer<typeof Urgency>;
export const URGENCY_LABELS: Record<Urgency, LocalizedText> = {
  emergency: { 'zh-CN': '紧急（危及人身财产安全）', 'en-US': 'Emergency (life or property at risk)' },
  urgent: { 'zh-CN': '较急', 'en-US': 'Urgent' },
  ordinary: { 'zh-CN': '一般', 'en-US': 'Ordinary' },
  complex: { 'zh-CN': '复杂', 'en-US': 'Complex' },
};

export const DeadlineSpec = z.strictObject({
  amount: z.number().int().min(1).max(90),
  unit: z.enum(['hours', 'workdays']),
});
export type DeadlineSpec = z.infer<typeof DeadlineSpec>;
/**
 * Sign-for (签收) within 2 hours of receipt, whatever the urgency. Hour-based deadlines count office hours on working
 * days (the owning org's, DEFAULT_OFFICE_HOURS unless set), except for emergencies endangering life or property (the
 * urgency `emergency`, or a category marked round-the-clock), which count clock hours.
 */
export const SIGN_DEADLINE: DeadlineSpec = { amount: 2, unit: 'hours' };
export const DEFAULT_FEEDBACK_DEADLINES: Record<Urgency, DeadlineSpec> = {
  emergency: { amount: 2, unit: 'hours' },
  urgent: { amount: 24, unit: 'hours' },
  ordinary: { amount: 7, unit: 'workdays' },
  complex: { amount: 15, unit: 'workdays' },
};

/** Built-in categories (the dictionary `demand_categories` is extensible); the catalogue's services use them too. */
export const BUILTIN_DEMAND_CATEGORIES = [
  ['legal_advice', '法律咨询', 'Legal advice'],
  ['psychological', '心理疏导', 'Psychological support'],
  ['family_education', '家庭教育指导', 'Family education guidance'],
  ['marriage_mediation', '婚姻家庭调解', 'Marriage and family mediation'],
  ['employment', '就业推荐', 'Job referral'],
  ['skills_training', '技能培训', 'Skills training'],
  ['childcare', '托育信息', 'Childcare information'],
  ['hardship_aid', '困难帮扶', 'Help in hardship'],
  ['health', '健康服务', 'Health services'],
  ['rights', '维权求助', 'Rights protection'],
  ['policy', '政策咨询', 'Policy questions'],
  ['other', '其他', 'Other'],
] as const;
export const CategoryCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'category');
export const DemandCategory = z.object({
  code: z.string(),
  name: LocalizedText,
  builtin: z.boolean(),
  /** Overrides of the default feedback deadline per urgency (e.g. legal advice: 5 working days when ordinary). */
  deadlines: z.record(z.string(), DeadlineSpec),
  /** Emergencies endangering life or property: hour-based deadlines run round the clock, not in office hours. */
  roundTheClock: z.boolean(),
});
export type DemandCategory = z.infer<typeof DemandCategory>;
export const DemandCategoryInput = z.strictObject({
  code: CategoryCode,
  nameZh: z.string().trim().min(1).max(30),
  nameEn: z.string().trim().min(1).max(60),
  deadlines: z.partialRecord(Urgency, DeadlineSpec).default({}),
  roundTheClock: z.boolean().default(false),
});
export const DemandCategoryParams = z.object({ code: CategoryCode });
/** Marking a category round-the-clock (or back): the dictionary is the federation's, changed from the top org. */
export const DemandCategoryPatch = z.strictObject({ roundTheClock: z.boolean() });

/* ---------------------------------------------------------------- the state machines */

export const DEMAND_STATES = [
  'received',
  'signed',
  'dispatched',
  'accepted',
  'transferred',
  'answered',
  'suggested',
  'replied',
  'closed',
  'reopened',
  'case',
  'cancelled',
] as const;
export const DemandState = z.enum(DEMAND_STATES);
export type DemandState = z.infer<typeof DemandState>;
export const DEMAND_STATE_LABELS: Record<DemandState, LocalizedText> = {
  received: { 'zh-CN': '待签收', 'en-US': 'Received' },
  signed: { 'zh-CN': '已签收', 'en-US': 'Signed for' },
  dispatched: { 'zh-CN': '已派单', 'en-US': 'Dispatched' },
  accepted: { 'zh-CN': '办理中', 'en-US': 'Being handled' },
  transferred: { 'zh-CN': '已转办', 'en-US': 'Transferred' },
  answered: { 'zh-CN': '部门已答复', 'en-US': 'Department answered' },
  suggested: { 'zh-CN': '已形成建议', 'en-US': 'Raised as a suggestion' },
  replied: { 'zh-CN': '已答复待评价', 'en-US': 'Replied, awaiting rating' },
  closed: { 'zh-CN': '已办结', 'en-US': 'Closed' },
  reopened: { 'zh-CN': '重新办理', 'en-US': 'Reopened' },
  case: { 'zh-CN': '转维权案件', 'en-US': 'Handled as a rights case' },
  cancelled: { 'zh-CN': '已撤销', 'en-US': 'Cancelled' },
};
/** States in which the demand still waits for the federation (counted in the work queue, swept for deadlines). */
export const OPEN_DEMAND_STATES: readonly DemandState[] = [
  'received',
  'signed',
  'dispatched',
  'accepted',
  'transferred',
  'answered',
  'suggested',
  'reopened',
];
export const isOpenDemandState = (s: DemandState) => OPEN_DEMAND_STATES.includes(s);

/** 办理 / 协调转办 / 建议: the route a signed demand takes. */
export const DEMAND_ROUTES = ['handle', 'transfer', 'suggest'] as const;
export const DemandRoute = z.enum(DEMAND_ROUTES);
export type DemandRoute = z.infer<typeof DemandRoute>;
export const DEMAND_ROUTE_LABELS: Record<DemandRoute, LocalizedText> = {
  handle: { 'zh-CN': '办理', 'en-US': 'Handle' },
  transfer: { 'zh-CN': '协调转办', 'en-US': 'Transfer and track' },
  suggest: { 'zh-CN': '建议', 'en-US': 'Policy suggestion' },
};

/**
 * Who makes a transition: `owner` is staff of the org that owns the demand (acting as that org), `assignee` the
 * cadre or volunteer it was dispatched to, `requester` the resident who asked (portal), `cases` the rights-case module.
 */
export type DemandParty = 'owner' | 'assignee' | 'requester' | 'cases';

export const DEMAND_ACTIONS = [
  'sign',
  'dispatch',
  'accept',
  'decline',
  'transfer',
  'answer',
  'suggest',
  'reply',
  'rate',
  'close',
  'reopen',
  'cancel',
  'convert_to_case',
] as const;
export const DemandAction = z.enum(DEMAND_ACTIONS);
export type DemandAction = z.infer<typeof DemandAction>;

interface Transition extends TransitionSpec<DemandState, DemandParty> {
  /** The state after; `rate` decides between closed and reopened by the rating. */
  to: DemandState;
  by: readonly DemandParty[];
  /** The route this transition belongs to (null: the common intake and closure steps). */
  route: DemandRoute | null;
}

/**
 * The three routes as one table. Intake: received → signed. 办理: signed → (dispatched →) accepted → replied.
 * 协调转办: signed → transferred → answered → replied. 建议: signed → suggested → replied. Closure: replied → closed by a
 * rating (满意/基本满意) or back to reopened (不满意), from which any route may be taken again.
 */
export const DEMAND_TRANSITIONS: Record<DemandAction, Transition> = {
  sign: { from: ['received'], to: 'signed', by: ['owner'], route: null },
  dispatch: { from: ['received', 'signed', 'reopened'], to: 'dispatched', by: ['owner'], route: 'handle' },
  accept: {
    from: ['received', 'signed', 'reopened', 'dispatched'],
    to: 'accepted',
    by: ['owner', 'assignee'],
    route: 'handle',
  },
  decline: { from: ['dispatched'], to: 'signed', by: ['assignee', 'owner'], route: 'handle' },
  transfer: { from: ['received', 'signed', 'reopened'], to: 'transferred', by: ['owner'], route: 'transfer' },
  answer: { from: ['transferred'], to: 'answered', by: ['owner'], route: 'transfer' },
  suggest: { from: ['received', 'signed', 'reopened'], to: 'suggested', by: ['owner'], route: 'suggest' },
  reply: { from: ['accepted', 'answered', 'suggested'], to: 'replied', by: ['owner', 'assignee'], route: null },
  rate: { from: ['replied'], to: 'closed', by: ['requester', 'owner'], route: null },
  close: { from: ['replied'], to: 'closed', by: ['owner'], route: null },
  reopen: { from: ['closed', 'replied'], to: 'reopened', by: ['owner'], route: null },
  cancel: { from: ['received', 'signed', 'dispatched'], to: 'cancelled', by: ['owner', 'requester'], route: null },
  convert_to_case: {
    from: ['received', 'signed', 'dispatched', 'accepted', 'reopened'],
    to: 'case',
    by: ['cases'],
    route: null,
  },
};

export const DEMAND_MACHINE = defineStateMachine<DemandState, DemandAction, DemandParty, Transition>({
  states: DEMAND_STATES,
  transitions: DEMAND_TRANSITIONS,
});

/** The state an action leads to from `from`, or null when the state machine refuses it. */
export function demandTransition(action: DemandAction, from: DemandState, rating?: Rating | null): DemandState | null {
  const to = DEMAND_MACHINE.next(action, from);
  if (to !== null && action === 'rate') return rating === 'unsatisfied' ? 'reopened' : 'closed';
  return to;
}

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const Rating = z.enum(RATINGS);
export type Rating = z.infer<typeof Rating>;
export const RATING_LABELS: Record<Rating, LocalizedText> = {
  satisfied: { 'zh-CN': '满意', 'en-US': 'Satisfied' },
  basically_satisfied: { 'zh-CN': '基本满意', 'en-US': 'Basically satisfied' },
  unsatisfied: { 'zh-CN': '不满意', 'en-US': 'Not satisfied' },
};

/** 督办 actions of the supervising org on an escalated demand (not state changes; recorded as events). */
export const SUPERVISION_ACTIONS = ['comment', 'urge', 'reassign'] as const;
export const SupervisionAction = z.enum(SUPERVISION_ACTIONS);
export type SupervisionAction = z.infer<typeof SupervisionAction>;

/* ---------------------------------------------------------------- payloads */

const Text = (max: number) => z.string().trim().min(1).max(max);
const Note = z.string().trim().max(1000).optional();
const IsoDate = z.iso.date();

/** The requester: a registry person, a resident of the portal, or a name and phone taken down at intake. */
export const RequesterInput = z.strictObject({
  personId: z.number().int().positive().nullable().optional(),
  name: z.string().trim().max(50).nullable().optional(),
  phone: MobilePhone.nullable().optional(),
});

export const DemandInput = z.strictObject({
  orgId: z.number().int().positive(),
  source: DemandSource,
  category: CategoryCode,
  urgency: Urgency.default('ordinary'),
  title: Text(100),
  description: Text(4000),
  requester: RequesterInput.default({}),
  /** When taken from the hotline: the call sheet number (工单号). */
  sourceRef: z.string().trim().max(60).nullable().optional(),
  /**
   * When the woman actually called or came (a call sheet entered afterwards); deadlines run from then. At most 30 days
   * back.
   */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});
export type DemandInput = z.infer<typeof DemandInput>;

export const DemandTransitionInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('sign'), note: Note }),
  z.strictObject({ action: z.literal('dispatch'), assigneeUserId: z.number().int().positive(), note: Note }),
  z.strictObject({
    action: z.literal('accept'),
    assigneeUserId: z.number().int().positive().nullable().optional(),
    note: Note,
  }),
  z.strictObject({ action: z.literal('decline'), note: Text(1000) }),
  z.strictObject({
    action: z.literal('transfer'),
    department: Text(100),
    departmentContact: z.string().trim().max(100).nullable().optional(),
    answerDueOn: IsoDate.nullable().optional(),
    note: Note,
  }),
  z.strictObject({ action: z.literal('answer'), answer: Text(2000) }),
  z.strictObject({ action: z.literal('suggest'), suggestion: Text(2000), note: Note }),
  z.strictObject({ action: z.literal('reply'), reply: Text(2000) }),
  z.strictObject({ action: z.literal('rate'), rating: Rating, comment: z.string().trim().max(500).optional() }),
  z.strictObject({ action: z.literal('close'), note: Text(1000) }),
  z.strictObject({ action: z.literal('reopen'), note: Text(1000) }),
  z.strictObject({ action: z.literal('cancel'), note: Text(1000) }),
]);
export type DemandTransitionInput = z.infer<typeof DemandTransitionInput>;

export const SupervisionInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('comment'), note: Text(1000) }),
  z.strictObject({ action: z.literal('urge'), note: Text(1000) }),
  z.strictObject({ action: z.literal('reassign'), orgId: z.number().int().positive(), note: Text(1000) }),
]);
export type SupervisionInput = z.infer<typeof SupervisionInput>;

export const UserRef = z.object({ id: z.number().int(), displayName: z.string() });

export const DemandEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.string(),
  fromState: DemandState.nullable(),
  toState: DemandState.nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type DemandEvent = z.infer<typeof DemandEvent>;

export const Escalation = z.object({
  level: z.number().int(),
  at: z.string(),
  toOrg: OrgSummary,
  missed: z.enum(['sign', 'feedback']),
});

export const DemandListItem = z.object({
  id: z.number().int(),
  code: z.string(),
  org: OrgSummary,
  source: DemandSource,
  category: z.string(),
  urgency: Urgency,
  title: z.string(),
  state: DemandState,
  route: DemandRoute.nullable(),
  requesterName: z.string().nullable(),
  assignee: UserRef.nullable(),
  receivedAt: z.string(),
  signDueAt: z.string(),
  feedbackDueAt: z.string(),
  /** Past the feedback deadline without a reply. */
  overdue: z.boolean(),
  /** Still not signed for, past the 2-hour sign-for deadline. */
  signOverdue: z.boolean(),
  /**
   * The deadlines were counted through a year whose holiday schedule is not loaded (Monday to Friday meanwhile): they
   * are recomputed when it is.
   */
  deadlinesProvisional: z.boolean(),
  escalationLevel: z.number().int(),
  escalatedTo: OrgSummary.nullable(),
  rating: Rating.nullable(),
});
export type DemandListItem = z.infer<typeof DemandListItem>;

export const DemandAllowedAction = z.enum([...DEMAND_ACTIONS, ...SUPERVISION_ACTIONS, 'link_requester']);
export type DemandAllowedAction = z.infer<typeof DemandAllowedAction>;

export const Demand = DemandListItem.extend({
  description: z.string(),
  sourceRef: z.string().nullable(),
  requester: z.object({
    kind: z.enum(['person', 'resident', 'anonymous', 'contact']),
    personId: z.number().int().nullable(),
    personName: z.string().nullable(),
    residentId: z.number().int().nullable(),
    name: z.string().nullable(),
    phone: z.string().nullable(), // masked
  }),
  serviceItem: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  preferredDate: z.string().nullable(),
  visitId: z.number().int().nullable(),
  caseId: z.number().int().nullable(),
  signedAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  warnAt: z.string(),
  /**
   * How its hour-based deadlines are counted: round the clock (an emergency endangering life or property), or in the
   * office hours of the org that owns it (on working days).
   */
  deadlineClock: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('round_the_clock') }),
    z.object({ kind: z.literal('office_hours'), hours: OfficeHours }),
  ]),
  department: z.string().nullable(),
  departmentContact: z.string().nullable(),
  departmentAnswerDueOn: z.string().nullable(),
  departmentAnswer: z.string().nullable(),
  suggestion: z.string().nullable(),
  suggestionHandedTo: z.string().nullable(),
  reply: z.string().nullable(),
  ratingComment: z.string().nullable(),
  reopenCount: z.number().int(),
  escalations: z.array(Escalation),
  events: z.array(DemandEvent),
  allowedActions: z.array(DemandAllowedAction),
  version: z.number().int(),
});
export type Demand = z.infer<typeof Demand>;

/** The work queues of one org: its own open demands, the ones escalated to it (督办), or those dispatched to me. */
export const DemandView = z.enum(['queue', 'supervised', 'mine', 'all']);
export const DemandListQuery = z.object({
  view: DemandView.default('queue'),
  orgId: z.coerce.number().int().positive().optional(),
  state: z.union([DemandState, z.array(DemandState).max(12)]).optional(),
  source: DemandSource.optional(),
  category: CategoryCode.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(50).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DemandListQuery = z.infer<typeof DemandListQuery>;
export const DemandIdParams = z.object({ demandId: z.coerce.number().int().positive() });

/** 及时签收率, 按时办结率, 回访满意率 — per org (self or each child), over a period, from live counters. */
export const DemandIndicatorsQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  by: z.enum(['self', 'children']).default('self'),
});
export const DemandIndicatorRow = z.object({
  org: OrgSummary,
  received: z.number().int(),
  signed: z.number().int(),
  signedOnTime: z.number().int(),
  replied: z.number().int(),
  repliedOnTime: z.number().int(),
  rated: z.number().int(),
  satisfied: z.number().int(),
  basicallySatisfied: z.number().int(),
  unsatisfied: z.number().int(),
  escalated: z.number().int(),
  /** Shares in [0, 1], null when there is nothing to divide. */
  timelySignRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
});
export type DemandIndicatorRow = z.infer<typeof DemandIndicatorRow>;
export const DemandIndicators = z.object({ from: z.string(), to: z.string(), rows: z.array(DemandIndicatorRow) });

/** 建议 collected for deputies (人大代表) and CPPCC members (政协委员). */
export const SuggestionItem = z.object({
  demandId: z.number().int(),
  code: z.string(),
  org: OrgSummary,
  category: z.string(),
  title: z.string(),
  suggestion: z.string(),
  suggestedAt: z.string(),
  handedTo: z.string().nullable(),
  handedAt: z.string().nullable(),
});
export const SuggestionQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  handed: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const HandOverInput = z.strictObject({
  demandIds: z.array(z.number().int().positive()).min(1).max(200),
  handedTo: Text(100),
  note: Note,
});
