import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { DutyCounter } from '../../platform/modules.js';
import { withRowSecurityLifted } from '../../platform/scope.js';

/**
 * Duty kinds of visits (the 执委 checklist): visits a person made in the period, and the households she contacted —
 * distinct families, or persons visited outside a family record — over those visits. Two phases (decision 0002):
 * `&&` on the visitors array is not leakproof, so under row-level security PostgreSQL would read every visit of the
 * period; the candidates come from the GIN index with RLS lifted (the scope predicate kept, ids only), and are counted
 * back under RLS.
 */
export const visitDutyCounter: DutyCounter = {
  kinds: [
    { code: 'visits.made', label: { 'zh-CN': '走访次数', 'en-US': 'Visits made' } },
    { code: 'visits.households', label: { 'zh-CN': '联系家庭户数', 'en-US': 'Households contacted' } },
  ],
  count: async (s, q) => {
    if (!q.userIds.length) return [];
    const ids = sql.raw(`array[${q.userIds.map((id) => String(Math.trunc(id))).join(',')}]::bigint[]`);
    const scope = s.scopePath === null ? sql`true` : sql`org_path <@ ${s.scopePath}::ltree`;
    const candidates = await withRowSecurityLifted(s, () =>
      queryRows<{ id: number }>(
        s.tx,
        sql`select id from visits where visitor_user_ids && ${ids}
          and visited_on between ${q.from}::date and ${q.to}::date and ${scope}`,
      ),
    );
    if (!candidates.length) return [];
    const found = sql.raw(`array[${candidates.map((c) => String(Math.trunc(Number(c.id)))).join(',')}]::bigint[]`);
    const rows = await queryRows<{ user_id: number; made: number; households: number }>(
      s.tx,
      sql`with mine as (
          select u.user_id, v.id from visits v cross join lateral unnest(v.visitor_user_ids) as u(user_id)
          where v.id = any(${found}) and u.user_id = any(${ids}))
        select m.user_id, count(distinct m.id)::int as made,
          count(distinct case when x.family_id is not null then 'f' || x.family_id
                              when x.person_id is not null then 'p' || x.person_id end)::int as households
        from mine m left join visit_subjects x on x.visit_id = m.id
        group by m.user_id`,
    );
    return rows.flatMap((r) => [
      ...(r.made ? [{ userId: Number(r.user_id), kind: 'visits.made', value: Number(r.made) }] : []),
      ...(r.households ? [{ userId: Number(r.user_id), kind: 'visits.households', value: Number(r.households) }] : []),
    ]);
  },
};
