import type { z } from 'zod';
import { CASE_METRICS } from '@jinguo/contracts';
import type { FiguresQuery, NilReportBoardQuery, NilReportInput, ScreeningInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { byOrg, readCounters, type StatSource } from '../../platform/stats/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import { count, nowOf, type CasesDeps } from './cases.access.service.js';
import {
  caseCountersRebuild,
  casesOpenedInMonth,
  insertNilReport,
  insertScreening,
  nilReportBoard,
} from './cases.statistics.repository.js';
import { actorLabel } from './cases.policy.js';

/**
 * 五项机制 figures: screening visits, reports (and nil reports), high-risk cases, services, referrals and answers,
 * supervised cases, closures — live counters (platform/stats) bumped in the transaction of each change and rolled
 * up the hierarchy, so the city's figures are an index range, not a GROUP BY over the cases.
 */
export const caseFiguresSource: StatSource = {
  name: 'cases',
  metrics: CASE_METRICS,
  // One row per (org, day, metric) from the records themselves: used by `jinguo stats rebuild` after a reorganization.
  rebuild: caseCountersRebuild,
};

export function createFiguresService(deps: CasesDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const inScope = (s: Scoped, path: string) => s.scopePath === null || pathWithin(path, s.scopePath);

  async function scopedOrg(s: Scoped, orgId: number) {
    const org = await deps.organizations.findOrg(s, orgId);
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
        const period = { metrics: CASE_METRICS, from: q.from, to: q.to };
        const zero = Object.fromEntries(CASE_METRICS.map((m) => [m, 0]));
        const self = byOrg(await readCounters(s, { orgId: org.id, ...period, by: 'self' }), CASE_METRICS);
        const total = { ...zero, ...(self.get(org.id) ?? {}) };
        const base = { from: q.from, to: q.to, metrics: [...CASE_METRICS] };
        if (q.by === 'self')
          return { ...base, rows: [{ org: { id: org.id, name: org.name }, own: false, values: total }] };
        // By children: each child's subtree, and first the org's own records (本级) — its subtree less every child's,
        // the children no longer active included, whose counters still roll up into it.
        const counted = await readCounters(s, { orgId: org.id, ...period, by: 'children' });
        const values = byOrg(counted, CASE_METRICS);
        const own = { ...total };
        for (const r of counted) own[r.metric] = (own[r.metric] ?? 0) - r.value;
        const children = await deps.organizations.childrenOf(s, org.id, false);
        return {
          ...base,
          rows: [
            { org: { id: org.id, name: org.name }, own: true, values: own },
            ...children.map((c) => ({
              org: { id: c.id, name: c.name },
              own: false,
              values: { ...zero, ...(values.get(c.id) ?? {}) },
            })),
          ],
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
        const row = await insertScreening(s, {
          orgId: org.id,
          orgPath: org.path,
          districtId: org.districtId,
          visitedOn: input.visitedOn,
          households: input.households,
          disputesFound: input.disputesFound,
          note: input.note ?? null,
          recordedBy: actorLabel(actor),
        });
        await count(
          s,
          org.path,
          { 'cases.screening_visits': input.households },
          new Date(`${input.visitedOn}T12:00:00+08:00`),
        );
        await appendAudit(s.tx, actor, {
          action: 'case.screening',
          targetType: 'case_screening',
          targetId: row.id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return { id: row.id };
      }),

    /** 零报告: a village states it had no case in a month; refused when the month has cases there. */
    nilReport: (actor: UserActor, input: z.infer<typeof NilReportInput>) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.screening');
        const org = await scopedOrg(s, input.orgId);
        const start = `${input.period}-01`;
        if ((await casesOpenedInMonth(s, org.path, start)) > 0)
          throw new AppError('NIL_REPORT_CONFLICT', { field: 'period' });
        const report = await insertNilReport(s, {
          orgId: org.id,
          orgPath: org.path,
          districtId: org.districtId,
          period: input.period,
          reportedBy: actorLabel(actor),
        });
        if (!report) throw new AppError('NIL_REPORT_CONFLICT', { field: 'period' });
        const lastDay = new Date(Date.parse(`${start}T00:00:00Z`) + 32 * 86_400_000);
        const end = new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth(), 0, 4));
        await count(s, org.path, { 'cases.nil_reports': 1 }, end);
        await appendAudit(s.tx, actor, {
          action: 'case.nil_report',
          targetType: 'case_nil_report',
          targetId: report.id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return { id: report.id, reportedAt: nowOf(deps).toISOString() };
      }),

    /** 零报告 by village for one month: who filed, who had cases, who has not reported. */
    nilReportBoard: (actor: UserActor, q: z.infer<typeof NilReportBoardQuery>) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.figures');
        const org = await scopedOrg(s, q.orgId ?? actor.scope.orgId);
        const rows = await nilReportBoard(s, org.path, q.period);
        return {
          org: { id: org.id, name: org.name },
          period: q.period,
          rows: rows.map((r) => ({
            org: { id: Number(r.id), name: r.name },
            state: r.reportedAt
              ? ('reported' as const)
              : Number(r.cases) > 0
                ? ('has_cases' as const)
                : ('missing' as const),
            cases: Number(r.cases),
            reportedBy: r.reportedBy,
            reportedAt: r.reportedAt ? new Date(r.reportedAt).toISOString() : null,
          })),
        };
      }),
  };
}
export type FiguresService = ReturnType<typeof createFiguresService>;
