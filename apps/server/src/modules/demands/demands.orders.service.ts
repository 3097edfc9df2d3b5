import { openOnWeekday, type OpeningHours, type PortalDemand } from '@jinguo/contracts';
import { chinaDate } from '../../platform/calendar/index.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { ResidentActor } from '../../platform/http/portal-route.js';
import type { Scoped } from '../../platform/scope.js';
import { itemView, ordersThisWeek } from './demands.catalogue.service.js';
import type { EventActor } from './demands.statistics.js';
import type { createIntake } from './demands.intake.service.js';
import type { DemandActor } from './demands.policy.js';
import type { DemandRow } from './demands.repository.js';
import * as residentsRepo from './demands.residents.repository.js';
import type { PortalDeps } from './demands.residents.service.js';

/** What the residents' side of demands shares with her orders (demands.residents.service.ts builds it). */
export interface ResidentOrdersShared {
  intake: ReturnType<typeof createIntake>;
  asResident: <T>(r: ResidentActor, fn: (s: Scoped) => Promise<T>) => Promise<T>;
  byResident: (r: ResidentActor, phone: string) => EventActor;
  view: (s: Scoped, d: DemandRow, actor: DemandActor) => Promise<PortalDemand>;
}

/** Her village's and town's catalogue of services, and her orders of them (点单). */
export function createResidentOrders(deps: PortalDeps, { intake, asResident, byResident, view }: ResidentOrdersShared) {
  return {
    /** The services of her village (or community) and its town; she must have said where she lives. */
    catalogue: (r: ResidentActor) =>
      asResident(r, async (s) => {
        const { orgId } = await deps.residents.phoneOf(s, r.residentId);
        if (orgId === null) return { village: null, town: null, items: [] };
        const village = await deps.organizations.findPublicOrg(s.tx, orgId);
        const town = village?.parentId ? await deps.organizations.findPublicOrg(s.tx, village.parentId) : null;
        const ids = [village?.id, town?.id].filter((x): x is number => x !== undefined);
        const items = await residentsRepo.activeServiceItemsOf(s, ids);
        const counts = await ordersThisWeek(
          s,
          items.map((i) => i.id),
        );
        const orgs = new Map([village, town].filter((o) => o !== null).map((o) => [o.id, o]));
        return {
          village: village ? { id: village.id, name: village.name } : null,
          town: town ? { id: town.id, name: town.name } : null,
          items: items.map((i) => {
            const o = orgs.get(i.orgId)!;
            const v = itemView(i, o, counts.get(i.id) ?? 0);
            return {
              ...v,
              org: { id: o.id, name: o.name, type: o.type },
              full: i.weeklyCapacity !== null && v.orderedThisWeek >= i.weeklyCapacity,
            };
          }),
        };
      }),

    /** 点单: orders a service of her village or town; the weekly capacity and opening days are checked under a lock. */
    order: (
      r: ResidentActor,
      input: { serviceItemId: number; description: string; preferredDate?: string | null | undefined },
    ) =>
      asResident(r, async (s) => {
        const me = await deps.residents.phoneOf(s, r.residentId);
        const item = await residentsRepo.findServiceItemById(s, input.serviceItemId);
        const village = me.orgId === null ? null : await deps.organizations.findPublicOrg(s.tx, me.orgId);
        if (!item || !item.active || !village || (item.orgId !== village.id && item.orgId !== village.parentId))
          throw new AppError('SERVICE_ITEM_NOT_FOUND', { field: 'serviceItemId' });
        const today = chinaDate(new Date());
        if (input.preferredDate) {
          const date = input.preferredDate;
          if (date < today || date > chinaDate(new Date(Date.now() + 60 * 86_400_000)))
            throw fieldError(
              'VALIDATION_FAILED',
              'preferredDate',
              '预约日期须在今天起 60 天内',
              'the preferred date must lie within the next 60 days',
            );
          const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
          const holiday = deps.calendar.describe(date)?.kind === 'holiday';
          if (
            !openOnWeekday(item.openingHours as OpeningHours, weekday) ||
            (holiday && (item.openingHours as OpeningHours).length > 0)
          ) {
            throw new AppError('SERVICE_CLOSED', {
              field: 'preferredDate',
              zh: `该服务 ${date} 不开放${holiday ? `（${deps.calendar.describe(date)!.name}）` : ''}`,
              en: `The service is not open on ${date}`,
            });
          }
        }
        // one order at a time per service, so two residents cannot both take the last place of the week
        await residentsRepo.lockServiceOrders(s, item.id);
        if (
          item.weeklyCapacity !== null &&
          ((await ordersThisWeek(s, [item.id])).get(item.id) ?? 0) >= item.weeklyCapacity
        )
          throw new AppError('SERVICE_FULL', { field: 'serviceItemId' });
        const d = await intake.openDemand(s, {
          orgId: item.orgId,
          source: 'online',
          category: item.category,
          urgency: 'ordinary',
          title: item.name,
          description: input.description,
          residentId: r.residentId,
          requesterName: me.nickname,
          contactPhone: me.phone,
          serviceItemId: item.id,
          preferredDate: input.preferredDate ?? null,
          by: byResident(r, me.phone),
        });
        return view(s, d, { kind: 'resident', residentId: r.residentId, trackingHash: null });
      }),
  };
}
