// Volunteers and 执委 duties: the duty table of an org (who is behind: every 执委 of the subtree counted from visits,
// demands, call-ups and led projects) and volunteer hours per org and period (live counters), each against raw SQL.
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { periodSegments } from '../../apps/server/src/platform/stats/stats.js';
import { signIn } from '../lib/server.js';
import { round, summarize, latencyFields } from '../lib/stats.js';
import type { Query, RawClient } from '../lib/targets.js';
import { nowMs } from '../lib/timing.js';
import { goalMet, type BenchContext, type Benchmark, type Figure, type Goal } from '../lib/types.js';

const USER = 'city.cadre';
const GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 100,
  unit: 'ms',
  source: 'PRODUCT §4: statistics for any org and period p95 ≤ 100 ms',
};
const SCOPE = `select set_config('role', 'jinguo_app', true), set_config('jinguo.scope_path', $1, true)`;
const METRICS = [
  'volunteers.teams',
  'volunteers.talk_teams',
  'volunteers.joined',
  'volunteers.services',
  'volunteers.minutes',
];

interface OrgRef {
  id: number;
  path: string;
  depth: number;
}
const LEVEL = ['city', 'district', 'town', 'village'];
interface Timings {
  all: number[];
  byDepth: Map<number, number[]>;
}

async function pick(raw: RawClient, types: string, n: number): Promise<OrgRef[]> {
  return (
    await raw.query(
      `select id, path::text as path, depth from organizations where status = 'active' and type in (${types}) order by hashtext(code) limit ${n}`,
    )
  ).map((r) => ({ id: Number(r.id), path: String(r.path), depth: Number(r.depth) }));
}

async function timeEach<T extends OrgRef>(orgs: T[], rounds: number, fn: (o: T) => Promise<void>, warm: boolean) {
  if (warm) for (const o of orgs) await fn(o);
  const all: number[] = [];
  const byDepth = new Map<number, number[]>();
  for (let r = 0; r < rounds; r++)
    for (const o of orgs) {
      const t0 = nowMs();
      await fn(o);
      const ms = nowMs() - t0;
      all.push(ms);
      const list = byDepth.get(o.depth);
      if (list) list.push(ms);
      else byDepth.set(o.depth, [ms]);
    }
  return { all, byDepth };
}

async function apiGet(url: string, cookie: string, actingOrg: number): Promise<void> {
  const res = await fetch(url, { headers: { cookie, 'x-acting-org': String(actingOrg) } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
}

function figure(
  ctx: BenchContext,
  module: 'volunteers' | 'duties',
  name: string,
  api: Timings,
  raw: Timings,
  statement: string,
  extra: Record<string, unknown>,
): Figure {
  const s = summarize(api.all);
  const r = summarize(raw.all);
  const levels = (m: Map<number, number[]>) =>
    Object.fromEntries(
      [...m].map(([d, v]) => {
        const x = summarize(v);
        return [LEVEL[d] ?? `depth ${d}`, { p50: round(x.p50), p95: round(x.p95), n: x.n }];
      }),
    );
  const f: Figure = {
    name,
    module,
    target: ctx.target.kind,
    ...latencyFields(s),
    goal: GOAL,
    goalMet: null,
    rawSql: {
      statement,
      unit: 'ms',
      p50: round(r.p50),
      p95: round(r.p95),
      p99: round(r.p99),
      n: r.n,
      note: 'the same statements in one transaction as jinguo_app with the scope set (row-level security on)',
    },
    ratio: round(s.p50 / r.p50),
    ratioNote: 'API p50 ÷ raw SQL p50',
    notes: [`signed in as ${USER}, acting as each org (X-Acting-Org); sequential; one warm-up round not counted`],
    extra: { byLevel: levels(api.byDepth), rawSqlByLevel: levels(raw.byDepth), ...extra },
  };
  f.goalMet = goalMet(GOAL, f, ctx.settings.smoke);
  return f;
}

/** The statements GET /duties/table runs (duties.repository.ts and each module's DutyCounter); keep in step. */
async function dutyTableStatements(q: Query, o: OrgRef, scopePath: string, year: number, today: string) {
  const from = `${year}-01-01`;
  await q(`select id, code, name, type, path, status, district_id from org_directory where id = $1`, [o.id]);
  await q(
    `select * from duty_checklists where year = $1 and org_path @> $2::ltree order by nlevel(org_path) desc limit 1`,
    [year, o.path],
  );
  const members = await q(
    `select id, display_name, org_id from users where org_path <@ $1::ltree and status = 'active'
     and roles @> array['executive_member']::text[] order by org_path, display_name limit 2000`,
    [o.path],
  );
  const ids = `array[${members.map((m) => Number(m.id)).join(',') || 'null'}]::bigint[]`;
  // visits: candidates by the GIN index with RLS lifted (scope predicate kept), counted back under RLS
  await q(`select set_config('role', 'none', true)`);
  const candidates = await q(
    `select id from visits where visitor_user_ids && ${ids} and visited_on between $1::date and $2::date and org_path <@ $3::ltree`,
    [from, today, scopePath],
  );
  await q(`select set_config('role', 'jinguo_app', true)`);
  if (candidates.length)
    await q(
      `with mine as (select u.user_id, v.id from visits v cross join lateral unnest(v.visitor_user_ids) as u(user_id)
         where v.id = any($1::bigint[]) and u.user_id = any(${ids}))
       select m.user_id, count(distinct m.id), count(distinct coalesce('f' || x.family_id, 'p' || x.person_id))
       from mine m left join visit_subjects x on x.visit_id = m.id group by m.user_id`,
      [candidates.map((c) => Number(c.id))],
    );
  await q(
    `select assignee_user_id, count(*) from demands where assignee_user_id = any(${ids})
     and replied_at >= ($1::date::timestamp at time zone 'Asia/Shanghai') and replied_at < (($2::date + 1)::timestamp at time zone 'Asia/Shanghai')
     and org_path <@ $3::ltree group by assignee_user_id`,
    [from, today, scopePath],
  );
  await q(
    `select i.user_id, count(*) from call_up_invitees i join call_ups c on c.id = i.call_up_id
     where i.user_id = any(${ids}) and i.attended and c.state = 'closed'
       and c.starts_at >= ($1::date::timestamp at time zone 'Asia/Shanghai') and c.starts_at < (($2::date + 1)::timestamp at time zone 'Asia/Shanghai')
     group by i.user_id`,
    [from, today],
  );
  await q(
    `select leader_user_id, count(*), sum(people_served) from duty_projects where leader_user_id = any(${ids})
     and started_on <= $2::date and (completed_on is null or completed_on >= $1::date) and org_path <@ $3::ltree group by leader_user_id`,
    [from, today, scopePath],
  );
  await q(`select id, code, name, type from org_directory where id = any($1::bigint[])`, [
    [...new Set(members.map((m) => Number(m.org_id)))],
  ]);
}

/** GET /duties/table for districts, towns and villages: every 执委 of the subtree against the year's checklist. */
export const dutyTable: Benchmark = {
  name: 'duty_table',
  module: 'duties',
  description:
    "GET /duties/table (每位执委 against the year's checklist, counted from visits, demands, call-ups, projects) for districts, towns, villages vs the same statements in raw SQL",
  async run(ctx) {
    const raw = await ctx.raw();
    const orgs = [
      ...(await pick(raw, `'district_federation', 'functional_zone_federation'`, ctx.settings.smoke ? 1 : 10)),
      ...(await pick(raw, `'town_federation'`, ctx.settings.smoke ? 2 : 40)),
      ...(await pick(raw, `'village_federation'`, ctx.settings.smoke ? 3 : 100)),
    ];
    const [city] = await pick(raw, `'city_federation'`, 1);
    const members = Number(
      (await raw.query(`select count(*)::int as n from users where roles @> array['executive_member']::text[]`))[0]!.n,
    );
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    const rounds = ctx.settings.smoke ? 1 : 3;
    const rawT = await timeEach(
      orgs,
      rounds,
      (o) =>
        raw.transaction(async (q) => {
          await q(SCOPE, [city!.path]);
          await dutyTableStatements(q, o, city!.path, year, today);
        }),
      !ctx.settings.smoke,
    );
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const api = await timeEach(
      orgs,
      rounds,
      (o) => apiGet(`${server.url}/api/v1/duties/table?orgId=${o.id}&year=${year}`, cookie, city!.id),
      !ctx.settings.smoke,
    );
    return [
      figure(
        ctx,
        'duties',
        'duty_table',
        api,
        rawT,
        'org lookup + effective checklist + the 执委 of the subtree + each DutyCounter (visits, demands, call-ups, projects) + their orgs',
        { orgs: orgs.length, executiveMembers: members, year },
      ),
    ];
  },
};

/** GET /volunteers/figures?by=children over five years for the city and every district (live counters). */
export const volunteerHoursFigures: Benchmark = {
  name: 'volunteer_hours_figures',
  module: 'volunteers',
  description:
    'GET /volunteers/figures?by=children (teams, volunteers, services, hours) for the city and districts over five years and this year vs the counters query in raw SQL; the same hours by GROUP BY over the ledger once',
  async run(ctx) {
    const raw = await ctx.raw();
    const orgs = [
      ...(await pick(raw, `'city_federation'`, 1)),
      ...(await pick(raw, `'district_federation', 'functional_zone_federation'`, ctx.settings.smoke ? 2 : 50)),
    ];
    const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const periods = [
      { from: `${Number(to.slice(0, 4)) - 5}${to.slice(4)}`, to },
      { from: `${to.slice(0, 4)}-01-01`, to },
    ];
    const rounds = ctx.settings.smoke ? 1 : 3;
    const work = orgs.flatMap((o) => periods.map((p) => ({ ...o, p })));
    const counters = (q: Query, o: OrgRef, p: { from: string; to: string }) => {
      const union = periodSegments(p.from, p.to)
        .map(
          (g) => `select c.node_id, c.metric, c.value from organizations o join stat_counters c on c.node_id = o.id
        where o.parent_id = $1 and c.metric = any($2::text[]) and c.grain = '${g.grain}' and c.day between '${g.from}'::date and '${g.to}'::date and c.node_path <@ $3::ltree`,
        )
        .join(' union all ');
      return q(`select x.node_id, x.metric, sum(x.value)::bigint from (${union}) x group by x.node_id, x.metric`, [
        o.id,
        METRICS,
        orgs[0]!.path,
      ]);
    };
    const rawT = await timeEach(
      work,
      rounds,
      (o) =>
        raw.transaction(async (q) => {
          await q(SCOPE, [orgs[0]!.path]);
          await q('select id, code, name, type, path, status from org_directory where id = $1', [o.id]);
          await counters(q, o, o.p);
          await q(
            `select id, code, name, type from org_directory where parent_id = $1 and status = 'active' order by code`,
            [o.id],
          );
        }),
      !ctx.settings.smoke,
    );
    const t0 = nowMs();
    await raw.query(
      `select o.id, count(*) as services, sum(h.minutes) as minutes from organizations o join volunteer_hours h on h.district_id = o.id
       where o.parent_id = $1 and h.served_on >= $2::date group by o.id`,
      [orgs[0]!.id, periods[0]!.from],
    );
    const groupByMs = round(nowMs() - t0);
    const ledger = Number((await raw.query('select count(*)::int as n from volunteer_hours'))[0]!.n);
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const api = await timeEach(
      work,
      rounds,
      (o) =>
        apiGet(
          `${server.url}/api/v1/volunteers/figures?orgId=${o.id}&by=children&from=${o.p.from}&to=${o.p.to}`,
          cookie,
          orgs[0]!.id,
        ),
      !ctx.settings.smoke,
    );
    return [
      figure(
        ctx,
        'volunteers',
        'volunteer_hours_figures',
        api,
        rawT,
        'org lookup + the stat_counters sums per child for each grain of the period + the children',
        { periods, orgs: orgs.length, ledgerRows: ledger, groupByOverLedgerMs: groupByMs },
      ),
    ];
  },
};
