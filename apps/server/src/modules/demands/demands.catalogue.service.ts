import type { OpeningHours, OrgType, ServiceItem, ServiceItemInput } from '@jinguo/contracts';
import { addDays, chinaDate, startOfChinaDay } from '../../platform/time.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import * as catalogueRepo from './demands.catalogue.repository.js';
import * as foreign from './demands.directory.repository.js';
import * as repo from './demands.repository.js';

/** Monday 00:00 China time of the week `now` falls in. */
export function weekStart(now: Date): Date {
  const today = chinaDate(now);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return startOfChinaDay(addDays(today, -weekday));
}

/**
 * Orders of items this week, counted past the caller's row-level security (a resident must not read others' orders, yet
 * the capacity counts them): counts only.
 */
export async function ordersThisWeek(s: Scoped, itemIds: number[], now = new Date()): Promise<Map<number, number>> {
  return catalogueRepo.ordersSince(s, itemIds, weekStart(now));
}

export function itemView(
  r: catalogueRepo.ServiceItemRow,
  org: { id: number; code: string; name: string; type: string },
  ordered: number,
): ServiceItem {
  return {
    id: r.id,
    org: { id: org.id, code: org.code, name: org.name, type: org.type as OrgType },
    category: r.category,
    name: r.name,
    description: r.description,
    provider: r.provider,
    place: r.place,
    openingHours: r.openingHours as OpeningHours,
    weeklyCapacity: r.weeklyCapacity,
    orderedThisWeek: ordered,
    active: r.active,
  };
}

function checkHours(hours: OpeningHours) {
  hours.forEach((h, i) => {
    if (h.from >= h.to)
      throw fieldError(
        'VALIDATION_FAILED',
        `openingHours.${i}.to`,
        '结束时间须晚于开始时间',
        'the closing time must be after the opening time',
      );
  });
}

async function orgInScope(s: Scoped, actor: UserActor, orgId: number) {
  const o = (await foreign.orgsById(s, [orgId])).get(orgId);
  if (!o || o.status !== 'active' || !pathWithin(o.path, actor.scope.path))
    throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
  return o;
}

/** Items as the API shows them, with this week's orders. */
async function itemViews(s: Scoped, rows: catalogueRepo.ServiceItemRow[]) {
  const orgs = await foreign.orgsById(
    s,
    rows.map((r) => r.orgId),
  );
  const counts = await ordersThisWeek(
    s,
    rows.map((r) => r.id),
  );
  return rows.map((r) => itemView(r, orgs.get(r.orgId)!, counts.get(r.id) ?? 0));
}

async function requireItem(s: Scoped, actor: UserActor, id: number, lock = false) {
  const item = await catalogueRepo.findServiceItem(s, id, lock);
  if (!item) throw new AppError('SERVICE_ITEM_NOT_FOUND');
  return item;
}

/** 服务清单: each org's services that residents can order, with opening hours and a weekly capacity. */
export function createCatalogue(deps: { handle: DbHandle }) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    list: (actor: UserActor, q: { orgId?: number | undefined; includeInactive?: boolean | undefined }) =>
      run(actor, async (s) => {
        const org = await orgInScope(s, actor, q.orgId ?? actor.scope.orgId);
        return {
          items: await itemViews(s, await catalogueRepo.serviceItemsOf(s, [org.id], q.includeInactive ?? false)),
        };
      }),

    get: (actor: UserActor, id: number) =>
      run(actor, async (s) => (await itemViews(s, [await requireItem(s, actor, id)]))[0]!),

    create: (actor: UserActor, input: ServiceItemInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'catalogue.write');
        const org = await orgInScope(s, actor, input.orgId);
        if (!(await repo.category(s, input.category))) throw new AppError('CATEGORY_UNKNOWN', { field: 'category' });
        checkHours(input.openingHours);
        const row = await catalogueRepo.insertServiceItem(s, {
          orgId: org.id,
          orgPath: org.path,
          districtId: org.districtId,
          category: input.category,
          name: input.name,
          description: input.description,
          provider: input.provider ?? null,
          place: input.place ?? null,
          openingHours: input.openingHours,
          weeklyCapacity: input.weeklyCapacity ?? null,
          active: input.active,
        });
        await appendAudit(s.tx, actor, {
          action: 'catalogue.create',
          targetType: 'service_item',
          targetId: row.id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return (await itemViews(s, [row]))[0]!;
      }),

    update: (actor: UserActor, id: number, input: Partial<Omit<ServiceItemInput, 'orgId'>>) =>
      run(actor, async (s) => {
        requirePermission(actor, 'catalogue.write');
        const before = await requireItem(s, actor, id, true);
        if (input.category && !(await repo.category(s, input.category)))
          throw new AppError('CATEGORY_UNKNOWN', { field: 'category' });
        if (input.openingHours) checkHours(input.openingHours);
        const row = await catalogueRepo.updateServiceItem(s, id, input);
        await appendAudit(s.tx, actor, {
          action: 'catalogue.update',
          targetType: 'service_item',
          targetId: id,
          orgId: row.orgId,
          orgPath: row.orgPath,
          before: { name: before.name, active: before.active, weeklyCapacity: before.weeklyCapacity },
          after: input,
        });
        return (await itemViews(s, [row]))[0]!;
      }),
  };
}
export type Catalogue = ReturnType<typeof createCatalogue>;
