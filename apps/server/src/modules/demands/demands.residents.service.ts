import { randomInt } from 'node:crypto';
import { maskPhone, type DemandState, type PortalDemand, type Rating, type Urgency } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { WorkCalendar } from '../../platform/calendar/index.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import type { ResidentActor } from '../../platform/http/portal-route.js';
import { runAsPortal, type RequestInfo, type Scoped } from '../../platform/scope.js';
import type { OrganizationsApi } from '../organizations/index.js';
import { notices } from './demands.notices.service.js';
import { ratingMetric, recordEvent, type DemandMetric, type EventActor } from './demands.statistics.js';
import { createIntake } from './demands.intake.service.js';
import { checkTransition, helpTitle, rolesOf, type DemandActor } from './demands.policy.js';
import * as repo from './demands.repository.js';
import * as residentsRepo from './demands.residents.repository.js';
import { reopenPatch } from './demands.transitions.service.js';
import { createResidentOrders } from './demands.orders.service.js';
import { portalView } from './demands.views.js';

/** What the portal needs to know of the resident (the accounts module answers; the registry is never involved). */
export interface PortalResidents {
  phoneOf(s: Scoped, residentId: number): Promise<{ phone: string; nickname: string | null; orgId: number | null }>;
  /** Her first request tells where she lives when she has not said so. */
  adoptVillage(s: Scoped, residentId: number, orgId: number): Promise<void>;
}

export interface PortalDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  calendar: WorkCalendar;
  residents: PortalResidents;
  /** The network's public reads: the place she asks of, her village and town. */
  organizations: Pick<OrganizationsApi, 'findPublicOrg'>;
}

/** Tracking codes: 16 characters of an alphabet without look-alikes (0/O, 1/I), about 80 bits: not guessable. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newTrackingCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(0, ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

const PLACE_TYPES = ['village_federation', 'town_federation'];

/**
 * The residents' side of demands: her catalogue, orders (点单), help requests (anonymous allowed), following and rating.
 */
export function createPortal(deps: PortalDeps) {
  const intake = createIntake(deps);
  const trackingHash = (code: string) => deps.crypto.lookupHash(`tracking:${code.toUpperCase()}`);
  const asResident = <T>(r: ResidentActor, fn: (s: Scoped) => Promise<T>) =>
    runAsPortal(deps.handle, { residentId: r.residentId, trackingHash: null, request: r.request }, fn);
  const byResident = (r: ResidentActor, phone: string): EventActor => ({
    kind: 'resident',
    residentId: r.residentId,
    name: `群众 ${maskPhone(phone)}`,
  });

  async function view(s: Scoped, d: repo.DemandRow, actor: DemandActor): Promise<PortalDemand> {
    const roles = rolesOf(actor, {
      orgId: d.orgId,
      state: d.state as DemandState,
      assigneeUserId: null,
      residentId: d.residentId,
      trackingHash: d.trackingHash,
      escalatedToOrgId: null,
      escalatedToPath: null,
      personId: null,
    });
    return portalView(s, d, {
      canRate: checkTransition(roles, 'rate', d.state as DemandState, 'satisfied').ok,
      canCancel: checkTransition(roles, 'cancel', d.state as DemandState).ok,
    });
  }

  /** Her own request, or 404 — whatever id she tries (RLS admits only hers underneath). */
  async function mine(s: Scoped, r: ResidentActor, id: number, lock = false) {
    const d = await residentsRepo.findResidentDemand(s, r.residentId, id, lock);
    if (!d) throw new AppError('DEMAND_NOT_FOUND');
    return d;
  }

  /** The requester rates (closing it, or reopening it when 不满意) or withdraws a request still waiting. */
  async function requesterAct(
    s: Scoped,
    d: repo.DemandRow,
    actor: DemandActor,
    by: EventActor,
    input: { action: 'rate'; rating: Rating; comment?: string | undefined } | { action: 'cancel'; note: string },
  ) {
    const from = d.state as DemandState;
    const roles = rolesOf(actor, {
      orgId: d.orgId,
      state: from,
      assigneeUserId: null,
      residentId: d.residentId,
      trackingHash: d.trackingHash,
      escalatedToOrgId: null,
      escalatedToPath: null,
      personId: null,
    });
    const check = checkTransition(roles, input.action, from, input.action === 'rate' ? input.rating : null);
    if (!check.ok) throw new AppError(check.error, { field: 'action' });
    const now = new Date();
    let patch: residentsRepo.DemandPatch;
    const counted: DemandMetric[] = [];
    if (input.action === 'rate') {
      patch = { state: check.to, rating: input.rating, ratingComment: input.comment ?? null, ratedAt: now };
      counted.push('demands.rated', ratingMetric(input.rating));
      if (check.to === 'closed') {
        patch.closedAt = now;
        counted.push('demands.closed');
      } else Object.assign(patch, await reopenPatch(s, deps, d, now));
    } else patch = { state: 'cancelled', closedAt: now, nextEscalationAt: null };
    const after = await repo.updateDemand(s, d.id, patch);
    await recordEvent(s, after, by, {
      action: input.action,
      from,
      to: check.to,
      public: true,
      counted,
      at: now,
      note: input.action === 'rate' ? (input.comment ?? null) : input.note,
      data: input.action === 'rate' ? { rating: input.rating, by: 'requester' } : {},
    });
    await appendAudit(s.tx, s.actor, {
      action: `demand.${input.action}`,
      targetType: 'demand',
      targetId: d.id,
      orgId: d.orgId,
      orgPath: d.orgPath,
      actorNameOverride: by.name,
      before: { state: from },
      after: { state: check.to },
    });
    if (input.action === 'rate') await notices.rated(s, after, input.rating);
    return after;
  }

  async function checkPlace(s: Scoped, orgId: number, field: string) {
    const o = await deps.organizations.findPublicOrg(s.tx, orgId);
    if (!o || o.status !== 'active' || !PLACE_TYPES.includes(o.type))
      throw new AppError('ORG_NOT_FOUND', {
        field,
        zh: '请选择您所在的村（社区）或镇街妇联',
        en: 'Choose your village, community or town federation',
      });
    return o;
  }

  return {
    ...createResidentOrders(deps, { intake, asResident, byResident, view }),

    /**
     * Asks for help (求助). Anonymous: nothing ties it to her account and only a tracking code leads back to it (shown
     * once, kept as a keyed hash); otherwise it is hers and her phone goes with it so the federation can call back.
     */
    help: (
      r: ResidentActor | null,
      request: RequestInfo,
      input: {
        orgId: number;
        category: string;
        urgency: Urgency;
        description: string;
        anonymous: boolean;
        contactPhone?: string | null | undefined;
      },
    ) => {
      const anonymous = input.anonymous || r === null;
      const code = anonymous ? newTrackingCode() : null;
      const hash = code ? trackingHash(code) : null;
      return runAsPortal(
        deps.handle,
        { residentId: anonymous ? null : r!.residentId, trackingHash: hash, request },
        async (s) => {
          const org = await checkPlace(s, input.orgId, 'orgId');
          const me = anonymous ? null : await deps.residents.phoneOf(s, r!.residentId);
          const phone = input.contactPhone ?? me?.phone ?? null;
          const category = await repo.category(s, input.category);
          if (!category) throw new AppError('CATEGORY_UNKNOWN', { field: 'category' });
          const title = helpTitle(category.nameZh, input.description);
          const d = await intake.openDemand(s, {
            orgId: org.id,
            source: 'online',
            category: input.category,
            urgency: input.urgency,
            title,
            description: input.description,
            residentId: anonymous ? null : r!.residentId,
            requesterName: anonymous ? null : me!.nickname,
            contactPhone: phone,
            anonymous,
            trackingHash: hash,
            by: anonymous ? { kind: 'resident', residentId: null, name: '匿名求助人' } : byResident(r!, me!.phone),
          });
          if (!anonymous && me!.orgId === null && org.type === 'village_federation')
            await deps.residents.adoptVillage(s, r!.residentId, org.id);
          return {
            demand: await view(s, d, {
              kind: 'resident',
              residentId: anonymous ? null : r!.residentId,
              trackingHash: hash,
            }),
            trackingCode: code,
          };
        },
      );
    },

    /** Her requests, newest first. */
    list: (r: ResidentActor, q: { cursor?: string | undefined; limit: number }) =>
      asResident(r, async (s) => {
        const after = decodeCursor<{ id: number }>(q.cursor);
        const rows = await residentsRepo.residentDemands(s, r.residentId, after ? Number(after.id) : null, q.limit + 1);
        const page = rows.slice(0, q.limit);
        const items = [];
        for (const d of page)
          items.push(await view(s, d, { kind: 'resident', residentId: r.residentId, trackingHash: null }));
        return { items, nextCursor: rows.length > q.limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null };
      }),

    get: (r: ResidentActor, id: number) =>
      asResident(r, async (s) =>
        view(s, await mine(s, r, id), { kind: 'resident', residentId: r.residentId, trackingHash: null }),
      ),

    rate: (r: ResidentActor, id: number, input: { rating: Rating; comment?: string | undefined }) =>
      asResident(r, async (s) => {
        const me = await deps.residents.phoneOf(s, r.residentId);
        const actor: DemandActor = { kind: 'resident', residentId: r.residentId, trackingHash: null };
        return view(
          s,
          await requesterAct(s, await mine(s, r, id, true), actor, byResident(r, me.phone), {
            action: 'rate',
            ...input,
          }),
          actor,
        );
      }),

    cancel: (r: ResidentActor, id: number, note: string) =>
      asResident(r, async (s) => {
        const me = await deps.residents.phoneOf(s, r.residentId);
        const actor: DemandActor = { kind: 'resident', residentId: r.residentId, trackingHash: null };
        return view(
          s,
          await requesterAct(s, await mine(s, r, id, true), actor, byResident(r, me.phone), { action: 'cancel', note }),
          actor,
        );
      }),

    /** An anonymous request by its tracking code (RLS admits exactly the row whose hash the caller presents). */
    track: (request: RequestInfo, code: string) => {
      const hash = trackingHash(code);
      return runAsPortal(deps.handle, { residentId: null, trackingHash: hash, request }, async (s) => {
        const d = await residentsRepo.findTrackedDemand(s, hash);
        if (!d) throw new AppError('DEMAND_NOT_FOUND', { field: 'code' });
        return view(s, d, { kind: 'resident', residentId: null, trackingHash: hash });
      });
    },

    rateTracked: (request: RequestInfo, code: string, input: { rating: Rating; comment?: string | undefined }) => {
      const hash = trackingHash(code);
      return runAsPortal(deps.handle, { residentId: null, trackingHash: hash, request }, async (s) => {
        const d = await residentsRepo.findTrackedDemand(s, hash, true);
        if (!d) throw new AppError('DEMAND_NOT_FOUND', { field: 'code' });
        const actor: DemandActor = { kind: 'resident', residentId: null, trackingHash: hash };
        return view(
          s,
          await requesterAct(
            s,
            d,
            actor,
            { kind: 'resident', residentId: null, name: '匿名求助人' },
            { action: 'rate', ...input },
          ),
          actor,
        );
      });
    },
  };
}
export type Portal = ReturnType<typeof createPortal>;

export { attachPersonToRequests, isRequesterIn } from './demands.residents.repository.js';
