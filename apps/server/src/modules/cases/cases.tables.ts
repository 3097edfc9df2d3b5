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
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/*
 * Rights protection 维权. The header (`cases`) says that a case exists — number, type, status, org — and is admitted
 * to the whole subtree. Everything else is content, admitted by row-level security only to the users entitled to the
 * case (assigned, supervising in the chain, referred agency, break-glass): docs/decisions/0005-case-access.md.
 * Every table carries org_path and district_id (decision 0003); free text about the victim is AES-GCM ciphertext.
 */
const scoped = {
  orgPath: ltree('org_path').notNull(),
  districtId: bigint('district_id', { mode: 'number' }),
};
const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();
const caseId = () => bigint('case_id', { mode: 'number' }).notNull();
const ts = (name: string) => timestamp(name, { withTimezone: true });

/** 联动单位: police, court, legal aid… attached to the org whose cases they serve (usually a district). */
export const partnerAgencies = pgTable(
  'partner_agencies',
  {
    id: id(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    ...scoped,
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('partner_agencies_path_gist').using('gist', t.orgPath)],
);

/** A partner-agency user acts for exactly one agency. */
export const agencyUsers = pgTable(
  'agency_users',
  {
    userId: bigint('user_id', { mode: 'number' }).primaryKey(),
    agencyId: bigint('agency_id', { mode: 'number' }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('agency_users_agency_idx').on(t.agencyId)],
);

/** The case header: existence only. */
export const cases = pgTable(
  'cases',
  {
    id: id(),
    caseNo: text('case_no').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    ...scoped,
    caseType: text('case_type').notNull(),
    status: text('status').notNull(),
    openedAt: ts('opened_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    uniqueIndex('cases_case_no_key').on(t.caseNo),
    index('cases_path_gist').using('gist', t.orgPath),
    index('cases_district_opened_idx').on(t.districtId, t.openedAt, t.id),
    index('cases_opened_idx').on(t.openedAt, t.id),
  ],
);

export const caseNumberCounters = pgTable(
  'case_number_counters',
  {
    districtId: bigint('district_id', { mode: 'number' }).notNull(),
    year: smallint('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.year] })],
);

/** Content, one row per case: channel, narrative, intake sheet, risk and its contact deadline, outcome, safety plan. */
export const caseDetails = pgTable(
  'case_details',
  {
    caseId: bigint('case_id', { mode: 'number' }).primaryKey(),
    ...scoped,
    channel: text('channel').notNull(),
    narrativeEnc: text('narrative_enc').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }),
    involvesMinor: boolean('involves_minor').notNull().default(false),
    /** Non-identifying parts of the intake sheet (call time, anonymity, mandatory-report receipt, 舆情 source). */
    intake: jsonb('intake')
      .notNull()
      .default(sql`'{}'::jsonb`),
    callerNameEnc: text('caller_name_enc'),
    callbackPhoneEnc: text('callback_phone_enc'),
    callbackPhoneMasked: text('callback_phone_masked'),
    sourceType: text('source_type'),
    sourceId: bigint('source_id', { mode: 'number' }),
    victimDisplay: text('victim_display'),
    riskLevel: text('risk_level'),
    riskScore: smallint('risk_score'),
    contactDueAt: ts('contact_due_at'),
    contactedAt: ts('contacted_at'),
    contactEscalatedAt: ts('contact_escalated_at'),
    supervised: boolean('supervised').notNull().default(false),
    supervisedAt: ts('supervised_at'),
    outcome: text('outcome'),
    safetyPlanEnc: text('safety_plan_enc'),
    safetyPlanUpdatedAt: ts('safety_plan_updated_at'),
    safetyPlanUpdatedBy: text('safety_plan_updated_by'),
  },
  (t) => [
    index('case_details_contact_due_idx')
      .on(t.contactDueAt)
      .where(sql`contacted_at is null and contact_escalated_at is null`),
    // the worker's and supervisor's list of first contacts still to make (cases.due: high risk, not contacted): a
    // handful of rows, where the index above also holds every escalated one and the seed's uncontacted low risks
    index('case_details_pending_contact_idx')
      .on(t.contactDueAt, t.caseId)
      .where(sql`risk_level = 'high' and contacted_at is null and contact_due_at is not null`),
  ],
);

export const caseParties = pgTable(
  'case_parties',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    role: text('role').notNull(),
    personId: bigint('person_id', { mode: 'number' }),
    nameEnc: text('name_enc'),
    nameMasked: text('name_masked'),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    gender: text('gender'),
    minor: boolean('minor').notNull().default(false),
    relationship: text('relationship'),
  },
  (t) => [index('case_parties_case_idx').on(t.caseId), index('case_parties_person_idx').on(t.personId)],
);

export const caseAssessments = pgTable(
  'case_assessments',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    indicators: text('indicators').array().notNull(),
    score: smallint('score').notNull(),
    level: text('level').notNull(),
    noteEnc: text('note_enc'),
    assessedBy: text('assessed_by').notNull(),
    assessedAt: ts('assessed_at').notNull().defaultNow(),
  },
  (t) => [index('case_assessments_case_idx').on(t.caseId)],
);

/** Every transition and every notable act on the case: who, when, why. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull().defaultNow(),
    detail: jsonb('detail'),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at)],
);

/** Need-to-know as data: who works on the case. */
export const caseAssignments = pgTable(
  'case_assignments',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    role: text('role').notNull(),
    assignedBy: text('assigned_by').notNull(),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
    endedAt: ts('ended_at'),
  },
  (t) => [
    index('case_assignments_case_idx').on(t.caseId),
    index('case_assignments_user_idx')
      .on(t.userId, t.caseId)
      .where(sql`ended_at is null`),
  ],
);

export const caseReferrals = pgTable(
  'case_referrals',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    agencyId: bigint('agency_id', { mode: 'number' }).notNull(),
    status: text('status').notNull(),
    requestEnc: text('request_enc').notNull(),
    urgent: boolean('urgent').notNull().default(false),
    sentAt: ts('sent_at').notNull().defaultNow(),
    sentBy: text('sent_by').notNull(),
    acceptedAt: ts('accepted_at'),
    declinedAt: ts('declined_at'),
    declineReason: text('decline_reason'),
    answeredAt: ts('answered_at'),
    /** Reports back from the agency, each encrypted: [{ at, by, textEnc, final }]. */
    reports: jsonb('reports')
      .notNull()
      .default(sql`'[]'::jsonb`),
    /**
     * What needs the agency first: 4 urgent to accept, 3 to accept, 2 urgent to answer, 1 to answer, 0 closed. A stored
     * column, not an expression index: under row-level security only leakproof operators make index conditions, and
     * the expression's `::int` and `+` are not, so a page after the first would sort the whole inbox.
     */
    inboxPriority: smallint('inbox_priority')
      .notNull()
      .generatedAlwaysAs(
        sql`(case status when 'sent' then 3 when 'accepted' then 1 else 0 end + case when urgent and status in ('sent', 'accepted') then 1 else 0 end)`,
      ),
  },
  (t) => [
    index('case_referrals_case_idx').on(t.caseId),
    index('case_referrals_agency_idx').on(t.agencyId, t.sentAt),
    // The agency's inbox in its order: what needs it first, then newest first (cases.referrals.repository.ts).
    index('case_referrals_inbox_idx').on(t.agencyId, t.inboxPriority, t.sentAt, t.id),
  ],
);

export const caseInstruments = pgTable(
  'case_instruments',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    issuer: text('issuer'),
    documentNo: text('document_no'),
    urgent: boolean('urgent').notNull().default(false),
    appliedAt: ts('applied_at'),
    decisionDueAt: ts('decision_due_at'),
    issuedAt: ts('issued_at'),
    validUntil: date('valid_until', { mode: 'string' }),
    remindOn: date('remind_on', { mode: 'string' }),
    reminderSentAt: ts('reminder_sent_at'),
  },
  (t) => [
    index('case_instruments_case_idx').on(t.caseId),
    index('case_instruments_remind_idx')
      .on(t.remindOn)
      .where(sql`reminder_sent_at is null`),
  ],
);

/** 人民调解员 roster of an org. */
export const mediators = pgTable(
  'mediators',
  {
    id: id(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    ...scoped,
    name: text('name').notNull(),
    userId: bigint('user_id', { mode: 'number' }),
    specialty: text('specialty'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [index('mediators_path_gist').using('gist', t.orgPath)],
);

export const caseMediations = pgTable(
  'case_mediations',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    mediatorId: bigint('mediator_id', { mode: 'number' }).notNull(),
    mediatorName: text('mediator_name').notNull(),
    status: text('status').notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
    /** [{ id, heldAt, place, summaryEnc }] */
    sessions: jsonb('sessions')
      .notNull()
      .default(sql`'[]'::jsonb`),
    agreementAt: ts('agreement_at'),
    termsEnc: text('terms_enc'),
    obligationsEnc: text('obligations_enc'),
    performanceDue: date('performance_due', { mode: 'string' }),
    signedBy: text('signed_by').array(),
    noAgreementReason: text('no_agreement_reason'),
    confirmationDue: date('confirmation_due', { mode: 'string' }),
    judicialConfirmation: text('judicial_confirmation').notNull().default('none'),
  },
  (t) => [index('case_mediations_case_idx').on(t.caseId)],
);

export const caseServices = pgTable(
  'case_services',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    kind: text('kind').notNull(),
    provider: text('provider').notNull(),
    providedOn: date('provided_on', { mode: 'string' }).notNull(),
    detailEnc: text('detail_enc'),
    amountYuan: numeric('amount_yuan', { precision: 12, scale: 2, mode: 'number' }),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('case_services_case_idx').on(t.caseId)],
);

export const caseFollowUps = pgTable(
  'case_follow_ups',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('pending'),
    doneAt: ts('done_at'),
    doneBy: text('done_by'),
    noteEnc: text('note_enc'),
    escalatedAt: ts('escalated_at'),
  },
  (t) => [
    index('case_follow_ups_case_idx').on(t.caseId),
    index('case_follow_ups_due_idx')
      .on(t.dueOn)
      .where(sql`status = 'pending' and escalated_at is null`),
  ],
);

/** Break-glass: a reasoned, time-limited read of a case the user is not entitled to. */
export const caseAccessGrants = pgTable(
  'case_access_grants',
  {
    id: id(),
    caseId: caseId(),
    ...scoped,
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    userName: text('user_name').notNull(),
    reason: text('reason').notNull(),
    grantedAt: ts('granted_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('case_access_grants_case_user_idx').on(t.caseId, t.userId)],
);

/** 婚姻家庭纠纷排查: a screening round of an org (五项机制: screening). */
export const caseScreenings = pgTable(
  'case_screenings',
  {
    id: id(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    ...scoped,
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    households: integer('households').notNull(),
    disputesFound: integer('disputes_found').notNull(),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('case_screenings_path_gist').using('gist', t.orgPath)],
);

/** 零报告: a village reports that it had nothing to report in a period. */
export const caseNilReports = pgTable(
  'case_nil_reports',
  {
    id: id(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    ...scoped,
    period: text('period').notNull(),
    reportedBy: text('reported_by').notNull(),
    reportedAt: ts('reported_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('case_nil_reports_org_period_key').on(t.orgId, t.period)],
);
