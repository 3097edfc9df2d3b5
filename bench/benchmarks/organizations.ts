import autocannon, { type Result } from 'autocannon';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { signIn } from '../lib/server.js';
import { round, summarize, type Summary } from '../lib/stats.js';
import type { Query, RawClient } from '../lib/targets.js';
import { closedLoop, nowMs } from '../lib/timing.js';
import { goalMet, type Benchmark, type BenchContext, type Figure, type Goal, type RawFigure } from '../lib/types.js';

/** The demo's city cadre: home org 重庆市妇联, so every org of the tree is in scope. */
const USER = 'city.cadre';

const SUBTREE_GOAL: Goal = { metric: 'p95', op: '<=', value: 10, unit: 'ms', source: 'PRODUCT.md §4 organizations: subtree query p95 ≤ 10 ms' };
const THROUGHPUT_GOAL: Goal = { metric: 'value', op: '>=', value: 3000, unit: 'req/s', source: 'PRODUCT.md §4 API: ≥ 3,000 authenticated reads/s on 2 cores (PostgreSQL)' };

interface OrgRef { id: number; code: string; path: string; depth: number; type: string }

/*
 * Raw SQL twins of the endpoints' statements. They mirror organizations.repository.ts (requireOrg/findOrg,
 * childrenOf, coverageOf, findNode, ancestorsOf, currentTerm) as of this writing: keep them in step when those change.
 */
const SQL = {
  orgInScope: 'select * from organizations where id = $1 and path <@ $2::ltree',
  bareSubtree: 'select id from organizations where path <@ $1::ltree',
  coverage: [
    `select count(*) filter (where type = 'village_federation')::int as villages,
       count(*) filter (where type = 'village_federation' and founded_on is not null)::int as with_federation,
       count(*) filter (where type = 'womens_group')::int as womens_groups
     from organizations where path <@ $1::ltree and status = 'active'`,
    `select count(*)::int as n from org_terms where org_path <@ $1::ltree and is_current and due_on < current_date and state in ('elected', 'filed')`,
    `select sp.type, count(distinct sp.org_id)::int as n from org_spaces sp join organizations o on o.id = sp.org_id
     where sp.org_path <@ $1::ltree and o.type = 'village_federation' and o.status = 'active' group by sp.type`,
    `select type, count(*)::int as n from organizations where path <@ $1::ltree and status = 'active' group by type`,
    `select type, count(*)::int as n from org_spaces where org_path <@ $1::ltree group by type`,
  ],
  children: `select o.*, (select count(*)::int from organizations c where c.parent_id = o.id and c.status = 'active') as child_count
     from organizations o where o.parent_id = $1 and o.path <@ $2::ltree and o.status = 'active'
     order by o.division_code is null, o.code`,
  byId: 'select * from organizations where id = $1',
  node: `select o.id, o.code, o.name, o.type, o.status, o.parent_id, o.depth,
       (select count(*)::int from organizations c where c.parent_id = o.id and c.status = 'active') as child_count
     from organizations o where o.id = $1 and o.path <@ $2::ltree`,
  ancestors: 'select id, code, name, type from organizations where path @> $1::ltree and path <> $1::ltree order by depth',
  currentTerm: 'select * from org_terms where org_id = $1 and is_current and org_path <@ $2::ltree limit 1',
};

const SCOPE = `select set_config('role', 'jinguo_app', true), set_config('jinguo.scope_path', $1, true)`;

async function coverageStatements(q: Query, org: OrgRef, scope: string) {
  await q(SQL.orgInScope, [org.id, scope]);
  for (const s of SQL.coverage) await q(s, [org.path]);
}
async function childrenStatements(q: Query, org: OrgRef, scope: string) {
  await q(SQL.orgInScope, [org.id, scope]);
  await q(SQL.children, [org.id, scope]);
}
/** What GET /organizations/:id runs: findOrg, findNode, ancestors, merged-into (when merged), current term. */
async function detailStatements(q: Query, org: OrgRef, scope: string) {
  const [row] = await q(SQL.orgInScope, [org.id, scope]);
  await q(SQL.node, [org.id, scope]);
  await q(SQL.ancestors, [org.path]);
  if (row?.merged_into_id) await q(SQL.orgInScope, [row.merged_into_id, scope]);
  await q(SQL.currentTerm, [org.id, scope]);
}
/** The same statements in one transaction as the RLS role with the scope set, as runScoped does. */
const scoped = (raw: RawClient, scope: string, fn: (q: Query) => Promise<void>) =>
  raw.transaction(async (q) => {
    await q(SCOPE, [scope]);
    await fn(q);
  });

const toRef = (r: Record<string, unknown>): OrgRef => ({ id: Number(r.id), code: String(r.code), path: String(r.path), depth: Number(r.depth), type: String(r.type) });

async function cityRoot(raw: RawClient): Promise<OrgRef> {
  const [r] = await raw.query(`select o.id, o.code, o.path::text as path, o.depth, o.type from organizations o join users u on u.org_id = o.id where u.username = $1`, [USER]);
  if (!r) throw new Error(`the demo user ${USER} is missing: is the Chongqing demo loaded?`);
  return toRef(r);
}

/**
 * The city, every district and functional zone (not the attached orgs at that depth), and a deterministic sample
 * of towns and streets (ordered by a hash of the code).
 */
async function subtreeOrgs(raw: RawClient, root: OrgRef, towns: number, districtLimit: number | null): Promise<OrgRef[]> {
  const districts = await raw.query(`select id, code, path::text as path, depth, type from organizations
    where status = 'active' and type in ('district_federation', 'functional_zone_federation') and path <@ $1::ltree order by code ${districtLimit ? `limit ${districtLimit}` : ''}`, [root.path]);
  const townRows = await raw.query(`select id, code, path::text as path, depth, type from organizations
    where status = 'active' and type = 'town_federation' and path <@ $1::ltree order by hashtext(code) limit $2`, [root.path, towns]);
  return [root, ...districts.map(toRef), ...townRows.map(toRef)];
}

const fig = (s: Summary) => ({ p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), n: s.n });

async function timeEach(orgs: OrgRef[], rounds: number, fn: (o: OrgRef) => Promise<void>, warmUp = true): Promise<{ all: number[]; byDepth: Map<number, number[]> }> {
  if (warmUp) for (const o of orgs) await fn(o); // warm-up round, not recorded
  const all: number[] = [];
  const byDepth = new Map<number, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const o of orgs) {
      const t = nowMs();
      await fn(o);
      const ms = nowMs() - t;
      all.push(ms);
      byDepth.set(o.depth, [...(byDepth.get(o.depth) ?? []), ms]);
    }
  }
  return { all, byDepth };
}

const LEVEL = ['city', 'district', 'town'];
const levels = (m: Map<number, number[]>) => Object.fromEntries([...m].map(([d, v]) => [LEVEL[d] ?? `depth ${d}`, fig(summarize(v))]));

async function apiGet(url: string, cookie: string): Promise<void> {
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
}

/**
 * Subtree operations, one request at a time: the city, every district and ~200 towns. No endpoint returns a whole
 * subtree, so the headline is GET /organizations/:id/coverage (aggregates over everything under the org); the
 * children listing is reported beside it, and the bare `path <@` select as the floor.
 */
export const subtreeQuery: Benchmark = {
  name: 'subtree_query',
  module: 'organizations',
  description: 'GET /organizations/:id/coverage and /children over the city, every district and a sample of towns, vs the same SQL through pg/PGlite',
  async run(ctx) {
    const { settings, target } = ctx;
    const raw = await ctx.raw();
    const root = await cityRoot(raw);
    const orgs = await subtreeOrgs(raw, root, settings.subtreeTowns, settings.smoke ? 2 : null);
    const counts = { city: orgs.filter((o) => o.depth === 0).length, districts: orgs.filter((o) => o.depth === 1).length, towns: orgs.filter((o) => o.depth === 2).length };
    ctx.log(`subtree: ${orgs.length} orgs (${counts.districts} districts, ${counts.towns} towns) × ${settings.subtreeRounds} rounds`);

    const each = (fn: (o: OrgRef) => Promise<void>) => timeEach(orgs, settings.subtreeRounds, fn, !settings.smoke);
    const covRaw = await each((o) => coverageStatements(raw.query, o, root.path));
    const covScoped = await each((o) => scoped(raw, root.path, (q) => coverageStatements(q, o, root.path)));
    const bare = await each(async (o) => void (await raw.query(SQL.bareSubtree, [o.path])));
    const subtreeSizes = await Promise.all(orgs.slice(0, 1 + counts.districts).map(async (o) => Number((await raw.query('select count(*)::int as n from organizations where path <@ $1::ltree', [o.path]))[0]!.n)));
    const chRaw = await each((o) => childrenStatements(raw.query, o, root.path));
    const chScoped = await each((o) => scoped(raw, root.path, (q) => childrenStatements(q, o, root.path)));
    await ctx.closeRaw();

    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const covApi = await each((o) => apiGet(`${server.url}/api/v1/organizations/${o.id}/coverage`, cookie));
    const chApi = await each((o) => apiGet(`${server.url}/api/v1/organizations/${o.id}/children`, cookie));

    const make = (name: string, api: typeof covApi, rawT: typeof covRaw, scopedT: typeof covScoped, statement: string, goal: Goal | null, extra: Record<string, unknown>): Figure => {
      const s = summarize(api.all);
      const r = summarize(rawT.all);
      const f: Figure = {
        name, module: 'organizations', target: target.kind, unit: 'ms', p50: round(s.p50), p95: round(s.p95), p99: round(s.p99),
        min: round(s.min), max: round(s.max), n: s.n, goal, goalMet: null,
        rawSql: { statement, unit: 'ms', ...fig(r), note: 'the same statements, one after another, as the superuser outside a transaction (no RLS)' },
        ratio: round(s.p50 / r.p50),
        ratioNote: 'API p50 ÷ raw SQL p50',
        notes: [`signed in as ${USER} (scope: the whole city); sequential requests on one keep-alive connection; one warm-up round not counted`],
        extra: {
          byLevel: levels(api.byDepth),
          rawSqlByLevel: levels(rawT.byDepth),
          rawSqlScoped: { ...fig(summarize(scopedT.all)), note: 'the same statements in one transaction as jinguo_app with jinguo.scope_path set (row-level security on), as the API runs them' },
          orgs: counts,
          ...extra,
        },
      };
      f.goalMet = goalMet(goal, f, settings.smoke);
      return f;
    };
    return [
      make('subtree_query', covApi, covRaw, covScoped, `GET /api/v1/organizations/:id/coverage ↔ org lookup + the 5 aggregate statements of coverageOf (path <@ subtree)`, SUBTREE_GOAL, {
        bareSubtreeSelect: { ...fig(summarize(bare.all)), byLevel: levels(bare.byDepth), statement: SQL.bareSubtree, note: 'fetches every id of the subtree: the subtree primitive itself' },
        subtreeSizes: { city: subtreeSizes[0], districtMin: Math.min(...subtreeSizes.slice(1)), districtMax: Math.max(...subtreeSizes.slice(1)) },
      }),
      make('subtree_children', chApi, chRaw, chScoped, 'GET /api/v1/organizations/:id/children ↔ org lookup + children select with child counts', null, {}),
    ];
  },
};

/** Ids of a deterministic mix of active orgs of every level (ordered by a hash of the code). */
async function mixOfOrgs(raw: RawClient, root: OrgRef, n: number): Promise<OrgRef[]> {
  const rows = await raw.query(`select id, code, path::text as path, depth, type from organizations where status = 'active' and path <@ $1::ltree order by hashtext(code) limit $2`, [root.path, n]);
  return rows.map(toRef);
}

async function rawLoop(ctx: BenchContext, raw: RawClient, fn: (i: number) => Promise<void>) {
  const concurrency = raw.concurrency > 1 ? ctx.settings.connections : 1;
  const r = await closedLoop(concurrency, ctx.settings.smoke ? 500 : ctx.settings.duration * 1000, fn);
  const s = summarize(r.latencies);
  return { value: round(r.ops / r.seconds), ...fig(s), concurrency };
}

async function cannon(url: string, paths: string[], cookie: string, connections: number, duration: number) {
  let i = 0;
  const result = await autocannon({
    url, connections, duration, timeout: 10,
    headers: { cookie },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  return result;
}

/**
 * Authenticated reads under load: autocannon in this process against the server in a child process (2 cores
 * shared), a mix of ~500 orgs; every response must be 2xx. Raw SQL: the single SELECT by id in a closed loop with
 * as many concurrent loops as HTTP connections, plus the endpoint's full statement sequence in a scoped transaction.
 */
export const orgReadThroughput: Benchmark = {
  name: 'org_read_throughput',
  module: 'organizations',
  description: 'autocannon GET /organizations/:id and /children with a session cookie over ~500 orgs, vs raw SQL loops',
  async run(ctx) {
    const { settings, target } = ctx;
    const raw = await ctx.raw();
    const root = await cityRoot(raw);
    const orgs = await mixOfOrgs(raw, root, settings.throughputIds);
    const byType = orgs.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.type]: (acc[o.type] ?? 0) + 1 }), {});
    ctx.log(`throughput: ${orgs.length} orgs, ${settings.duration} s per run, ${settings.connections} connections`);
    const pick = (i: number) => orgs[i % orgs.length]!;
    const rawById = await rawLoop(ctx, raw, async (i) => void (await raw.query(SQL.byId, [pick(i).id])));
    const rawDetail = await rawLoop(ctx, raw, (i) => scoped(raw, root.path, (q) => detailStatements(q, pick(i), root.path)));
    const rawChildren = await rawLoop(ctx, raw, async (i) => void (await raw.query(SQL.children, [pick(i).id, root.path])));
    const rawChildrenFull = await rawLoop(ctx, raw, (i) => scoped(raw, root.path, (q) => childrenStatements(q, pick(i), root.path)));
    await ctx.closeRaw();

    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const detailPaths = orgs.map((o) => `/api/v1/organizations/${o.id}`);
    const childrenPaths = orgs.map((o) => `/api/v1/organizations/${o.id}/children`);
    if (!settings.smoke) await cannon(server.url, [...detailPaths, ...childrenPaths], cookie, settings.connections, 2); // JIT and caches warm-up
    const detail = await cannon(server.url, detailPaths, cookie, settings.connections, settings.duration);
    const children = await cannon(server.url, childrenPaths, cookie, settings.connections, settings.duration);

    const make = (name: string, url: string, r: Result, rawSimple: Awaited<ReturnType<typeof rawLoop>>, rawFull: Awaited<ReturnType<typeof rawLoop>>, simpleStatement: string, fullStatement: string): Figure => {
      const bad = r.non2xx + r.errors + r.timeouts;
      const failed = bad > 0 || r.requests.total === 0
        ? `${r.non2xx} non-2xx responses (4xx ${r['4xx']}, 5xx ${r['5xx']}), ${r.errors} errors, ${r.timeouts} timeouts (> 10 s) out of ${r.requests.total} requests: the figure is not valid` +
          `\n--- server output (last lines) ---\n${server.output().split('\n').slice(-30).join('\n')}`
        : undefined;
      const value = r.requests.total / r.duration;
      const rawSql: RawFigure = { statement: simpleStatement, unit: 'req/s', value: rawSimple.value, p50: rawSimple.p50, p95: rawSimple.p95, p99: rawSimple.p99, n: rawSimple.n, note: `${rawSimple.concurrency} concurrent loops on a pool of ${target.kind === 'postgres' ? 10 : 1} connection(s)` };
      const f: Figure = {
        name, module: 'organizations', target: target.kind, unit: 'req/s', value: round(value),
        p50: r.latency.p50, p95: null, p99: r.latency.p99, n: r.requests.total,
        goal: target.kind === 'postgres' ? THROUGHPUT_GOAL : null, goalMet: null,
        rawSql,
        ratio: rawSimple.value ? round(rawSimple.value / value) : null,
        ratioNote: 'raw SQL req/s ÷ API req/s (how many times more single SELECTs the database serves than the API serves reads)',
        notes: [
          `GET ${url} with a session cookie (${USER}), ${settings.connections} connections, ${round(r.duration)} s, autocannon in the bench process, server in a child process`,
          'latency p50/p99 from autocannon (it reports no p95; p97.5 is in extra)',
          `non-2xx: ${r.non2xx}, errors: ${r.errors}, timeouts: ${r.timeouts}`,
        ],
        extra: {
          latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max, mean: round(r.latency.mean) },
          requestsTotal: r.requests.total, non2xx: r.non2xx,
          rawSqlEndpointStatements: { statement: fullStatement, unit: 'req/s', value: rawFull.value, p50: rawFull.p50, p95: rawFull.p95, p99: rawFull.p99, ratio: rawFull.value ? round(rawFull.value / value) : null },
          orgsByType: byType,
        },
        ...(failed ? { failed } : {}),
      };
      f.goalMet = failed ? null : goalMet(f.goal, f, settings.smoke);
      return f;
    };
    return [
      make('org_read_throughput', '/api/v1/organizations/:id', detail, rawById, rawDetail, SQL.byId, 'the detail endpoint\'s statements (findOrg, findNode, ancestors, current term) in one scoped transaction with RLS'),
      make('org_children_throughput', '/api/v1/organizations/:id/children', children, rawChildren, rawChildrenFull, 'children select with child counts (no RLS)', 'org lookup + children select in one scoped transaction with RLS'),
    ];
  },
};
