import { z } from 'zod';
import { defineStateMachine } from './state-machine.js';
import { MobilePhone, Gender, PersonInput } from './people.js';

// Rights protection 维权 (PRODUCT §2.5). Need-to-know: see docs/decisions/0005-case-access.md.

const IsoDate = z.iso.date();
const IsoDateTime = z.iso.datetime({ offset: true });
type Labels = Record<string, { 'zh-CN': string; 'en-US': string }>;
const labels = <K extends string>(rows: readonly (readonly [K, string, string])[]) =>
  Object.fromEntries(rows.map(([k, zh, en]) => [k, { 'zh-CN': zh, 'en-US': en }])) as Record<
    K,
    { 'zh-CN': string; 'en-US': string }
  >;

/** Case type dictionary. */
const CASE_TYPE_ROWS = [
  ['domestic_violence', '家庭暴力', 'Domestic violence'],
  ['marriage_family_dispute', '婚姻家庭纠纷', 'Marriage and family dispute'],
  ['sexual_assault', '性侵害/猥亵', 'Sexual assault / indecency'],
  ['trafficking', '拐卖', 'Trafficking'],
  ['employment_discrimination', '就业性别歧视', 'Gender discrimination in employment'],
  ['land_property_rights', '土地及财产权益', 'Land and property rights'],
  ['personality_rights', '人格权', 'Personality rights'],
  ['child_rights', '未成年人权益', "Children's rights"],
  ['other', '其他', 'Other'],
] as const;
export const CASE_TYPES = CASE_TYPE_ROWS.map((r) => r[0]);
export const CaseType = z.enum(
  CASE_TYPES as unknown as [(typeof CASE_TYPE_ROWS)[number][0], ...(typeof CASE_TYPE_ROWS)[number][0][]],
);
export type CaseType = z.infer<typeof CaseType>;
export const CASE_TYPE_LABELS = labels(CASE_TYPE_ROWS);

const CHANNEL_ROWS = [
  ['hotline', '12338 热线', '12338 hotline'],
  ['walk_in', '来访', 'Walk-in'],
  ['online', '网上求助', 'Online help request'],
  ['demand', '诉求转入', 'From a demand'],
  ['visit', '走访发现', 'From a visit'],
  ['grid_report', '网格员报告', "Grid worker's report"],
  ['mandatory_report', '强制报告', 'Mandatory report'],
  ['public_opinion', '舆情', 'Public-opinion incident'],
] as const;
export const CASE_CHANNELS = CHANNEL_ROWS.map((r) => r[0]);
export const CaseChannel = z.enum(
  CASE_CHANNELS as unknown as [(typeof CHANNEL_ROWS)[number][0], ...(typeof CHANNEL_ROWS)[number][0][]],
);
export type CaseChannel = z.infer<typeof CaseChannel>;
export const CASE_CHANNEL_LABELS = labels(CHANNEL_ROWS);

/* Lifecycle 受理 → 评估 → 处置 → 回访 → 结案; reopen. */
export const CASE_STATES = ['intake', 'assessment', 'handling', 'follow_up', 'closed'] as const;
export const CaseState = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseState>;
export const CASE_STATE_LABELS = labels([
  ['intake', '受理', 'Intake'],
  ['assessment', '评估', 'Assessment'],
  ['handling', '处置', 'Handling'],
  ['follow_up', '回访', 'Follow-up'],
  ['closed', '结案', 'Closed'],
] as const);

export const CASE_TRANSITIONS = ['begin_assessment', 'begin_handling', 'begin_follow_up', 'close', 'reopen'] as const;
export const CaseTransition = z.enum(CASE_TRANSITIONS);
export type CaseTransition = z.infer<typeof CaseTransition>;

const OUTCOME_ROWS = [
  ['resolved', '问题已解决', 'Resolved'],
  ['mediated', '调解达成协议', 'Mediation agreement'],
  ['judicial', '进入司法程序', 'Taken to court'],
  ['protected', '已获安全保护', 'Protection in place'],
  ['referred_done', '转介办结', 'Completed by the partner agency'],
  ['withdrawn', '当事人撤回', 'Withdrawn by the party'],
  ['not_accepted', '不属于受理范围', 'Not within scope'],
  ['unreachable', '无法联系', 'Unreachable'],
] as const;
export const CASE_OUTCOMES = OUTCOME_ROWS.map((r) => r[0]);
export const CaseOutcome = z.enum(
  CASE_OUTCOMES as unknown as [(typeof OUTCOME_ROWS)[number][0], ...(typeof OUTCOME_ROWS)[number][0][]],
);
export type CaseOutcome = z.infer<typeof CaseOutcome>;
export const CASE_OUTCOME_LABELS = labels(OUTCOME_ROWS);
/** Outcomes that may end a case before it was handled (不予受理, 撤回). */
export const EARLY_OUTCOMES: readonly CaseOutcome[] = ['withdrawn', 'not_accepted', 'unreachable'];

/** The state machine: each transition, the states it leaves from and its target. */
export const CASE_MACHINE = defineStateMachine<CaseState, CaseTransition>({
  states: CASE_STATES,
  transitions: {
    begin_assessment: { from: ['intake'], to: 'assessment' },
    begin_handling: { from: ['assessment', 'follow_up'], to: 'handling' },
    begin_follow_up: { from: ['handling'], to: 'follow_up' },
    close: { from: ['intake', 'assessment', 'follow_up'], to: 'closed' },
    reopen: { from: ['closed'], to: 'assessment' },
  },
});

/** The target of a transition, or a reason it is refused. Pure: used by the server and the UI. */
export function caseTransitionTarget(
  from: CaseState,
  t: CaseTransition,
  outcome?: CaseOutcome | null,
): { ok: true; to: CaseState } | { ok: false; reason: 'illegal' | 'outcome_required' | 'early_outcome_only' } {
  const to = CASE_MACHINE.next(t, from);
  if (!to) return { ok: false, reason: 'illegal' };
  if (t === 'close') {
    if (!outcome) return { ok: false, reason: 'outcome_required' };
    if (from !== 'follow_up' && !EARLY_OUTCOMES.includes(outcome)) return { ok: false, reason: 'early_outcome_only' };
  }
  return { ok: true, to };
}

/* Structured risk assessment: a checklist of danger indicators scored into high / medium / low. */
const INDICATOR_ROWS = [
  // code, weight, critical (alone makes the case high risk), zh, en
  ['threat_to_kill', 4, true, '扬言杀害受害人或其家人', 'Threatened to kill her or her family'],
  ['strangulation', 4, true, '曾掐脖子或使其窒息', 'Choking or strangulation'],
  ['weapon', 4, true, '使用或威胁使用刀具、枪支等凶器', 'Used or threatened with a weapon'],
  ['escalating', 3, false, '暴力频率或严重程度在增加', 'Violence is escalating in frequency or severity'],
  ['injury_requiring_care', 3, false, '造成需要就医的伤害', 'Injuries needing medical care'],
  ['pregnant', 2, false, '怀孕期间遭受暴力', 'Violence during pregnancy'],
  ['recent_separation', 2, false, '近期分居或提出离婚', 'Recent separation or divorce request'],
  ['child_harmed', 3, false, '同时伤害或威胁子女', 'Children harmed or threatened'],
  ['stalking', 2, false, '跟踪、骚扰、监视', 'Stalking, harassment, surveillance'],
  ['substance_abuse', 1, false, '施暴人酗酒或吸毒', 'Perpetrator abuses alcohol or drugs'],
  ['controlling', 1, false, '极端控制（经济、行动、通讯）', 'Coercive control (money, movement, phone)'],
  ['suicide_threat', 2, false, '施暴人以自杀相威胁', 'Perpetrator threatens suicide'],
  ['order_violated', 3, false, '违反告诫书或人身安全保护令', 'Violated a warning letter or protection order'],
  ['sexual_violence', 3, false, '性暴力', 'Sexual violence'],
  ['victim_fears_for_life', 3, false, '受害人担心自己有生命危险', 'She fears for her life'],
] as const;
export type RiskIndicator = (typeof INDICATOR_ROWS)[number][0];
export const RISK_INDICATORS = INDICATOR_ROWS.map(([code, weight, critical, zh, en]) => ({
  code,
  weight,
  critical,
  label: { 'zh-CN': zh, 'en-US': en },
}));
export const RiskIndicatorCode = z.enum(
  INDICATOR_ROWS.map((r) => r[0]) as unknown as [RiskIndicator, ...RiskIndicator[]],
);
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;
export const RISK_LEVEL_LABELS = labels([
  ['low', '低风险', 'Low'],
  ['medium', '中风险', 'Medium'],
  ['high', '高风险', 'High'],
] as const);
export const RISK_THRESHOLDS = { high: 8, medium: 3 } as const;

/** Score = sum of weights; any critical indicator or a score ≥ 8 is high, ≥ 3 medium, else low. */
export function scoreRisk(indicators: readonly RiskIndicator[]): { score: number; level: RiskLevel } {
  const set = new Set(indicators);
  let score = 0;
  let critical = false;
  for (const i of RISK_INDICATORS) {
    if (!set.has(i.code)) continue;
    score += i.weight;
    if (i.critical) critical = true;
  }
  const level: RiskLevel =
    critical || score >= RISK_THRESHOLDS.high ? 'high' : score >= RISK_THRESHOLDS.medium ? 'medium' : 'low';
  return { score, level };
}
/** High-risk cases must be contacted within this many clock hours of the assessment. */
export const HIGH_RISK_CONTACT_HOURS = 24;

/* Parties */
export const PARTY_ROLES = ['victim', 'respondent', 'child', 'reporter'] as const;
export const PartyRole = z.enum(PARTY_ROLES);
export type PartyRole = z.infer<typeof PartyRole>;
export const PARTY_ROLE_LABELS = labels([
  ['victim', '受害人', 'Victim'],
  ['respondent', '被投诉人', 'Respondent'],
  ['child', '未成年子女', 'Child'],
  ['reporter', '报告人', 'Reporter'],
] as const);

/**
 * A party is a registry person (existing or registered now) or, for those who must not enter the registry, kept
 * encrypted on the case.
 */
export const PartyInput = z.union([
  z.strictObject({
    role: PartyRole,
    personId: z.number().int().positive(),
    relationship: z.string().trim().max(20).optional(),
  }),
  z.strictObject({
    role: PartyRole,
    newPerson: PersonInput.omit({ tags: true }),
    relationship: z.string().trim().max(20).optional(),
  }),
  z.strictObject({
    role: PartyRole,
    unregistered: z.strictObject({
      name: z.string().trim().max(50).optional(),
      phone: MobilePhone.optional(),
      gender: Gender.optional(),
      minor: z.boolean().default(false),
    }),
    relationship: z.string().trim().max(20).optional(),
  }),
]);
export type PartyInput = z.infer<typeof PartyInput>;

/* Intake */
export const HotlineSheet = z.strictObject({
  calledAt: IsoDateTime,
  callerName: z.string().trim().max(50).optional(),
  callbackPhone: MobilePhone.optional(),
  anonymous: z.boolean().default(false),
  operator: z.string().trim().max(50).optional(),
});
export const MandatoryReportInfo = z.strictObject({
  reporterOrg: z.string().trim().min(2).max(100),
  policeReportedAt: IsoDateTime,
  policeReceiptNo: z.string().trim().min(3).max(50),
});
export const PublicOpinionInfo = z.strictObject({
  platform: z.string().trim().min(1).max(50),
  url: z.url().max(500).optional(),
  discoveredAt: IsoDateTime,
});
export const GridReportInfo = z.strictObject({
  gridName: z.string().trim().min(1).max(50),
  reporterName: z.string().trim().min(1).max(50),
});

export const CaseIntakeInput = z.strictObject({
  orgId: z.number().int().positive(),
  channel: CaseChannel,
  caseType: CaseType,
  narrative: z.string().trim().min(5).max(5000),
  occurredOn: IsoDate.optional(),
  involvesMinor: z.boolean().default(false),
  hotline: HotlineSheet.optional(),
  mandatoryReport: MandatoryReportInfo.optional(),
  publicOpinion: PublicOpinionInfo.optional(),
  gridReport: GridReportInfo.optional(),
  /** demand / visit need being converted (demand / visit channel). */
  sourceRef: z.strictObject({ type: z.enum(['demand', 'visit']), id: z.number().int().positive() }).optional(),
  parties: z.array(PartyInput).min(1).max(12),
  /** Assessment recorded with the intake (optional). */
  indicators: z.array(RiskIndicatorCode).max(20).optional(),
  /** Another worker to assign; the person taking the intake otherwise. */
  workerId: z.number().int().positive().optional(),
});
export type CaseIntakeInput = z.infer<typeof CaseIntakeInput>;

/**
 * 诉求转维权: what the worker adds when a demand becomes a case. The channel, org, source and (unless given) the victim
 * come from the demand; the narrative defaults to the demand's title and description.
 */
export const CaseFromDemandInput = z.strictObject({
  caseType: CaseType,
  narrative: z.string().trim().min(5).max(5000).optional(),
  occurredOn: IsoDate.optional(),
  involvesMinor: z.boolean().optional(),
  parties: z.array(PartyInput).min(1).max(12).optional(),
  indicators: z.array(RiskIndicatorCode).max(20).optional(),
  workerId: z.number().int().positive().optional(),
});
export type CaseFromDemandInput = z.infer<typeof CaseFromDemandInput>;

/* Views */
const OrgRef = z.object({ id: z.number().int(), name: z.string() });
/** A row of the case list. `access: 'existence'` rows carry number, type, status and org only. */
export const CaseListItem = z.object({
  id: z.number().int(),
  caseNo: z.string(),
  caseType: CaseType,
  status: CaseState,
  org: OrgRef,
  openedAt: z.string(),
  access: z.enum(['full', 'existence']),
  channel: CaseChannel.nullable(),
  riskLevel: RiskLevel.nullable(),
  victim: z.string().nullable(),
  contactDueAt: z.string().nullable(),
  contactOverdue: z.boolean().nullable(),
  supervised: z.boolean().nullable(),
  involvesMinor: z.boolean().nullable(),
});
export type CaseListItem = z.infer<typeof CaseListItem>;
export const CaseListQuery = z.object({
  view: z.enum(['mine', 'all']).default('mine'),
  status: CaseState.optional(),
  caseType: CaseType.optional(),
  orgId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(40).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseParty = z.object({
  id: z.number().int(),
  role: PartyRole,
  personId: z.number().int().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  gender: Gender.nullable(),
  minor: z.boolean(),
  relationship: z.string().nullable(),
  registered: z.boolean(),
});
export const RiskAssessment = z.object({
  id: z.number().int(),
  indicators: z.array(RiskIndicatorCode),
  score: z.number().int(),
  level: RiskLevel,
  note: z.string().nullable(),
  assessedBy: z.string(),
  assessedAt: z.string(),
});
export const CaseEvent = z.object({
  id: z.number().int(),
  kind: z.string(),
  from: CaseState.nullable(),
  to: CaseState.nullable(),
  reason: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export const ASSIGNMENT_ROLES = ['worker', 'mediator', 'counsellor'] as const;
export const AssignmentRole = z.enum(ASSIGNMENT_ROLES);
export const CaseAssignment = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  role: AssignmentRole,
  assignedAt: z.string(),
  assignedBy: z.string(),
});

/* Partner agencies and referrals 联动 */
const AGENCY_ROWS = [
  ['police', '公安', 'Police'],
  ['court', '法院', 'Court'],
  ['procuratorate', '检察院', 'Procuratorate'],
  ['legal_aid', '司法局/法律援助中心', 'Justice bureau / legal aid'],
  ['civil_affairs', '民政/庇护所', 'Civil affairs / shelter'],
  ['education', '教育', 'Education'],
  ['health', '卫健', 'Health'],
] as const;
export const AGENCY_KINDS = AGENCY_ROWS.map((r) => r[0]);
export const AgencyKind = z.enum(
  AGENCY_KINDS as unknown as [(typeof AGENCY_ROWS)[number][0], ...(typeof AGENCY_ROWS)[number][0][]],
);
export type AgencyKind = z.infer<typeof AgencyKind>;
export const AGENCY_KIND_LABELS = labels(AGENCY_ROWS);
export const PartnerAgency = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: AgencyKind,
  org: OrgRef,
  active: z.boolean(),
});
export type PartnerAgency = z.infer<typeof PartnerAgency>;

export const REFERRAL_STATES = ['sent', 'accepted', 'declined', 'answered', 'withdrawn'] as const;
export const ReferralState = z.enum(REFERRAL_STATES);
export type ReferralState = z.infer<typeof ReferralState>;
export const REFERRAL_STATE_LABELS = labels([
  ['sent', '已转介', 'Sent'],
  ['accepted', '已接收', 'Accepted'],
  ['declined', '已退回', 'Declined'],
  ['answered', '已反馈', 'Answered'],
  ['withdrawn', '已撤回', 'Withdrawn'],
] as const);
export const REFERRAL_MACHINE: Record<
  ReferralState,
  Partial<Record<'accept' | 'decline' | 'report' | 'answer' | 'withdraw', ReferralState>>
> = {
  sent: { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' },
  accepted: { report: 'accepted', answer: 'answered', withdraw: 'withdrawn' },
  declined: {},
  answered: {},
  withdrawn: {},
};
export const ReferralReport = z.object({ at: z.string(), by: z.string(), text: z.string(), final: z.boolean() });
export const Referral = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  agency: PartnerAgency,
  status: ReferralState,
  request: z.string(),
  urgent: z.boolean(),
  sentAt: z.string(),
  sentBy: z.string(),
  acceptedAt: z.string().nullable(),
  declinedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  answeredAt: z.string().nullable(),
  reports: z.array(ReferralReport),
  /** Hours from sending to acceptance and to the final answer: the loop's timing. */
  hoursToAccept: z.number().nullable(),
  hoursToAnswer: z.number().nullable(),
});
export type Referral = z.infer<typeof Referral>;
export const ReferralInput = z.strictObject({
  agencyId: z.number().int().positive(),
  request: z.string().trim().min(4).max(2000),
  urgent: z.boolean().default(false),
});
export const ReferralDecision = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept'), note: z.string().trim().max(500).optional() }),
  z.strictObject({ action: z.literal('decline'), reason: z.string().trim().min(4).max(500) }),
  z.strictObject({
    action: z.literal('report'),
    text: z.string().trim().min(2).max(2000),
    final: z.boolean().default(false),
  }),
]);
/** What an agency user sees of a referral: the request and what it needs of the case, never addresses or contacts. */
export const AgencyReferralView = Referral.extend({
  case: z.object({
    caseNo: z.string(),
    caseType: CaseType,
    riskLevel: RiskLevel.nullable(),
    narrative: z.string(),
    involvesMinor: z.boolean(),
    org: OrgRef,
    parties: z.array(CaseParty.pick({ role: true, name: true, gender: true, minor: true })),
  }),
  allowedActions: z.array(z.enum(['accept', 'decline', 'report'])),
});

/* Legal instruments */
export const INSTRUMENT_KINDS = ['warning_letter', 'protection_order'] as const;
export const InstrumentKind = z.enum(INSTRUMENT_KINDS);
export const INSTRUMENT_KIND_LABELS = labels([
  ['warning_letter', '家庭暴力告诫书', 'Domestic-violence warning letter'],
  ['protection_order', '人身安全保护令', 'Personal safety protection order'],
] as const);
export const InstrumentStatus = z.enum(['applied', 'issued', 'rejected']);
export const Instrument = z.object({
  id: z.number().int(),
  kind: InstrumentKind,
  status: InstrumentStatus,
  issuer: z.string().nullable(),
  documentNo: z.string().nullable(),
  urgent: z.boolean(),
  appliedAt: z.string().nullable(),
  decisionDueAt: z.string().nullable(),
  issuedAt: z.string().nullable(),
  validUntil: z.string().nullable(),
  expiresInDays: z.number().int().nullable(),
  reminderSentAt: z.string().nullable(),
});
export const InstrumentInput = z.strictObject({
  kind: InstrumentKind,
  status: InstrumentStatus,
  issuer: z.string().trim().max(100).optional(),
  documentNo: z.string().trim().max(60).optional(),
  urgent: z.boolean().default(false),
  appliedAt: IsoDateTime.optional(),
  issuedAt: IsoDateTime.optional(),
  validUntil: IsoDate.optional(),
});
export const InstrumentUpdate = z.strictObject({
  status: InstrumentStatus,
  documentNo: z.string().trim().max(60).optional(),
  issuedAt: IsoDateTime.optional(),
  validUntil: IsoDate.optional(),
});
/** Days before an order's expiry when the workers are reminded (working days, platform calendar). */
export const ORDER_REMINDER_WORKDAYS = 10;
/** The court decides on a protection order within 72 hours, 24 hours when urgent (反家庭暴力法 §28). */
export const ORDER_DECISION_HOURS = { normal: 72, urgent: 24 } as const;

/* Mediation (人民调解) and services */
export const Mediator = z.object({
  id: z.number().int(),
  name: z.string(),
  org: OrgRef,
  userId: z.number().int().nullable(),
  specialty: z.string().nullable(),
  active: z.boolean(),
});
export const MediatorInput = z.strictObject({
  orgId: z.number().int().positive(),
  name: z.string().trim().min(2).max(30),
  userId: z.number().int().positive().optional(),
  specialty: z.string().trim().max(100).optional(),
});
export const MediationStatus = z.enum(['ongoing', 'agreement', 'no_agreement']);
export const JudicialConfirmation = z.enum(['none', 'applied', 'confirmed', 'rejected']);
export const MediationSession = z.object({
  id: z.number().int(),
  heldAt: z.string(),
  place: z.string().nullable(),
  summary: z.string(),
});
export const Mediation = z.object({
  id: z.number().int(),
  mediator: z.object({ id: z.number().int(), name: z.string() }),
  status: MediationStatus,
  startedAt: z.string(),
  sessions: z.array(MediationSession),
  agreementAt: z.string().nullable(),
  agreementTerms: z.string().nullable(),
  obligations: z.string().nullable(),
  performanceDue: z.string().nullable(),
  signedBy: z.array(z.string()),
  judicialConfirmationDue: z.string().nullable(),
  judicialConfirmation: JudicialConfirmation,
  daysLeftForConfirmation: z.number().int().nullable(),
});
export const MediationInput = z.strictObject({ mediatorId: z.number().int().positive() });
export const MediationSessionInput = z.strictObject({
  heldAt: IsoDateTime,
  place: z.string().trim().max(100).optional(),
  summary: z.string().trim().min(2).max(2000),
});
export const MediationOutcomeInput = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('agreement'),
    agreementAt: IsoDateTime,
    terms: z.string().trim().min(4).max(4000),
    obligations: z.string().trim().max(2000).optional(),
    performanceDue: IsoDate.optional(),
    signedBy: z.array(z.string().trim().min(1).max(30)).min(2).max(10),
  }),
  z.strictObject({ status: z.literal('no_agreement'), reason: z.string().trim().min(2).max(1000) }),
]);
export const JudicialConfirmationInput = z.strictObject({
  judicialConfirmation: JudicialConfirmation.exclude(['none']),
});
/** 人民调解法 §33: parties may apply for judicial confirmation within 30 days of the agreement taking effect. */
export const JUDICIAL_CONFIRMATION_DAYS = 30;

export const SERVICE_KINDS = ['legal_aid', 'judicial_aid', 'counselling', 'shelter', 'emergency_aid'] as const;
export const ServiceKind = z.enum(SERVICE_KINDS);
export const SERVICE_KIND_LABELS = labels([
  ['legal_aid', '法律援助', 'Legal aid'],
  ['judicial_aid', '司法救助', 'Judicial aid'],
  ['counselling', '心理咨询', 'Counselling'],
  ['shelter', '临时庇护', 'Shelter'],
  ['emergency_aid', '紧急救助金', 'Emergency aid'],
] as const);
export const CaseService = z.object({
  id: z.number().int(),
  kind: ServiceKind,
  provider: z.string(),
  providedOn: z.string(),
  detail: z.string().nullable(),
  amountYuan: z.number().nullable(),
  recordedBy: z.string(),
});
export const CaseServiceInput = z.strictObject({
  kind: ServiceKind,
  provider: z.string().trim().min(2).max(100),
  providedOn: IsoDate,
  detail: z.string().trim().max(1000).optional(),
  amountYuan: z.number().positive().max(1_000_000).optional(),
});

/* Follow-ups 回访 */
export const FollowUpStatus = z.enum(['pending', 'done']);
export const FollowUp = z.object({
  id: z.number().int(),
  dueOn: z.string(),
  reason: z.enum(['follow_up_phase', 'after_closure', 'manual']),
  status: FollowUpStatus,
  overdue: z.boolean(),
  escalatedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  note: z.string().nullable(),
});
export const FollowUpInput = z.strictObject({ dueOn: IsoDate });
export const FollowUpDoneInput = z.strictObject({ note: z.string().trim().min(2).max(2000) });
/** Follow-up intervals, in working days: one in the 回访 phase, two after closure (about one and three months). */
export const FOLLOW_UP_WORKDAYS = { phase: 5, afterClosure: [20, 60] } as const;

/* Break-glass */
export const BreakGlassInput = z.strictObject({ reason: z.string().trim().min(10).max(500) });
export const BREAK_GLASS_MINUTES = 120;
export const AccessGrant = z.object({
  id: z.number().int(),
  user: z.string(),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  active: z.boolean(),
});

export const Attachment = z.object({
  id: z.number().int(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

export const CASE_ACTIONS = [
  'begin_assessment',
  'begin_handling',
  'begin_follow_up',
  'close',
  'reopen',
  'assess',
  'edit',
  'mark_contacted',
  'assign',
  'refer',
  'withdraw_referral',
  'instrument',
  'mediation',
  'service',
  'follow_up',
  'safety_plan',
  'attach',
  'supervise',
  'unmask',
  'break_glass',
] as const;
export const CaseAction = z.enum(CASE_ACTIONS);
export type CaseAction = z.infer<typeof CaseAction>;

export const SafetyPlan = z.object({
  text: z.string(),
  items: z.array(z.string()),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export const SafetyPlanInput = z.strictObject({
  text: z.string().trim().min(4).max(4000),
  items: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
});

export const CaseView = z.object({
  id: z.number().int(),
  caseNo: z.string(),
  caseType: CaseType,
  status: CaseState,
  org: OrgRef,
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  outcome: CaseOutcome.nullable(),
  channel: CaseChannel,
  narrative: z.string(),
  occurredOn: z.string().nullable(),
  involvesMinor: z.boolean(),
  intake: z.object({
    hotline: z
      .object({
        calledAt: z.string(),
        callerName: z.string().nullable(),
        callbackPhone: z.string().nullable(),
        anonymous: z.boolean(),
        operator: z.string().nullable(),
      })
      .nullable(),
    mandatoryReport: MandatoryReportInfo.nullable(),
    publicOpinion: z.object({ platform: z.string(), url: z.string().nullable(), discoveredAt: z.string() }).nullable(),
    gridReport: GridReportInfo.nullable(),
    sourceRef: z.object({ type: z.string(), id: z.number().int() }).nullable(),
  }),
  riskLevel: RiskLevel.nullable(),
  contactDueAt: z.string().nullable(),
  contactedAt: z.string().nullable(),
  contactOverdue: z.boolean(),
  supervised: z.boolean(),
  parties: z.array(CaseParty),
  assessments: z.array(RiskAssessment),
  events: z.array(CaseEvent),
  assignments: z.array(CaseAssignment),
  referrals: z.array(Referral),
  instruments: z.array(Instrument),
  mediations: z.array(Mediation),
  services: z.array(CaseService),
  followUps: z.array(FollowUp),
  safetyPlan: SafetyPlan.nullable(),
  attachments: z.array(Attachment),
  accessGrants: z.array(AccessGrant),
  /** Why this user may read the case: assigned, supervisor, agency, or a break-glass grant (with its expiry). */
  accessBasis: z.enum(['assigned', 'supervisor', 'break_glass']),
  breakGlassExpiresAt: z.string().nullable(),
  allowedActions: z.array(CaseAction),
  version: z.number().int(),
});
export type CaseView = z.infer<typeof CaseView>;
/** What others in the subtree see: that the case exists. */
export const CaseExistence = z.object({
  id: z.number().int(),
  caseNo: z.string(),
  caseType: CaseType,
  status: CaseState,
  org: OrgRef,
  openedAt: z.string(),
  allowedActions: z.array(CaseAction),
});

export const CaseTransitionInput = z.strictObject({
  transition: CaseTransition,
  reason: z.string().trim().max(1000).optional(),
  outcome: CaseOutcome.optional(),
});
export const AssessmentInput = z.strictObject({
  indicators: z.array(RiskIndicatorCode).max(20),
  note: z.string().trim().max(2000).optional(),
});
export const AssignInput = z.strictObject({ userId: z.number().int().positive(), role: AssignmentRole });
export const CaseIdParams = z.object({ caseId: z.coerce.number().int().positive() });
export const UnmaskPartyInput = z.strictObject({
  field: z.enum(['name', 'phone', 'idNumber']),
  reason: z.string().trim().min(4).max(200),
});
export const SuperviseInput = z.strictObject({ reason: z.string().trim().min(4).max(500) });

/* Exports: only as password-protected files. */
export const CaseExportInput = z.strictObject({
  password: z
    .string()
    .min(8)
    .max(64)
    .refine((p) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length >= 3, {
      message: 'password_classes',
    }),
  status: CaseState.optional(),
  caseType: CaseType.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

/* The five-mechanism figures 五项机制 */
export const CASE_METRICS = [
  'cases.screening_visits',
  'cases.reports',
  'cases.nil_reports',
  'cases.high_risk',
  'cases.services',
  'cases.referrals',
  'cases.referrals_answered',
  'cases.supervised',
  'cases.closed',
] as const;
export type CaseMetric = (typeof CASE_METRICS)[number];
export const CASE_METRIC_LABELS: Labels = labels([
  ['cases.screening_visits', '排查走访', 'Screening visits'],
  ['cases.reports', '受理报告', 'Reports received'],
  ['cases.nil_reports', '零报告', 'Nil reports'],
  ['cases.high_risk', '高风险案件', 'High-risk cases'],
  ['cases.services', '服务次数', 'Services given'],
  ['cases.referrals', '联动转介', 'Referrals'],
  ['cases.referrals_answered', '转介反馈', 'Referrals answered'],
  ['cases.supervised', '督办案件', 'Supervised cases'],
  ['cases.closed', '结案', 'Closed'],
] as const);
export const FiguresQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: IsoDate,
  to: IsoDate,
  by: z.enum(['self', 'children']).default('self'),
});
export const FiguresRow = z.object({ org: OrgRef, values: z.record(z.string(), z.number()) });
export const Figures = z.object({
  from: z.string(),
  to: z.string(),
  metrics: z.array(z.string()),
  rows: z.array(FiguresRow),
});
export const ScreeningInput = z.strictObject({
  orgId: z.number().int().positive(),
  visitedOn: IsoDate,
  households: z.number().int().min(1).max(10_000),
  disputesFound: z.number().int().min(0).max(10_000),
  note: z.string().trim().max(500).optional(),
});
export const NilReportInput = z.strictObject({
  orgId: z.number().int().positive(),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period'),
});
