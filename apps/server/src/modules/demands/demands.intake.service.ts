import { pathWithin } from '../../platform/scope.js';
import { maskPhone, type DemandSource, type Urgency } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Scoped } from '../../platform/scope.js';
import { deadlineRule } from './demands.categories.service.js';
import { createConversion } from './demands.conversion.service.js';
import { deadlinesFor, type DeadlineCalendar } from './demands.deadlines.policy.js';
import * as foreign from './demands.directory.repository.js';
import { notices } from './demands.notices.service.js';
import * as repo from './demands.repository.js';
import { eventActorOf, recordEvent, type EventActor } from './demands.statistics.js';
import { summaryOf, type DemandSummary } from './demands.views.js';

export type { DemandSummary };

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

export interface IntakeDeps {
  crypto: FieldCrypto;
  calendar: DeadlineCalendar;
}

/** When the woman asked: now, or a time entered afterwards (a call sheet) within the last 30 days. */
function checkedReceivedAt(given: Date | undefined): Date {
  const now = new Date();
  const receivedAt = given ?? now;
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
  return receivedAt;
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
    const [org] = [...(await foreign.orgsById(s, [input.orgId])).values()];
    if (!org || org.status !== 'active' || (s.scopePath !== null && !pathWithin(org.path, s.scopePath)))
      throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
    const rule = await deadlineRule(s, { category: input.category, urgency: input.urgency, orgPath: org.path });
    const receivedAt = checkedReceivedAt(input.receivedAt);
    const dl = deadlinesFor(deps.calendar, receivedAt, rule);
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
      deadlinesProvisional: dl.provisional,
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

  return { createDemand, openDemand, ...createConversion(deps) };
}
export type DemandIntake = Pick<
  ReturnType<typeof createIntake>,
  'createDemand' | 'linkDemandToCase' | 'demandSummary' | 'demandStates' | 'demandForConversion' | 'demandContactPhone'
>;
