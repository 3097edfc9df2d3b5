import type { HourSource, HoursEntry, HoursInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import { runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import type { DemandsApi } from '../demands/index.js';
import * as foreign from './volunteers.directory.repository.js';
import * as repo from './volunteers.repository.js';
import { hoursOf, orgSummary, requireOrg, type VolunteersDeps, type VolunteersService } from './volunteers.service.js';

export interface HoursDeps extends VolunteersDeps {
  /** The demands module's service orders: hours are recorded against an order dispatched to the volunteer. */
  orders: DemandsApi['orders'];
}

/** One service in the ledger, counted at `org` on `servedOn`, in the caller's transaction. Null when already there. */
export async function addHours(
  s: Scoped,
  by: string,
  e: {
    volunteer: repo.VolunteerRow;
    org: { id: number; path: string; districtId: number | null };
    servedOn: string;
    minutes: number;
    source: HourSource;
    sourceId: number | null;
    note: string;
  },
): Promise<repo.HoursRow | null> {
  const row = await repo.insertHours(s, {
    volunteerId: e.volunteer.id,
    orgId: e.org.id,
    orgPath: e.org.path,
    districtId: e.org.districtId,
    servedOn: e.servedOn,
    minutes: e.minutes,
    source: e.source,
    sourceId: e.sourceId,
    note: e.note,
    recordedBy: by,
  });
  if (row)
    await bumpCounters(s.tx, {
      orgPath: e.org.path,
      day: e.servedOn,
      deltas: { 'volunteers.services': 1, 'volunteers.minutes': e.minutes },
    });
  return row;
}

export async function hoursViews(s: Scoped, rows: repo.HoursRow[]): Promise<HoursEntry[]> {
  const vols = new Map(
    (
      await repo.volunteersById(
        s,
        rows.map((r) => r.volunteerId),
      )
    ).map((v) => [v.id, v]),
  );
  const persons = await foreign.personsById(
    s,
    [...vols.values()].map((v) => v.personId),
  );
  const orgs = await foreign.orgsById(
    s,
    rows.map((r) => r.orgId),
  );
  return rows.map((r) => {
    const v = vols.get(r.volunteerId);
    return {
      id: r.id,
      volunteer: { id: r.volunteerId, name: (v && persons.get(v.personId)?.name) ?? '—' },
      org: orgSummary(orgs.get(r.orgId), r.orgId),
      servedOn: r.servedOn,
      hours: hoursOf(r.minutes),
      source: r.source as HourSource,
      sourceId: r.sourceId,
      note: r.note,
      recordedBy: r.recordedBy,
    };
  });
}

/** The hours ledger: record a service (by hand or on a service order), list, a volunteer's orders. */
export function createHoursService(deps: HoursDeps, volunteers: Pick<VolunteersService, 'requireVolunteer'>) {
  const record = async (s: Scoped, actor: UserActor, input: HoursInput) => {
    const v = await volunteers.requireVolunteer(s, input.volunteerId);
    if (v.status !== 'active')
      throw fieldError('VALIDATION_FAILED', 'volunteerId', '该志愿者已停止服务', 'the volunteer is inactive');
    if (input.servedOn > deps.today())
      throw fieldError(
        'VALIDATION_FAILED',
        'servedOn',
        '服务日期不能晚于今天',
        'the service date cannot be in the future',
      );
    let org = await requireOrg(s, v.orgId, 'volunteerId');
    let source: HourSource = 'other';
    if (input.demandId) {
      const order = await deps.orders.assignedOrder(s, input.demandId);
      if (!order) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandId' });
      if (!v.userId || order.assigneeUserId !== v.userId)
        throw fieldError(
          'VALIDATION_FAILED',
          'demandId',
          '该诉求未派给此志愿者',
          'the order was not dispatched to this volunteer',
        );
      if (!order.repliedAt)
        throw fieldError('VALIDATION_FAILED', 'demandId', '该诉求尚未办理答复', 'the order has not been answered yet');
      // the service counts where the order was served
      org = await requireOrg(s, order.orgId, 'demandId');
      source = 'demand';
    }
    const row = await addHours(s, actor.displayName, {
      volunteer: v,
      org,
      servedOn: input.servedOn,
      minutes: Math.round(input.hours * 60),
      source,
      sourceId: input.demandId ?? null,
      note: input.note,
    });
    if (!row)
      throw new AppError('CONFLICT', {
        field: 'demandId',
        zh: '该服务工单的时长已登记',
        en: 'Hours for this service order are already recorded',
      });
    await appendAudit(s.tx, actor, {
      action: 'volunteer.hours.record',
      targetType: 'volunteer',
      targetId: v.id,
      orgId: org.id,
      orgPath: org.path,
      after: { servedOn: input.servedOn, minutes: row.minutes, source, sourceId: row.sourceId },
    });
    return (await hoursViews(s, [row]))[0]!;
  };

  return {
    record: (actor: UserActor, input: HoursInput) => runScoped(deps.handle, actor, (s) => record(s, actor, input)),
    recordIn: record,
    list: (
      actor: UserActor,
      q: {
        orgId?: number | undefined;
        volunteerId?: number | undefined;
        from?: string | undefined;
        to?: string | undefined;
        cursor?: string | undefined;
        limit: number;
      },
    ) =>
      runScoped(deps.handle, actor, async (s) => {
        const path = q.orgId ? (await requireOrg(s, q.orgId)).path : actor.scope.path;
        if (q.volunteerId) await volunteers.requireVolunteer(s, q.volunteerId);
        const rows = await repo.listHours(s, {
          path,
          volunteerId: q.volunteerId,
          from: q.from,
          to: q.to,
          after: decodeKeysetCursor(q.cursor, 'date'),
          limit: q.limit,
        });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        return {
          items: await hoursViews(s, page),
          nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.servedOn, id: last.id }) : null,
        };
      }),
    /** The service orders a volunteer (with an account) answered, and the hours recorded on each. */
    orders: (actor: UserActor, volunteerId: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const v = await volunteers.requireVolunteer(s, volunteerId);
        if (!v.userId) return { items: [] };
        const orders = await deps.orders.answeredOrdersOf(s, v.userId, 100);
        const recorded = await repo.hoursOfSource(
          s,
          'demand',
          orders.map((o) => o.id),
        );
        return {
          items: orders.map((o) => ({
            demandId: o.id,
            title: o.title,
            state: o.state,
            repliedAt: o.repliedAt?.toISOString() ?? null,
            hoursRecorded: hoursOf(
              recorded.filter((h) => h.sourceId === o.id && h.volunteerId === v.id).reduce((a, h) => a + h.minutes, 0),
            ),
          })),
        };
      }),
  };
}
export type HoursService = ReturnType<typeof createHoursService>;
