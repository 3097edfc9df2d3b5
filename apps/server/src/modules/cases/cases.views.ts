import { maskNameAfterFirst } from '@jinguo/contracts';
import { daysBetween } from '../../platform/time.js';
import {
  JUDICIAL_CONFIRMATION_DAYS,
  type CaseAction,
  type CaseView,
  type Referral,
  type RiskIndicator,
} from '@jinguo/contracts';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { Scoped } from '../../platform/scope.js';
import type { AccessBasis } from './cases.policy.js';
import { displayNamesByUsername, orgNames, personIdNumbersMasked } from './cases.directory.repository.js';
import * as repo from './cases.repository.js';

const iso = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());
const hoursBetween = (a: Date, b: Date | null) =>
  b ? Math.round(((b.getTime() - a.getTime()) / 3_600_000) * 10) / 10 : null;

export function referralView(
  crypto: FieldCrypto,
  r: repo.ReferralRow,
  a: repo.AgencyRow,
  agencyOrgName: string,
): Referral {
  const reports = (r.reports as { at: string; by: string; textEnc: string; final: boolean }[]).map((x) => ({
    at: x.at,
    by: x.by,
    text: crypto.decrypt(x.textEnc),
    final: x.final,
  }));
  return {
    id: r.id,
    caseId: r.caseId,
    agency: {
      id: a.id,
      name: a.name,
      kind: a.kind as Referral['agency']['kind'],
      org: { id: a.orgId, name: agencyOrgName },
      active: a.active,
    },
    status: r.status as Referral['status'],
    request: crypto.decrypt(r.requestEnc),
    urgent: r.urgent,
    sentAt: r.sentAt.toISOString(),
    sentBy: r.sentBy,
    acceptedAt: iso(r.acceptedAt),
    declinedAt: iso(r.declinedAt),
    declineReason: r.declineReason,
    answeredAt: iso(r.answeredAt),
    reports,
    hoursToAccept: hoursBetween(r.sentAt, r.acceptedAt),
    hoursToAnswer: hoursBetween(r.sentAt, r.answeredAt),
  };
}

/** Parties as shown on a case: masked names and contacts, registry ID numbers masked; never an address. */
export async function partyViews(s: Scoped, rows: repo.PartyRow[]) {
  const ids = rows.map((p) => p.personId).filter((x): x is number => x !== null);
  const persons = await personIdNumbersMasked(s, ids);
  return rows.map((p) => ({
    id: p.id,
    role: p.role as CaseView['parties'][number]['role'],
    personId: p.personId,
    name: p.nameMasked,
    phone: p.phoneMasked,
    idNumber: p.personId ? (persons.get(p.personId) ?? null) : null,
    gender: (p.gender ?? null) as CaseView['parties'][number]['gender'],
    minor: p.minor,
    relationship: p.relationship,
    registered: p.personId !== null,
  }));
}

/** The case's full view from its header `c` and details `d` (read once by the caller, which needs them too). */
export async function buildCaseView(
  s: Scoped,
  crypto: FieldCrypto,
  c: repo.CaseRow,
  d: repo.DetailsRow,
  opts: {
    basis: AccessBasis;
    grantExpiresAt: Date | null;
    allowedActions: CaseAction[];
    today: string;
    attachments: CaseView['attachments'];
  },
): Promise<CaseView> {
  const { parties, assessments, events, assignments, referrals, instruments, mediations, services, followUps, grants } =
    await repo.content(s, c.id);
  const orgs = await orgNames(s, [c.orgId, ...referrals.map((r) => r.agency.orgId)]);
  const intake = d.intake as {
    hotline?: { calledAt: string; anonymous: boolean; operator?: string | null };
    mandatoryReport?: CaseView['intake']['mandatoryReport'];
    publicOpinion?: { platform: string; url?: string | null; discoveredAt: string };
    gridReport?: CaseView['intake']['gridReport'];
  };
  // Who did what, by name: rows written before display names were recorded hold usernames.
  const names = await displayNamesByUsername(s, [
    ...assessments.map((a) => a.assessedBy),
    ...events.map((e) => e.actorName),
    ...assignments.map(({ a }) => a.assignedBy),
    ...referrals.map(({ r }) => r.sentBy),
    ...services.map((v) => v.recordedBy),
    ...followUps.flatMap((f) => (f.doneBy ? [f.doneBy] : [])),
    ...(d.safetyPlanUpdatedBy ? [d.safetyPlanUpdatedBy] : []),
    ...opts.attachments.map((a) => a.uploadedBy),
  ]);
  const who = (by: string) => names.get(by) ?? by;
  const now = new Date();
  const plan = d.safetyPlanEnc
    ? (JSON.parse(crypto.decrypt(d.safetyPlanEnc)) as { text: string; items: string[] })
    : null;
  return {
    id: c.id,
    caseNo: c.caseNo,
    caseType: c.caseType as CaseView['caseType'],
    status: c.status as CaseView['status'],
    org: { id: c.orgId, name: orgs.get(c.orgId) ?? '' },
    openedAt: c.openedAt.toISOString(),
    closedAt: iso(c.closedAt),
    outcome: (d.outcome ?? null) as CaseView['outcome'],
    channel: d.channel as CaseView['channel'],
    narrative: crypto.decrypt(d.narrativeEnc),
    occurredOn: d.occurredOn,
    involvesMinor: d.involvesMinor,
    intake: {
      hotline: intake.hotline
        ? {
            calledAt: intake.hotline.calledAt,
            anonymous: intake.hotline.anonymous,
            operator: intake.hotline.operator ?? null,
            callerName: d.callerNameEnc ? maskNameAfterFirst(crypto.decrypt(d.callerNameEnc)) : null,
            callbackPhone: d.callbackPhoneMasked,
          }
        : null,
      mandatoryReport: intake.mandatoryReport ?? null,
      publicOpinion: intake.publicOpinion
        ? {
            platform: intake.publicOpinion.platform,
            url: intake.publicOpinion.url ?? null,
            discoveredAt: intake.publicOpinion.discoveredAt,
          }
        : null,
      gridReport: intake.gridReport ?? null,
      sourceRef: d.sourceType && d.sourceId ? { type: d.sourceType, id: d.sourceId } : null,
    },
    riskLevel: (d.riskLevel ?? null) as CaseView['riskLevel'],
    contactDueAt: iso(d.contactDueAt),
    contactedAt: iso(d.contactedAt),
    contactOverdue: d.riskLevel === 'high' && !d.contactedAt && !!d.contactDueAt && d.contactDueAt < now,
    supervised: d.supervised,
    parties: await partyViews(s, parties),
    assessments: assessments.map((a) => ({
      id: a.id,
      indicators: a.indicators as RiskIndicator[],
      score: a.score,
      level: a.level as CaseView['riskLevel'] & string,
      note: a.noteEnc ? crypto.decrypt(a.noteEnc) : null,
      assessedBy: who(a.assessedBy),
      assessedAt: a.assessedAt.toISOString(),
    })),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      from: (e.fromStatus ?? null) as CaseView['status'] | null,
      to: (e.toStatus ?? null) as CaseView['status'] | null,
      reason: e.reason,
      actor: who(e.actorName),
      at: e.at.toISOString(),
      detail: (e.detail ?? null) as Record<string, unknown> | null,
    })),
    assignments: assignments.map(({ a, name }) => ({
      id: a.id,
      userId: a.userId,
      name: name ?? `#${a.userId}`,
      role: a.role as CaseView['assignments'][number]['role'],
      assignedAt: a.assignedAt.toISOString(),
      assignedBy: who(a.assignedBy),
    })),
    referrals: referrals.map(({ r, agency }) => ({
      ...referralView(crypto, r, agency, orgs.get(agency.orgId) ?? ''),
      sentBy: who(r.sentBy),
    })),
    instruments: instruments.map((i) => ({
      id: i.id,
      kind: i.kind as 'warning_letter' | 'protection_order',
      status: i.status as 'applied' | 'issued' | 'rejected',
      issuer: i.issuer,
      documentNo: i.documentNo,
      urgent: i.urgent,
      appliedAt: iso(i.appliedAt),
      decisionDueAt: iso(i.decisionDueAt),
      issuedAt: iso(i.issuedAt),
      validUntil: i.validUntil,
      expiresInDays: i.validUntil && i.status === 'issued' ? daysBetween(opts.today, i.validUntil) : null,
      reminderSentAt: iso(i.reminderSentAt),
    })),
    mediations: mediations.map((m) => ({
      id: m.id,
      mediator: { id: m.mediatorId, name: m.mediatorName },
      status: m.status as 'ongoing' | 'agreement' | 'no_agreement',
      startedAt: m.startedAt.toISOString(),
      sessions: (m.sessions as { id: number; heldAt: string; place: string | null; summaryEnc: string }[]).map((x) => ({
        id: x.id,
        heldAt: x.heldAt,
        place: x.place,
        summary: crypto.decrypt(x.summaryEnc),
      })),
      agreementAt: iso(m.agreementAt),
      agreementTerms: m.termsEnc ? crypto.decrypt(m.termsEnc) : m.noAgreementReason,
      obligations: m.obligationsEnc ? crypto.decrypt(m.obligationsEnc) : null,
      performanceDue: m.performanceDue,
      signedBy: m.signedBy ?? [],
      judicialConfirmationDue: m.confirmationDue,
      judicialConfirmation: m.judicialConfirmation as 'none' | 'applied' | 'confirmed' | 'rejected',
      daysLeftForConfirmation:
        m.confirmationDue && m.judicialConfirmation === 'none'
          ? Math.max(0, daysBetween(opts.today, m.confirmationDue))
          : null,
    })),
    services: services.map((v) => ({
      id: v.id,
      kind: v.kind as CaseView['services'][number]['kind'],
      provider: v.provider,
      providedOn: v.providedOn,
      detail: v.detailEnc ? crypto.decrypt(v.detailEnc) : null,
      amountYuan: v.amountYuan === null ? null : Number(v.amountYuan),
      recordedBy: who(v.recordedBy),
    })),
    followUps: followUps.map((f) => ({
      id: f.id,
      dueOn: f.dueOn,
      reason: f.reason as CaseView['followUps'][number]['reason'],
      status: f.status as 'pending' | 'done',
      overdue: f.status === 'pending' && f.dueOn < opts.today,
      escalatedAt: iso(f.escalatedAt),
      doneAt: iso(f.doneAt),
      doneBy: f.doneBy === null ? null : who(f.doneBy),
      note: f.noteEnc ? crypto.decrypt(f.noteEnc) : null,
    })),
    safetyPlan:
      plan && d.safetyPlanUpdatedAt
        ? {
            text: plan.text,
            items: plan.items,
            updatedAt: d.safetyPlanUpdatedAt.toISOString(),
            updatedBy: who(d.safetyPlanUpdatedBy ?? ''),
          }
        : null,
    attachments: opts.attachments.map((a) => ({ ...a, uploadedBy: who(a.uploadedBy) })),
    accessGrants: grants.map((g) => ({
      id: g.id,
      user: g.userName,
      reason: g.reason,
      grantedAt: g.grantedAt.toISOString(),
      expiresAt: g.expiresAt.toISOString(),
      active: g.expiresAt > now,
    })),
    accessBasis: opts.basis,
    breakGlassExpiresAt: iso(opts.grantExpiresAt),
    allowedActions: opts.allowedActions,
    version: c.version,
  };
}

export const JUDICIAL_DAYS = JUDICIAL_CONFIRMATION_DAYS;
