import autocannon, { type Result } from 'autocannon';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { signIn } from '../lib/server.js';
import { round, summarize, type Summary, latencyFields } from '../lib/stats.js';
import type { RawClient } from '../lib/targets.js';
import { inlineSql, preparedCall } from '../../apps/server/src/platform/db/inline.js';
import { scopeSetup } from '../../apps/server/src/platform/scope.js';
import {
  childrenStatement,
  coverageStatement,
  detailStatement,
} from '../../apps/server/src/modules/organizations/organizations.reads.repository.js';
import { closedLoop, nowMs } from '../lib/timing.js';
import { goalMet, type Benchmark, type BenchContext, type Figure, type Goal, type RawFigure } from '../lib/types.js';

/** The demo's city cadre: home org 重庆市妇联, so every org of the tree is in scope. */
const USER = 'city.cadre';

const SUBTREE_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 10,
  unit: 'ms',
  source: 'PRODUCT.md §4 organizations: subtree query p95 ≤ 10 ms',
};
const THROUGHPUT_GOAL: Goal = {
  metric: 'value',
  op: '>=',
  value: 3000,
  unit: 'req/s',
  source: 'PRODUCT.md §4 API: ≥ 3,000 authenticated reads/s on 2 cores (PostgreSQL)',
};

interface OrgRef {
  id: number;
  code: string;
  path: string;
  depth: number;
  type: string;
}

/*
 * Raw SQL twins of the endpoints' statements. The endpoints run one statement each (organizations.reads.ts),
 * prepared once per connection and executed in the same message as the scope setup (readScoped). The twins run the
 * very same statement text — rendered from the repository's own builders, so they cannot drift — through pg/PGlite
 * directly: as the superuser without the setup (no RLS), and with the setup in one message as jinguo_app (RLS on).
 */
const SQL = {
  bareSubtree: 'select id from organizations where path <@ $1::ltree',
  byId: 'select * from organizations where id = $1',
};

/** The scope setup of the signed-in city cadre (role jinguo_app, her subtree), as readScoped sends it. */
const setupFor = (scope: string) =>
  inlineSql(
    scopeSetup({
      kind: 'user',
      userId: 1,
      username: USER,
      displayName: USER,
      roles: [],
      permissions: new Set(),
      homeOrgId: 1,
      homePath: scope,
      scope: { orgId: 1, path: scope, orgType: 'city_federation' },
      request: { ip: null, userAgent: null, requestId: null },
      session: { tokenHash: '', csrfToken: '' },
    }),
  );
const readScope = (scope: string) => ({ actor: null as never, scopePath: scope, mobileOrgId: null });
const STATEMENTS = {
  coverage: (org: OrgRef, scope: string) => preparedCall(coverageStatement(readScope(scope), org.id)),
  children: (org: OrgRef, scope: string) => preparedCall(childrenStatement(readScope(scope), org.id, false)),
  detail: (org: OrgRef, scope: string) => preparedCall(detailStatement(readScope(scope), org.id)),
};
type Kind = keyof typeof STATEMENTS;
/** The endpoint's statement as the superuser, prepared, no RLS. */
const plain = (raw: RawClient, kind: Kind, org: OrgRef, scope: string) => raw.prepared(STATEMENTS[kind](org, scope));
/** The endpoint's statement with the scope setup in one message, as jinguo_app with RLS on: what the API runs. */
const scoped = (raw: RawClient, kind: Kind, org: OrgRef, scope: string) =>
  raw.prepared(STATEMENTS[kind](org, scope), setupFor(scope));
const statementText = (kind: Kind, root: OrgRef) => STATEMENTS[kind](root, root.path).text.replace(/\s+/g, ' ');

const toRef = (r: Record<string, unknown>): OrgRef => ({
  id: Number(r.id),
  code: String(r.code),
  path: String(r.path),
  depth: Number(r.depth),
  type: String(r.type),
});

async function cityRoot(raw: RawClient): Promise<OrgRef> {
  const [r] = await raw.query(
    `select o.id, o.code, o.path::text as path, o.depth, o.type from organizations o join users u on u.org_id = o.id where u.username = $1`,
    [USER],
  );
  if (!r) throw new Error(`the demo user ${USER} is missing: is the Chongqing demo loaded?`);
  return toRef(r);
}

/**
 * The city, every district and functional zone (not the attached orgs at that depth), and a deterministic sample
 * of towns and streets (ordered by a hash of the code).
 */
async function subtreeOrgs(
  raw: RawClient,
  root: OrgRef,
  towns: number,
  districtLimit: number | null,
): Promise<OrgRef[]> {
  const districts = await raw.query(
    `select id, code, path::text as path, depth, type from organizations
    where status = 'active' and type in ('district_federation', 'functional_zone_federation') and path <@ $1::ltree order by code ${districtLimit ? `limit ${districtLimit}` : ''}`,
    [root.path],
  );
  const townRows = await raw.query(
    `select id, code, path::text as path, depth, type from organizations
    where status = 'active' and type = 'town_federation' and path <@ $1::ltree order by hashtext(code) limit $2`,
    [root.path, towns],
  );
  return [root, ...districts.map(toRef), ...townRows.map(toRef)];
}

const fig = (s: Summary) => ({ p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), n: s.n });

async function timeEach(
  orgs: OrgRef[],
  rounds: number,
  fn: (o: OrgRef) => Promise<void>,
  warmUp = true,
): Promise<{ all: number[]; byDepth: Map<number, number[]> }> {
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
const levels = (m: Map<number, number[]>) =>
  Object.fromEntries([...m].map(([d, v]) => [LEVEL[d] ?? `depth ${d}`, fig(summarize(v))]));

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
  description:
    'GET /organizations/:id/coverage and /children over the city, every district and a sample of towns, vs the same SQL through pg/PGlite',
  async run(ctx) {
    const { settings, target } = ctx;
    const raw = await ctx.raw();
    const root = await cityRoot(raw);
    const orgs = await subtreeOrgs(raw, root, settings.subtreeTowns, settings.smoke ? 2 : null);
    const counts = {
      city: orgs.filter((o) => o.depth === 0).length,
      districts: orgs.filter((o) => o.depth === 1).length,
      towns: orgs.filter((o) => o.depth === 2).length,
    };
    ctx.log(
      `subtree: ${orgs.length} orgs (${counts.districts} districts, ${counts.towns} towns) × ${settings.subtreeRounds} rounds`,
    );

    const each = (fn: (o: OrgRef) => Promise<void>) => timeEach(orgs, settings.subtreeRounds, fn, !settings.smoke);
    const covRaw = await each(async (o) => void (await plain(raw, 'coverage', o, root.path)));
    const covScoped = await each(async (o) => void (await scoped(raw, 'coverage', o, root.path)));
    const bare = await each(async (o) => void (await raw.query(SQL.bareSubtree, [o.path])));
    const subtreeSizes = await Promise.all(
      orgs
        .slice(0, 1 + counts.districts)
        .map(async (o) =>
          Number(
            (await raw.query('select count(*)::int as n from organizations where path <@ $1::ltree', [o.path]))[0]!.n,
          ),
        ),
    );
    const chRaw = await each(async (o) => void (await plain(raw, 'children', o, root.path)));
    const chScoped = await each(async (o) => void (await scoped(raw, 'children', o, root.path)));
    await ctx.closeRaw();

    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const covApi = await each((o) => apiGet(`${server.url}/api/v1/organizations/${o.id}/coverage`, cookie));
    const chApi = await each((o) => apiGet(`${server.url}/api/v1/organizations/${o.id}/children`, cookie));

    const make = (
      name: string,
      api: typeof covApi,
      rawT: typeof covRaw,
      scopedT: typeof covScoped,
      statement: string,
      goal: Goal | null,
      extra: Record<string, unknown>,
    ): Figure => {
      const s = summarize(api.all);
      const r = summarize(rawT.all);
      const f: Figure = {
        name,
        module: 'organizations',
        target: target.kind,
        ...latencyFields(s),
        goal,
        goalMet: null,
        rawSql: {
          statement,
          unit: 'ms',
          ...fig(r),
          note: 'the same statement, prepared, as the superuser without the scope setup (no RLS)',
        },
        ratio: round(s.p50 / r.p50),
        ratioNote: 'API p50 ÷ raw SQL p50',
        notes: [
          `signed in as ${USER} (scope: the whole city); sequential requests on one keep-alive connection; one warm-up round not counted`,
        ],
        extra: {
          byLevel: levels(api.byDepth),
          rawSqlByLevel: levels(rawT.byDepth),
          rawSqlScoped: {
            ...fig(summarize(scopedT.all)),
            note: 'the same prepared statement sent with the scope setup in one message: jinguo_app, jinguo.scope_path set, row-level security on — as the API runs it',
          },
          orgs: counts,
          ...extra,
        },
      };
      f.goalMet = goalMet(goal, f, settings.smoke);
      return f;
    };
    return [
      make(
        'subtree_query',
        covApi,
        covRaw,
        covScoped,
        `GET /api/v1/organizations/:id/coverage ↔ coverageStatement: ${statementText('coverage', root)}`,
        SUBTREE_GOAL,
        {
          bareSubtreeSelect: {
            ...fig(summarize(bare.all)),
            byLevel: levels(bare.byDepth),
            statement: SQL.bareSubtree,
            note: 'fetches every id of the subtree: the subtree primitive itself',
          },
          subtreeSizes: {
            city: subtreeSizes[0],
            districtMin: Math.min(...subtreeSizes.slice(1)),
            districtMax: Math.max(...subtreeSizes.slice(1)),
          },
        },
      ),
      make(
        'subtree_children',
        chApi,
        chRaw,
        chScoped,
        `GET /api/v1/organizations/:id/children ↔ childrenStatement: ${statementText('children', root)}`,
        null,
        {},
      ),
    ];
  },
};

/** Ids of a deterministic mix of active orgs of every level (ordered by a hash of the code). */
async function mixOfOrgs(raw: RawClient, root: OrgRef, n: number): Promise<OrgRef[]> {
  const rows = await raw.query(
    `select id, code, path::text as path, depth, type from organizations where status = 'active' and path <@ $1::ltree order by hashtext(code) limit $2`,
    [root.path, n],
  );
  return rows.map(toRef);
}

async function rawLoop(ctx: BenchContext, raw: RawClient, fn: (i: number) => Promise<void>) {
  const concurrency = raw.concurrency > 1 ? ctx.settings.connections : 1;
  const r = await closedLoop(concurrency, ctx.settings.smoke ? 500 : ctx.settings.duration * 1000, fn);
  const s = summarize(r.latencies);
  return { value: round(r.ops / r.seconds), ...fig(s), concurrency };
}

/** A run for a time, or of a number of requests (the smoke: a cold server on a loaded machine still answers some). */
type Run = { duration: number } | { amount: number };
const measuredRun = (s: { smoke: boolean; duration: number; connections: number }): Run =>
  s.smoke ? { amount: s.connections * 10 } : { duration: s.duration };

async function cannon(url: string, paths: string[], cookie: string, connections: number, run: Run) {
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    ...run,
    timeout: 10,
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
    const rawDetail = await rawLoop(ctx, raw, async (i) => void (await scoped(raw, 'detail', pick(i), root.path)));
    const rawChildren = await rawLoop(ctx, raw, async (i) => void (await plain(raw, 'children', pick(i), root.path)));
    const rawChildrenFull = await rawLoop(
      ctx,
      raw,
      async (i) => void (await scoped(raw, 'children', pick(i), root.path)),
    );
    await ctx.closeRaw();

    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const detailPaths = orgs.map((o) => `/api/v1/organizations/${o.id}`);
    const childrenPaths = orgs.map((o) => `/api/v1/organizations/${o.id}/children`);
    // JIT and caches warm-up
    if (!settings.smoke)
      await cannon(server.url, [...detailPaths, ...childrenPaths], cookie, settings.connections, { duration: 2 });
    const detail = await cannon(server.url, detailPaths, cookie, settings.connections, measuredRun(settings));
    const children = await cannon(server.url, childrenPaths, cookie, settings.connections, measuredRun(settings));

    const make = (
      name: string,
      url: string,
      r: Result,
      rawSimple: Awaited<ReturnType<typeof rawLoop>>,
      rawFull: Awaited<ReturnType<typeof rawLoop>>,
      simpleStatement: string,
      fullStatement: string,
    ): Figure => {
      const bad = r.non2xx + r.errors + r.timeouts;
      const failed =
        bad > 0 || r.requests.total === 0
          ? `${r.non2xx} non-2xx responses (4xx ${r['4xx']}, 5xx ${r['5xx']}), ${r.errors} errors, ${r.timeouts} timeouts (> 10 s) out of ${r.requests.total} requests: the figure is not valid` +
            `\n--- server output (last lines) ---\n${server.output().split('\n').slice(-30).join('\n')}`
          : undefined;
      const value = r.requests.total / r.duration;
      const rawSql: RawFigure = {
        statement: simpleStatement,
        unit: 'req/s',
        value: rawSimple.value,
        p50: rawSimple.p50,
        p95: rawSimple.p95,
        p99: rawSimple.p99,
        n: rawSimple.n,
        note: `${rawSimple.concurrency} concurrent loops on a pool of ${target.kind === 'postgres' ? 10 : 1} connection(s)`,
      };
      const f: Figure = {
        name,
        module: 'organizations',
        target: target.kind,
        unit: 'req/s',
        value: round(value),
        p50: r.latency.p50,
        p95: null,
        p99: r.latency.p99,
        n: r.requests.total,
        goal: target.kind === 'postgres' ? THROUGHPUT_GOAL : null,
        goalMet: null,
        rawSql,
        ratio: rawSimple.value ? round(rawSimple.value / value) : null,
        ratioNote:
          'raw SQL req/s ÷ API req/s (how many times more single SELECTs the database serves than the API serves reads)',
        notes: [
          `GET ${url} with a session cookie (${USER}), ${settings.connections} connections, ${round(r.duration)} s, autocannon in the bench process, server in a child process`,
          'latency p50/p99 from autocannon (it reports no p95; p97.5 is in extra)',
          `non-2xx: ${r.non2xx}, errors: ${r.errors}, timeouts: ${r.timeouts}`,
        ],
        extra: {
          latencyMs: {
            p50: r.latency.p50,
            p90: r.latency.p90,
            p97_5: r.latency.p97_5,
            p99: r.latency.p99,
            max: r.latency.max,
            mean: round(r.latency.mean),
          },
          requestsTotal: r.requests.total,
          non2xx: r.non2xx,
          rawSqlEndpointStatements: {
            statement: fullStatement,
            unit: 'req/s',
            value: rawFull.value,
            p50: rawFull.p50,
            p95: rawFull.p95,
            p99: rawFull.p99,
            ratio: rawFull.value ? round(rawFull.value / value) : null,
          },
          orgsByType: byType,
        },
        ...(failed ? { failed } : {}),
      };
      f.goalMet = failed ? null : goalMet(f.goal, f, settings.smoke);
      return f;
    };
    return [
      make(
        'org_read_throughput',
        '/api/v1/organizations/:id',
        detail,
        rawById,
        rawDetail,
        SQL.byId,
        `the endpoint's statement (detailStatement, prepared) sent with the scope setup in one message, RLS on: ${statementText('detail', root)}`,
      ),
      make(
        'org_children_throughput',
        '/api/v1/organizations/:id/children',
        children,
        rawChildren,
        rawChildrenFull,
        'childrenStatement, prepared, as the superuser (no RLS)',
        'childrenStatement, prepared, sent with the scope setup in one message, RLS on',
      ),
    ];
  },
};
