import { z } from 'zod';
import { IsoDate, IsoDateTime, OrgRef, labels } from './labels.js';
import { CaseParty, CaseType, RiskLevel } from './cases.js';

// Rights protection 维权: handling — partner agencies and referrals, legal instruments, mediation, services,
// follow-ups.

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
/** GET /referrals: the partner agency's inbox, a page at a time, what needs the agency first. */
export const ReferralInboxQuery = z.object({
  status: ReferralState.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ReferralInboxQuery = z.infer<typeof ReferralInboxQuery>;
export const ReferralInboxItem = Referral.extend({ caseNo: z.string(), caseType: z.string() });
export const ReferralInbox = z.object({
  agency: PartnerAgency,
  /** To accept (urgent first), to answer (urgent first), then the rest; newest first within each. */
  items: z.array(ReferralInboxItem),
  nextCursor: z.string().nullable(),
  /** The whole inbox's referrals to accept and to answer, whatever the filter: on the first page only (null after). */
  counts: z.object({ sent: z.number().int(), accepted: z.number().int() }).nullable(),
});
export type ReferralInbox = z.infer<typeof ReferralInbox>;
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
