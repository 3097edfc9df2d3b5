import type { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import { CASE_METRICS } from '@jinguo/contracts';
import type { FiguresQuery, NilReportInput, ScreeningInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { byOrg, readCounters, registerStatSource } from '../../platform/stats/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { orgRepository } from '../organizations/index.js';
import { count, nowOf, type CasesDeps } from './cases.access.service.js';
import { caseNilReports, cases, caseScreenings } from './cases.tables.js';

/**
 * 五项机制 figures: screening visits, reports (and nil reports), high-risk cases, services, referrals and answers,
 * supervised cases, closures — live counters (platform/stats) bumped in the transaction of each change and rolled
 * up the hierarchy, so the city's figures are an index range, not a GROUP BY over the cases.
 */
registerStatSource({
  name: 'cases',
  metrics: CASE_METRICS,
  // One row per (org, day, metric) from the records themselves: used by `jinguo stats rebuild` after a reorganization.
  rebuild: sql`
    select org_path, (opened_at at time zone 'Asia/Shanghai')::date as day, 'cases.reports' as metric, count(*)::bigint as value from cases group by 1, 2
    union all select org_path, visited_on, 'cases.screening_visits', sum(households)::bigint from case_screenings group by 1, 2
    union all select org_path, (to_date(period || '-01', 'YYYY-MM-DD') + interval '1 month' - interval '1 day')::date, 'cases.nil_reports', count(*)::bigint from case_nil_reports group by 1, 2
    union all select org_path, (assessed_at at time zone 'Asia/Shanghai')::date, 'cases.high_risk', count(*)::bigint from (
      select distinct on (case_id) case_id, org_path, assessed_at from case_assessments where level = 'high' order by case_id, assessed_at) h group by 1, 2
    union all select org_path, provided_on, 'cases.services', count(*)::bigint from case_services group by 1, 2
    union all select org_path, (sent_at at time zone 'Asia/Shanghai')::date, 'cases.referrals', count(*)::bigint from case_referrals group by 1, 2
    union all select org_path, (answered_at at time zone 'Asia/Shanghai')::date, 'cases.referrals_answered', count(*)::bigint from case_referrals where answered_at is not null group by 1, 2
    union all select org_path, (supervised_at at time zone 'Asia/Shanghai')::date, 'cases.supervised', count(*)::bigint from case_details where supervised_at is not null group by 1, 2
    union all select e.org_path, (e.at at time zone 'Asia/Shanghai')::date, 'cases.closed', count(*)::bigint from case_events e where e.kind = 'transition' and e.to_status = 'closed' group by 1, 2`,
});

export function createFiguresService(deps: CasesDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const inScope = (s: Scoped, path: string) =>
    s.scopePath === null || path === s.scopePath || path.startsWith(`${s.scopePath}.`);

  async function scopedOrg(s: Scoped, orgId: number) {
    const org = await orgRepository.findOrg(s, orgId);
    if (!org || !inScope(s, org.path) || org.status !== 'active')
      throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
    return org;
  }

  return {
    figures: (actor: UserActor, q: z.infer<typeof FiguresQuery>) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.figures');
        if (q.from > q.to)
          throw fieldError(
            'VALIDATION_FAILED',
            'to',
            '结束日期不能早于开始日期',
            'the end date precedes the start date',
          );
        const org = await scopedOrg(s, q.orgId ?? actor.scope.orgId);
        const rows = await readCounters(s, { orgId: org.id, metrics: CASE_METRICS, from: q.from, to: q.to, by: q.by });
        const values = byOrg(rows, CASE_METRICS);
        const children =
          q.by === 'children' ? await orgRepository.childrenOf(s, org.id, false) : [{ id: org.id, name: org.name }];
        const zero = Object.fromEntries(CASE_METRICS.map((m) => [m, 0]));
        return {
          from: q.from,
          to: q.to,
          metrics: [...CASE_METRICS],
          rows: children.map((c) => ({
            org: { id: c.id, name: c.name },
            values: { ...zero, ...(values.get(c.id) ?? {}) },
          })),
        };
      }),

    recordScreening: (actor: UserActor, input: z.infer<typeof ScreeningInput>) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.screening');
        const org = await scopedOrg(s, input.orgId);
        if (input.visitedOn > deps.today())
          throw fieldError(
            'VALIDATION_FAILED',
            'visitedOn',
            '排查日期不能晚于今天',
            'the screening date cannot be in the future',
          );
        const [row] = await s.tx
          .insert(caseScreenings)
          .values({
            orgId: org.id,
            orgPath: org.path,
            districtId: org.districtId,
            visitedOn: input.visitedOn,
            households: input.households,
            disputesFound: input.disputesFound,
            note: input.note ?? null,
            recordedBy: actor.username,
          })
          .returning();
        await count(
          s,
          org.path,
          { 'cases.screening_visits': input.households },
          new Date(`${input.visitedOn}T12:00:00+08:00`),
        );
        await appendAudit(s.tx, actor, {
          action: 'case.screening',
          targetType: 'case_screening',
          targetId: row!.id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return { id: row!.id };
      }),

    /** 零报告: a village states it had no case in a month; refused when the month has cases there. */
    nilReport: (actor: UserActor, input: z.infer<typeof NilReportInput>) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.screening');
        const org = await scopedOrg(s, input.orgId);
        const start = `${input.period}-01`;
        const [{ n } = { n: 0 }] = await s.tx
          .select({ n: sql<number>`count(*)::int` })
          .from(cases)
          .where(
            and(
              sql`${cases.orgPath} <@ ${org.path}::ltree`,
              sql`${cases.openedAt} >= (${start}::date)::timestamp at time zone 'Asia/Shanghai'`,
              sql`${cases.openedAt} < ((${start}::date + interval '1 month')::date)::timestamp at time zone 'Asia/Shanghai'`,
            ),
          );
        if (Number(n) > 0) throw new AppError('NIL_REPORT_CONFLICT', { field: 'period' });
        const rows = await s.tx
          .insert(caseNilReports)
          .values({
            orgId: org.id,
            orgPath: org.path,
            districtId: org.districtId,
            period: input.period,
            reportedBy: actor.username,
          })
          .onConflictDoNothing()
          .returning();
        if (!rows[0]) throw new AppError('NIL_REPORT_CONFLICT', { field: 'period' });
        const lastDay = new Date(Date.parse(`${start}T00:00:00Z`) + 32 * 86_400_000);
        const end = new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth(), 0, 4));
        await count(s, org.path, { 'cases.nil_reports': 1 }, end);
        await appendAudit(s.tx, actor, {
          action: 'case.nil_report',
          targetType: 'case_nil_report',
          targetId: rows[0].id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return { id: rows[0].id, reportedAt: nowOf(deps).toISOString() };
      }),

    nilReports: (actor: UserActor, orgId: number, period: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.figures');
        const org = await scopedOrg(s, orgId);
        const rows = await s.tx
          .select()
          .from(caseNilReports)
          .where(and(sql`${caseNilReports.orgPath} <@ ${org.path}::ltree`, eq(caseNilReports.period, period)));
        return {
          items: rows.map((r) => ({
            orgId: r.orgId,
            period: r.period,
            reportedBy: r.reportedBy,
            reportedAt: r.reportedAt.toISOString(),
          })),
        };
      }),
  };
}
export type FiguresService = ReturnType<typeof createFiguresService>;
