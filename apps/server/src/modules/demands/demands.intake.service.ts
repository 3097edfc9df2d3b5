import {
  maskPhone,
  type DeadlineSpec,
  type DemandSource,
  type DemandState,
  type OrgType,
  type Urgency,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Scoped, UserActor } from '../../platform/scope.js';
import { deadlinesFor, feedbackSpec, type DeadlineCalendar } from './demands.deadlines.policy.js';
import { eventActorOf, notices, recordEvent, type EventActor } from './demands.statistics.js';
import { allowedDemandActions, checkTransition, rolesOf } from './demands.policy.js';
import * as repo from './demands.repository.js';
import { factsOf, userActorOf } from './demands.transitions.service.js';
import { demandCode } from './demands.views.js';

/** What another module (visits, cases) or a route hands in to open a demand. */
export interface NewDemand {
  orgId: number;
  source: DemandSource;
  category: string;
  urgency: Urgency;
  title: string;
  description: string;
  personId?: number | null;
  residentId?: number | null;
  requesterName?: string | null;
  contactPhone?: string | null;
  anonymous?: boolean;
  /** SHA-256 of the anonymous asker's tracking code (the code itself is never stored). */
  trackingHash?: string | null;
  serviceItemId?: number | null;
  preferredDate?: string | null;
  visitId?: number | null;
  sourceRef?: string | null;
  /** When the woman actually asked (a call sheet entered afterwards); defaults to now. */
  receivedAt?: Date;
  /** Who to name in the events (portal requests name the resident); defaults to the scoped actor. */
  by?: EventActor;
}

/** What other modules may read of a demand (e.g. to turn it into a rights case). */
export interface DemandSummary {
  id: number;
  code: string;
  org: { id: number; code: string; name: string; type: OrgType };
  source: DemandSource;
  category: string;
  urgency: Urgency;
  title: string;
  description: string;
  state: DemandState;
  personId: number | null;
  residentId: number | null;
  requesterName: string | null;
  /** Masked. */
  contactPhone: string | null;
  anonymous: boolean;
  receivedAt: string;
  caseId: number | null;
}

export interface IntakeDeps {
  crypto: FieldCrypto;
  calendar: DeadlineCalendar;
}

export async function categorySpec(
  s: Scoped,
  code: string,
  urgency: Urgency,
  field = 'category',
): Promise<DeadlineSpec> {
  const c = await repo.category(s, code);
  if (!c)
    throw new AppError('CATEGORY_UNKNOWN', {
      field,
      zh: `诉求类别不存在：${code}`,
      en: `Unknown demand category: ${code}`,
    });
  return feedbackSpec(urgency, c.deadlines as Partial<Record<string, DeadlineSpec>>);
}

export async function summaryOf(s: Scoped, d: repo.DemandRow): Promise<DemandSummary> {
  const org = (await repo.orgsById(s, [d.orgId])).get(d.orgId);
  return {
    id: d.id,
    code: demandCode(d),
    org: {
      id: d.orgId,
      code: org?.code ?? '',
      name: org?.name ?? '',
      type: (org?.type ?? 'village_federation') as OrgType,
    },
    source: d.source as DemandSource,
    category: d.category,
    urgency: d.urgency as Urgency,
    title: d.title,
    description: d.description,
    state: d.state as DemandState,
    personId: d.personId,
    residentId: d.residentId,
    requesterName: d.anonymous ? null : d.requesterName,
    contactPhone: d.contactPhoneMasked,
    anonymous: d.anonymous,
    receivedAt: d.receivedAt.toISOString(),
    caseId: d.caseId,
  };
}

/**
 * The demand intake other modules call inside their own transaction: visits turn needs into demands with it, the
 * cases module links a demand to the case it became. Scope comes from the caller's `Scoped` (RLS included).
 */
export function createIntake(deps: IntakeDeps) {
  async function createDemand(s: Scoped, input: NewDemand): Promise<DemandSummary> {
    const row = await openDemand(s, input);
    return summaryOf(s, row);
  }

  /** Opens a demand and returns its row (for callers inside this module). */
  async function openDemand(s: Scoped, input: NewDemand): Promise<repo.DemandRow> {
    const [org] = [...(await repo.orgsById(s, [input.orgId])).values()];
    if (
      !org ||
      org.status !== 'active' ||
      (s.scopePath !== null && !(org.path === s.scopePath || org.path.startsWith(`${s.scopePath}.`)))
    )
      throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
    const spec = await categorySpec(s, input.category, input.urgency);
    const now = new Date();
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime() + 60_000)
      throw fieldError(
        'VALIDATION_FAILED',
        'receivedAt',
        '受理时间不能晚于现在',
        'the time received cannot be in the future',
      );
    if (receivedAt.getTime() < now.getTime() - 30 * 86_400_000)
      throw fieldError(
        'VALIDATION_FAILED',
        'receivedAt',
        '受理时间不能早于 30 天前',
        'the time received cannot be more than 30 days ago',
      );
    const dl = deadlinesFor(deps.calendar, receivedAt, spec);
    const phone = input.contactPhone ?? null;
    const row = await repo.insertDemand(s, {
      orgId: org.id,
      orgPath: org.path,
      districtId: org.districtId,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      category: input.category,
      urgency: input.urgency,
      title: input.title,
      description: input.description,
      personId: input.personId ?? null,
      residentId: input.residentId ?? null,
      requesterName: input.anonymous ? null : (input.requesterName ?? null),
      contactPhoneEnc: phone ? deps.crypto.encrypt(phone) : null,
      contactPhoneHash: phone ? deps.crypto.lookupHash(phone) : null,
      contactPhoneMasked: phone ? maskPhone(phone) : null,
      anonymous: input.anonymous ?? false,
      trackingHash: input.trackingHash ?? null,
      serviceItemId: input.serviceItemId ?? null,
      preferredDate: input.preferredDate ?? null,
      visitId: input.visitId ?? null,
      state: 'received',
      receivedAt,
      signDueAt: dl.signDueAt,
      feedbackDueAt: dl.feedbackDueAt,
      warnAt: dl.warnAt,
      nextEscalationAt: dl.nextEscalationAt,
      createdByUserId: s.actor.kind === 'user' ? s.actor.userId : null,
    });
    const by = input.by ?? eventActorOf(s);
    await recordEvent(s, row, by, {
      action: 'create',
      from: null,
      to: 'received',
      public: true,
      counted: ['demands.received'],
      at: receivedAt,
      data: { source: input.source },
    });
    await appendAudit(s.tx, s.actor, {
      action: 'demand.create',
      targetType: 'demand',
      targetId: row.id,
      orgId: row.orgId,
      orgPath: row.orgPath,
      after: {
        source: row.source,
        category: row.category,
        urgency: row.urgency,
        title: row.title,
        personId: row.personId,
        residentId: row.residentId,
        anonymous: row.anonymous,
        phone: row.contactPhoneMasked,
      },
      ...(by.kind === 'resident' ? { actorNameOverride: by.name } : {}),
    });
    await notices.received(s, row);
    return row;
  }

  /**
   * Records that the demand is handled as a rights case from now on (state `case`, the case id kept): the demand leaves
   * the queue and its deadlines stop. Refused (409) once it was answered, closed or cancelled.
   */
  async function linkDemandToCase(s: Scoped, demandId: number, caseId: number): Promise<DemandSummary> {
    const d = await repo.findDemand(s, demandId, { lock: true, visible: repo.demandsInScope(s) });
    if (!d) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandId' });
    if (d.caseId === caseId) return summaryOf(s, d);
    const check = checkTransition(new Set(['cases']), 'convert_to_case', d.state as DemandState);
    if (!check.ok) throw new AppError(check.error, { field: 'demandId' });
    const after = await repo.updateDemand(s, d.id, {
      state: 'case',
      caseId,
      nextEscalationAt: null,
      closedAt: new Date(),
    });
    await recordEvent(s, after, eventActorOf(s), {
      action: 'convert_to_case',
      from: d.state as DemandState,
      to: 'case',
      public: true,
      data: { caseId },
    });
    await appendAudit(s.tx, s.actor, {
      action: 'demand.convert_to_case',
      targetType: 'demand',
      targetId: d.id,
      orgId: d.orgId,
      orgPath: d.orgPath,
      before: { state: d.state },
      after: { state: 'case', caseId },
    });
    return summaryOf(s, after);
  }

  /** A demand's summary for conversion, or null when it is not in the caller's scope. */
  async function demandSummary(s: Scoped, demandId: number): Promise<DemandSummary | null> {
    const d = await repo.findDemand(s, demandId, { visible: repo.demandsInScope(s) });
    return d ? summaryOf(s, d) : null;
  }

  /**
   * The demand about to become a case, if this user may convert it now (demands.policy: the owning or supervising
   * org's staff who take cases in, while the demand is open): 404 out of scope, 403 not theirs, 409 wrong state.
   */
  async function demandForConversion(s: Scoped, demandId: number, actor: UserActor): Promise<DemandSummary> {
    const d = await repo.findDemand(s, demandId, { visible: repo.demandsInScope(s) });
    if (!d) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandId' });
    const facts = await factsOf(s, d);
    if (!allowedDemandActions(userActorOf(actor), facts).includes('convert_to_case')) {
      const roles = rolesOf(userActorOf(actor), facts);
      const forbidden = !actor.permissions.has('case.intake') || !(roles.has('owner') || roles.has('supervisor'));
      throw new AppError(forbidden ? 'DEMAND_ACTION_FORBIDDEN' : 'DEMAND_INVALID_TRANSITION', { field: 'demandId' });
    }
    return summaryOf(s, d);
  }

  /**
   * The requester's contact phone in clear, for the case a demand becomes (stored there encrypted again, shown masked);
   * null when out of scope or none was given.
   */
  async function demandContactPhone(s: Scoped, demandId: number): Promise<string | null> {
    const d = await repo.findDemand(s, demandId, { visible: repo.demandsInScope(s) });
    return d?.contactPhoneEnc ? deps.crypto.decrypt(d.contactPhoneEnc) : null;
  }

  return { createDemand, openDemand, linkDemandToCase, demandSummary, demandForConversion, demandContactPhone };
}
export type DemandIntake = Pick<
  ReturnType<typeof createIntake>,
  'createDemand' | 'linkDemandToCase' | 'demandSummary' | 'demandForConversion' | 'demandContactPhone'
>;
