import { z } from 'zod';
import { IsoDate, OrgRef } from './labels.js';
import { ExportPassword } from './files.js';
import {
  CaseChannel,
  CaseOutcome,
  CaseParty,
  CaseState,
  CaseTransition,
  CaseType,
  RiskIndicatorCode,
  RiskLevel,
} from './cases.js';
import { GridReportInfo, MandatoryReportInfo } from './cases-intake.js';
import { CaseService, FollowUp, Instrument, Mediation, Referral } from './cases-handling.js';

// Rights protection 维权: what the case pages read, and access (break-glass, grants).

/* Views */
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

/** GET /cases/due: what is due on the reader's own cases (assigned; a supervisor's subtree), for her workbench. */
export const CasesDueQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  /** Follow-ups due within this many days from today (China dates); overdue ones are always included. */
  days: z.coerce.number().int().min(0).max(90).default(7),
});
export const DueFollowUp = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  caseNo: z.string(),
  caseType: CaseType,
  org: OrgRef,
  dueOn: IsoDate,
  reason: FollowUp.shape.reason,
  overdue: z.boolean(),
});
export const DueContact = z.object({
  caseId: z.number().int(),
  caseNo: z.string(),
  caseType: CaseType,
  org: OrgRef,
  dueAt: z.string(),
  overdue: z.boolean(),
});
export const CasesDue = z.object({
  today: IsoDate,
  followUps: z.array(DueFollowUp),
  /** High-risk cases whose first contact is still to be made. */
  contacts: z.array(DueContact),
});
export type CasesDue = z.infer<typeof CasesDue>;

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
  'mandatory_report',
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
  password: ExportPassword,
  status: CaseState.optional(),
  caseType: CaseType.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
