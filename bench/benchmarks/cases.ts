import { PgDialect } from 'drizzle-orm/pg-core';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { caseListStatement } from '../../apps/server/src/modules/cases/cases.repository.js';
import type { ReadScope } from '../../apps/server/src/platform/scope.js';
import { signIn } from '../lib/server.js';
import { latencyFields, round, summarize } from '../lib/stats.js';
import type { Query, RawClient } from '../lib/targets.js';
import { nowMs } from '../lib/timing.js';
import { periodSegments } from '../../apps/server/src/platform/stats/stats.js';
import { goalMet, type Benchmark, type Figure, type Goal } from '../lib/types.js';

// Rights protection (issue 5): a case worker's list and the city's five-mechanism figures, through the API and as the
// same SQL. Needs cases in the database: `npm run seed:city` (200,000 cases at scale 1) or
// apps/server/src/seed/cases.ts.
const LIST_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 30,
  unit: 'ms',
  source: "issue 5: a worker's case list p95 ≤ 30 ms at 200,000 cases",
};
const FIGURES_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 100,
  unit: 'ms',
  source: "issue 5: the city's five-mechanism figures p95 ≤ 100 ms at 200,000 cases",
};
const METRICS = [
  'cases.screening_visits',
  'cases.reports',
  'cases.nil_reports',
  'cases.high_risk',
  'cases.services',
  'cases.referrals',
  'cases.referrals_answered',
  'cases.supervised',
  'cases.closed',
];

/*
 * Raw SQL twins: the case list rendered from the repository's own builder (cases.repository.ts caseListStatement, so it
 * cannot drift), and platform/stats readCounters (countersStatement). They run as the superuser with jinguo.user_id
 * set, without RLS; the list's twin therefore states the content entitlement that RLS adds to case_details for the
 * API (jinguo_case_access per joined row) as a join condition, so both do the same work.
 */
const SQL = {
  caseInScope: 'select id from organizations where id = $1',
};
const dialect = new PgDialect();
const DETAILS_JOIN = 'left join case_details d on d.case_id = c.id';
function listStatement(w: Worker) {
  const q = dialect.sqlToQuery(
    caseListStatement({ scopePath: w.path, mobileOrgId: null } as ReadScope, {
      view: 'mine',
      limit: 50,
      userId: w.id,
      supervisorPath: null,
      orgId: null,
      after: null,
    }),
  );
  if (!q.sql.includes(DETAILS_JOIN))
    throw new Error('the case list statement no longer joins case_details as the bench expects');
  return {
    sql: q.sql.replace(DETAILS_JOIN, `${DETAILS_JOIN} and jinguo_case_access(d.case_id, d.org_path, false)`),
    params: q.params,
  };
}

/**
 * platform/stats readCounters: one index range (node, metric, grain, day) per segment of the period — whole years,
 * months, edge days — summed per org and metric.
 */
function countersStatement(by: 'self' | 'children', from: string, to: string): string {
  const parts = periodSegments(from, to).map((g) => {
    const period = `c.grain = '${g.grain}' and c.day between '${g.from}'::date and '${g.to}'::date`;
    return by === 'self'
      ? `select c.node_id, c.metric, c.value from stat_counters c where c.node_id = $1 and c.metric = any($2::text[]) and ${period} and c.node_path <@ $3::ltree`
      : `select c.node_id, c.metric, c.value from organizations o join stat_counters c on c.node_id = o.id
          where o.parent_id = $1 and c.metric = any($2::text[]) and ${period} and c.node_path <@ $3::ltree`;
  });
  return `select x.node_id as org_id, x.metric, sum(x.value)::bigint as value from (${parts.join(' union all ')}) x group by x.node_id, x.metric`;
}

interface Worker {
  id: number;
  username: string;
  path: string;
  cases: number;
}

async function workers(raw: RawClient, n: number): Promise<Worker[]> {
  const rows = await raw.query(
    `select u.id, u.username, u.org_path::text as path, count(*)::int as cases from users u join case_assignments a on a.user_id = u.id and a.ended_at is null
    where u.username like 'seed.cw.%' group by u.id order by hashtext(u.username) limit $1`,
    [n],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    username: String(r.username),
    path: String(r.path),
    cases: Number(r.cases),
  }));
}

async function rawList(q: Query, w: Worker) {
  await q(`select set_config('jinguo.user_id', $1, false)`, [String(w.id)]);
  const { sql, params } = listStatement(w);
  await q(sql, params);
}

async function timeRounds<T>(items: T[], rounds: number, fn: (x: T) => Promise<void>): Promise<number[]> {
  for (const x of items) await fn(x);
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const x of items) {
      const t = nowMs();
      await fn(x);
      out.push(nowMs() - t);
    }
  }
  return out;
}

async function apiGet(url: string, cookie: string): Promise<void> {
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
}

const fig = (xs: number[]) => latencyFields(summarize(xs));

export const caseWorkerList: Benchmark = {
  name: 'case_worker_list',
  module: 'cases',
  description: "GET /cases?view=mine (a town case worker's newest 50 cases, entitlement per row) vs the same SQL",
  async run(ctx) {
    const raw = await ctx.raw();
    const [{ n: total } = { n: 0 }] = (await raw.query('select count(*)::int as n from cases')) as { n: number }[];
    const ws = await workers(raw, ctx.settings.smoke ? 2 : 24);
    if (!ws.length) throw new Error('no seeded case workers: run the cases seed (npm run seed:city) first');
    const rounds = ctx.settings.smoke ? 1 : 5;
    const rawT = await timeRounds(ws, rounds, (w) => rawList(raw.query, w));
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookies = new Map<string, string>();
    for (const w of ws) cookies.set(w.username, await signIn(server.url, w.username, DEMO_PASSWORD));
    const api = await timeRounds(ws, rounds, (w) =>
      apiGet(`${server.url}/api/v1/cases?view=mine&limit=50`, cookies.get(w.username)!),
    );
    const a = fig(api);
    const r = fig(rawT);
    const f: Figure = {
      name: 'case_worker_list',
      module: 'cases',
      target: ctx.target.kind,
      ...a,
      goal: LIST_GOAL,
      goalMet: null,
      rawSql: {
        statement: 'the list statement (assignments → headers, list columns of the entitled cases joined)',
        ...r,
        note: 'superuser, no RLS (the entitlement as a join condition), jinguo.user_id set',
      },
      ratio: a.p50 && r.p50 ? round(a.p50 / r.p50) : null,
      ratioNote: 'API p50 ÷ raw SQL p50',
      notes: [
        `${ws.length} seeded town case workers × ${rounds} rounds, one request at a time; ${total} cases in the database`,
      ],
      extra: {
        casesPerWorker: { min: Math.min(...ws.map((w) => w.cases)), max: Math.max(...ws.map((w) => w.cases)) },
        totalCases: total,
      },
    };
    f.goalMet = goalMet(LIST_GOAL, f, ctx.settings.smoke);
    return [f];
  },
};

export const cityFiveMechanisms: Benchmark = {
  name: 'case_city_figures',
  module: 'cases',
  description:
    'GET /cases/figures for the city (self and by district) over a year and over five years, from live counters, vs the same SQL',
  async run(ctx) {
    const raw = await ctx.raw();
    const [city] = await raw.query(
      `select o.id, o.path::text as path from organizations o join users u on u.org_id = o.id where u.username = 'city.cadre'`,
    );
    if (!city) throw new Error('city.cadre missing: is the demo loaded?');
    const year = new Date().getUTCFullYear();
    const periods = [
      [`${year}-01-01`, `${year}-12-31`],
      [`${year - 4}-01-01`, `${year}-12-31`],
    ] as const;
    const queries = periods.flatMap(([from, to]) => (['self', 'children'] as const).map((by) => ({ from, to, by })));
    const rounds = ctx.settings.smoke ? 1 : 20;
    const rawT = await timeRounds(queries, rounds, async (x) => {
      await raw.query(SQL.caseInScope, [city.id]);
      // By child, the API also reads the org's own total, for its own row (本级).
      if (x.by === 'children') await raw.query(countersStatement('self', x.from, x.to), [city.id, METRICS, city.path]);
      await raw.query(countersStatement(x.by, x.from, x.to), [city.id, METRICS, city.path]);
    });
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, 'city.cadre', DEMO_PASSWORD);
    const api = await timeRounds(queries, rounds, (x) =>
      apiGet(`${server.url}/api/v1/cases/figures?from=${x.from}&to=${x.to}&by=${x.by}`, cookie),
    );
    const a = fig(api);
    const r = fig(rawT);
    const f: Figure = {
      name: 'case_city_figures',
      module: 'cases',
      target: ctx.target.kind,
      ...a,
      goal: FIGURES_GOAL,
      goalMet: null,
      rawSql: {
        statement:
          'org lookup + readCounters (self, or self and by child for the 本级 row): one stat_counters range per grain segment of the period, summed',
        ...r,
        note: 'superuser, no RLS',
      },
      ratio: a.p50 && r.p50 ? round(a.p50 / r.p50) : null,
      ratioNote: 'API p50 ÷ raw SQL p50',
      notes: [
        `city.cadre; ${queries.length} query shapes (self / by district × one year / five years) × ${rounds} rounds`,
      ],
    };
    f.goalMet = goalMet(FIGURES_GOAL, f, ctx.settings.smoke);
    return [f];
  },
};
