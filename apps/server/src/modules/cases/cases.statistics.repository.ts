import { and, eq, sql } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import { orgDirectory } from '../organizations/index.js';
import { caseNilReports, cases, caseScreenings } from './cases.tables.js';

/* The SQL of the five-mechanism figures (cases.statistics.ts): screenings, nil reports, the counters' rebuild. */

/**
 * Cases by type (at intake), by risk level (at the first assessment), by outcome (at closure, as the closing event
 * recorded it) and mediations started: the records recounted the way the services bump them.
 */
export const caseKindsRebuild = sql`
    select org_path, (opened_at at time zone 'Asia/Shanghai')::date as day, 'cases.type.' || case_type as metric, count(*)::bigint as value from cases group by 1, 2, 3
    union all select org_path, (assessed_at at time zone 'Asia/Shanghai')::date, 'cases.risk.' || level, count(*)::bigint from (
      select distinct on (case_id) case_id, org_path, assessed_at, level from case_assessments order by case_id, assessed_at, id) f group by 1, 2, 3
    union all select e.org_path, (e.at at time zone 'Asia/Shanghai')::date, 'cases.outcome.' || (e.detail->>'outcome'), count(*)::bigint from case_events e
      where e.kind = 'transition' and e.to_status = 'closed' and e.detail->>'outcome' is not null group by 1, 2, 3
    union all select org_path, (started_at at time zone 'Asia/Shanghai')::date, 'cases.mediations', count(*)::bigint from case_mediations group by 1, 2`;

/**
 * One row per (org, day, metric) from the records themselves: used by `jinguo stats rebuild` after a
 * reorganization.
 */
export const caseCountersRebuild = sql`
    select org_path, (opened_at at time zone 'Asia/Shanghai')::date as day, 'cases.reports' as metric, count(*)::bigint as value from cases group by 1, 2
    union all select org_path, visited_on, 'cases.screening_visits', sum(households)::bigint from case_screenings group by 1, 2
    union all select org_path, (to_date(period || '-01', 'YYYY-MM-DD') + interval '1 month' - interval '1 day')::date, 'cases.nil_reports', count(*)::bigint from case_nil_reports group by 1, 2
    union all select org_path, (assessed_at at time zone 'Asia/Shanghai')::date, 'cases.high_risk', count(*)::bigint from (
      select distinct on (case_id) case_id, org_path, assessed_at from case_assessments where level = 'high' order by case_id, assessed_at) h group by 1, 2
    union all select org_path, provided_on, 'cases.services', count(*)::bigint from case_services group by 1, 2
    union all select org_path, (sent_at at time zone 'Asia/Shanghai')::date, 'cases.referrals', count(*)::bigint from case_referrals group by 1, 2
    union all select org_path, (answered_at at time zone 'Asia/Shanghai')::date, 'cases.referrals_answered', count(*)::bigint from case_referrals where answered_at is not null group by 1, 2
    union all select org_path, (supervised_at at time zone 'Asia/Shanghai')::date, 'cases.supervised', count(*)::bigint from case_details where supervised_at is not null group by 1, 2
    union all select e.org_path, (e.at at time zone 'Asia/Shanghai')::date, 'cases.closed', count(*)::bigint from case_events e where e.kind = 'transition' and e.to_status = 'closed' group by 1, 2`;

export async function insertScreening(s: Scoped, row: typeof caseScreenings.$inferInsert) {
  return (await s.tx.insert(caseScreenings).values(row).returning())[0]!;
}

/** Cases opened under the org at `orgPath` in the month starting on `start` (China time). */
export async function casesOpenedInMonth(s: Scoped, orgPath: string, start: string): Promise<number> {
  const [{ n } = { n: 0 }] = await s.tx
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(
      and(
        sql`${cases.orgPath} <@ ${orgPath}::ltree`,
        sql`${cases.openedAt} >= (${start}::date)::timestamp at time zone 'Asia/Shanghai'`,
        sql`${cases.openedAt} < ((${start}::date + interval '1 month')::date)::timestamp at time zone 'Asia/Shanghai'`,
      ),
    );
  return Number(n);
}

/** A nil report; null when the org already reported that period. */
export async function insertNilReport(s: Scoped, row: typeof caseNilReports.$inferInsert) {
  const rows = await s.tx.insert(caseNilReports).values(row).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

/**
 * Each active village-level org under `orgPath` with its nil report for the period and the cases opened there in that
 * month (China time). The org names come from the organizations module's published read model (`org_directory`).
 */
export async function nilReportBoard(s: Scoped, orgPath: string, period: string) {
  const start = `${period}-01`;
  return s.tx
    .select({
      id: orgDirectory.id,
      name: orgDirectory.name,
      reportedBy: caseNilReports.reportedBy,
      reportedAt: caseNilReports.reportedAt,
      cases: sql<number>`(select count(*)::int from ${cases} c where c.org_path <@ ${orgDirectory.path}
        and c.opened_at >= (${start}::date)::timestamp at time zone 'Asia/Shanghai'
        and c.opened_at < ((${start}::date + interval '1 month')::date)::timestamp at time zone 'Asia/Shanghai')`,
    })
    .from(orgDirectory)
    .leftJoin(caseNilReports, and(eq(caseNilReports.orgId, orgDirectory.id), eq(caseNilReports.period, period)))
    .where(
      and(
        sql`${orgDirectory.path} <@ ${orgPath}::ltree`,
        eq(orgDirectory.type, 'village_federation'),
        eq(orgDirectory.status, 'active'),
      ),
    )
    .orderBy(orgDirectory.code)
    .limit(2000);
}
