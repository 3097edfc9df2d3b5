import autocannon, { type Result } from 'autocannon';
import { PersonSearchQuery } from '@jinguo/contracts';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { openDatabase, type DbHandle } from '../../apps/server/src/platform/db/client.js';
import { preparedCall } from '../../apps/server/src/platform/db/inline.js';
import { readScoped, readScopedLifted, type UserActor } from '../../apps/server/src/platform/scope.js';
import {
  keepCandidatesStatement,
  personDetailStatement,
  personPageStatement,
} from '../../apps/server/src/modules/people/people.reads.repository.js';
import {
  CANDIDATE_PLAN,
  CANDIDATE_PLAN_RESET,
  plannedForValues,
  CANDIDATE_SETTINGS,
  queryConditions,
  searchCandidatesStatement,
  searchLookups,
  selectiveQuery,
} from '../../apps/server/src/modules/people/people.search.repository.js';
import { signIn } from '../lib/server.js';
import { round, summarize } from '../lib/stats.js';
import type { RawClient } from '../lib/targets.js';
import { closedLoop } from '../lib/timing.js';
import { goalMet, type BenchContext, type Benchmark, type Figure, type Goal } from '../lib/types.js';

/*
 * The registry's hot reads under load (issue 16 item 8): a person by id, a district's first page and a name fragment
 * city-wide, each by autocannon with a session cookie against the server in a child process, and each beside raw SQL
 * on the same data in as many concurrent loops: the plain select a database serves for it (the ratio), and the
 * statement the endpoint runs with the scope setup in one message (extra.rawSqlEndpointStatement, when the endpoint
 * has one).
 */

const CITY_USER = 'city.cadre';
const THROUGHPUT_GOAL: Goal = {
  metric: 'value',
  op: '>=',
  value: 3000,
  unit: 'req/s',
  source: 'issue 16 item 8 / PRODUCT.md §4: ≥ 3,000 authenticated reads/s on 2 cores (PostgreSQL), signed in, RLS on',
};

async function cannon(
  url: string,
  requests: { path: string; headers?: Record<string, string> }[],
  cookie: string,
  connections: number,
  run: { duration: number } | { amount: number },
): Promise<Result> {
  let i = 0;
  return autocannon({
    url,
    connections,
    ...run,
    timeout: 10,
    headers: { cookie },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const r = requests[i++ % requests.length]!;
          return { ...req, path: r.path, headers: { ...req.headers, cookie, ...(r.headers ?? {}) } };
        },
      },
    ],
  });
}

async function rawLoop(ctx: BenchContext, raw: RawClient, fn: (i: number) => Promise<void>) {
  const concurrency = raw.concurrency > 1 ? ctx.settings.connections : 1;
  const r = await closedLoop(concurrency, ctx.settings.smoke ? 500 : ctx.settings.duration * 1000, fn);
  const s = summarize(r.latencies);
  return {
    value: round(r.ops / r.seconds),
    p50: round(s.p50),
    p95: round(s.p95),
    p99: round(s.p99),
    n: s.n,
    concurrency,
  };
}
type RawRun = Awaited<ReturnType<typeof rawLoop>>;

interface Case {
  name: string;
  url: string;
  user: string;
  requests: { path: string; headers?: Record<string, string> }[];
  raw: { statement: string; run: (i: number) => Promise<unknown> };
  endpoint?: { statement: string; run: (i: number) => Promise<unknown> };
  note: string;
}

/** Deterministic samples: persons by a hash of their id, districts by code, fragments from real given names. */
async function samples(raw: RawClient, n: number) {
  const persons = await raw.query(
    `select id from persons where status = 'active' order by hashtext(id::text) limit ${n}`,
  );
  const districts = await raw.query(
    `select id, path::text as path, district_id from organizations
    where status = 'active' and type in ('district_federation', 'functional_zone_federation') order by code`,
  );
  const names = await raw.query(
    `select name from persons where status = 'active' and char_length(name) = 3 order by hashtext(id::text) limit ${Math.min(n, 200)}`,
  );
  // the given name (two characters): a fragment as a cadre types it
  const fragments = [...new Set(names.map((r) => [...String(r.name)].slice(1).join('')))];
  const city = await raw.query(
    `select o.id, o.path::text as path from organizations o join users u on u.org_id = o.id where u.username = $1`,
    [CITY_USER],
  );
  if (!city[0]) throw new Error(`the demo user ${CITY_USER} is missing: is the Chongqing demo loaded?`);
  return {
    personIds: persons.map((r) => Number(r.id)),
    districts: districts.map((r) => ({ id: Number(r.id), path: String(r.path), districtId: Number(r.district_id) })),
    fragments,
    cityPath: String(city[0].path),
    cityId: Number(city[0].id),
  };
}

/** The signed-in cadre as the endpoints see her (role jinguo_app, her subtree or the acting org's). */
function actorFor(path: string, orgId: number, orgType: string): UserActor {
  return {
    kind: 'user',
    userId: 1,
    username: CITY_USER,
    displayName: CITY_USER,
    roles: ['cadre'],
    permissions: new Set(),
    homeOrgId: orgId,
    homePath: path,
    scope: { orgId, path, orgType },
    request: { ip: null, userAgent: null, requestId: null },
    session: { tokenHash: '', csrfToken: '' },
  };
}

/** A search page as the endpoint runs it: both phases in one message through the platform's own client. */
function searchPage(handle: DbHandle, actor: UserActor, query: Record<string, string>) {
  const q = PersonSearchQuery.parse(query);
  return readScopedLifted(
    handle,
    actor,
    (s) => [
      CANDIDATE_SETTINGS,
      ...(plannedForValues(q.q) ? [CANDIDATE_PLAN] : []),
      keepCandidatesStatement(
        searchCandidatesStatement(s, {
          ...queryConditions(
            q,
            searchLookups(q.q ?? '', () => ''),
            null,
            '2026-12-05',
          ),
          order: q.sort,
          desc: false,
          after: null,
          limit: q.limit,
          selective: selectiveQuery(q.q),
        }),
        false,
      ),
      ...(plannedForValues(q.q) ? [CANDIDATE_PLAN_RESET] : []),
    ],
    (s) => personPageStatement(s),
  );
}

/** The name search's first phase (the candidates statement, RLS lifted as the service runs it) for a fragment. */
function fragmentCandidates(fragment: string, cityPath: string) {
  const q = PersonSearchQuery.parse({ q: fragment });
  const scope = { scopePath: cityPath, mobileOrgId: null };
  const where = queryConditions(
    q,
    searchLookups(fragment, () => ''),
    null,
    '2000-01-01',
  );
  return preparedCall(
    searchCandidatesStatement(scope, {
      ...where,
      order: q.sort,
      desc: false,
      after: null,
      limit: q.limit,
      selective: selectiveQuery(q.q),
    }),
  );
}

function figure(ctx: BenchContext, c: Case, r: Result, rawRun: RawRun, endpointRun: RawRun | null, output: string) {
  const bad = r.non2xx + r.errors + r.timeouts;
  const failed =
    bad > 0 || r.requests.total === 0
      ? `${r.non2xx} non-2xx responses (4xx ${r['4xx']}, 5xx ${r['5xx']}), ${r.errors} errors, ${r.timeouts} timeouts out of ${r.requests.total} requests: the figure is not valid\n--- server output (last lines) ---\n${output}`
      : undefined;
  const value = r.requests.total / r.duration;
  const f: Figure = {
    name: c.name,
    module: 'people',
    target: ctx.target.kind,
    unit: 'req/s',
    value: round(value),
    p50: r.latency.p50,
    p95: null,
    p99: r.latency.p99,
    n: r.requests.total,
    goal: ctx.target.kind === 'postgres' ? THROUGHPUT_GOAL : null,
    goalMet: null,
    rawSql: {
      statement: c.raw.statement,
      unit: 'req/s',
      value: rawRun.value,
      p50: rawRun.p50,
      p95: rawRun.p95,
      p99: rawRun.p99,
      n: rawRun.n,
      note: `${rawRun.concurrency} concurrent loops on a pool of ${ctx.target.kind === 'postgres' ? 10 : 1} connection(s), as the superuser (no RLS)`,
    },
    ratio: rawRun.value ? round(rawRun.value / value) : null,
    ratioNote: 'raw SQL req/s ÷ API req/s (goal ≤ 2)',
    notes: [
      `GET ${c.url} signed in as ${c.user}, ${ctx.settings.connections} connections, ${round(r.duration)} s; ${c.note}`,
      `non-2xx: ${r.non2xx}, errors: ${r.errors}, timeouts: ${r.timeouts}`,
    ],
    extra: {
      latencyMs: {
        p50: r.latency.p50,
        p90: r.latency.p90,
        p97_5: r.latency.p97_5,
        p99: r.latency.p99,
        max: r.latency.max,
      },
      ...(endpointRun && c.endpoint
        ? {
            rawSqlEndpointStatement: {
              statement: c.endpoint.statement,
              unit: 'req/s',
              ...endpointRun,
              ratio: endpointRun.value ? round(endpointRun.value / value) : null,
            },
          }
        : {}),
    },
    ...(failed ? { failed } : {}),
  };
  f.goalMet = failed ? null : goalMet(f.goal, f, ctx.settings.smoke);
  return f;
}

/** GET /people/:id, a district's first page and a name fragment city-wide under load, each vs raw SQL. */
export const personReadThroughput: Benchmark = {
  name: 'person_read_throughput',
  module: 'people',
  description:
    "autocannon GET /people/:id, a district's first page (GET /people acting as the district) and a name fragment city-wide (GET /people?q=), vs raw SQL loops",
  async run(ctx) {
    const { settings } = ctx;
    const raw = await ctx.raw();
    const s = await samples(raw, settings.throughputIds);
    if (!s.personIds.length || !s.districts.length || !s.fragments.length) throw new Error('no persons to read');
    const fragments = s.fragments.map((f) => ({ f, call: fragmentCandidates(f, s.cityPath) }));
    const env = ctx.target.serverEnv;
    const handle = await openDatabase({
      databaseUrl: env.DATABASE_URL ?? null,
      dataDir: env.DATABASE_URL ? null : (env.JINGUO_DATA_DIR ?? null),
    });
    const city = actorFor(s.cityPath, s.cityId, 'city_federation');
    const districtActors = s.districts.map((d) => actorFor(d.path, d.id, 'district_federation'));
    const cases: Case[] = [
      {
        name: 'person_read_throughput',
        url: '/api/v1/people/:id',
        user: CITY_USER,
        requests: s.personIds.map((id) => ({ path: `/api/v1/people/${id}` })),
        raw: {
          statement: 'select * from persons where id = $1',
          run: (i) => raw.query('select * from persons where id = $1', [s.personIds[i % s.personIds.length]]),
        },
        endpoint: {
          statement:
            'personDetailStatement through readScoped: the scope setup and the prepared statement in one message, RLS on',
          run: (i) => readScoped(handle, city, (sc) => personDetailStatement(sc, s.personIds[i % s.personIds.length]!)),
        },
        note: `${s.personIds.length} persons of the whole city`,
      },
      {
        name: 'person_district_page_throughput',
        url: '/api/v1/people (X-Acting-Org: a district)',
        user: CITY_USER,
        requests: s.districts.map((d) => ({
          path: '/api/v1/people?limit=50',
          headers: { 'x-acting-org': String(d.id) },
        })),
        raw: {
          statement:
            "select * from persons where district_id = $1 and status = 'active' order by name_pinyin, id limit 51",
          run: (i) =>
            raw.query(
              "select * from persons where district_id = $1 and status = 'active' order by name_pinyin, id limit 51",
              [s.districts[i % s.districts.length]!.districtId],
            ),
        },
        endpoint: {
          statement:
            'readScopedLifted: the scope setup, the candidates (RLS lifted) kept in a setting, the page read back under RLS, in one message',
          run: (i) => searchPage(handle, districtActors[i % districtActors.length]!, { limit: '50' }),
        },
        note: `the first page (50, by name) of each of ${s.districts.length} districts and functional zones`,
      },
      {
        name: 'person_name_search_throughput',
        url: '/api/v1/people?q=<given name>',
        user: CITY_USER,
        requests: fragments.map(({ f }) => ({ path: `/api/v1/people?q=${encodeURIComponent(f)}` })),
        raw: {
          statement:
            "the search's candidates statement (searchCandidatesStatement, ordered bigram indexes + LIKE, city-wide), prepared",
          run: (i) => raw.prepared(fragments[i % fragments.length]!.call),
        },
        endpoint: {
          statement: 'readScopedLifted with the name-fragment candidates, as the endpoint runs it',
          run: (i) => searchPage(handle, city, { q: fragments[i % fragments.length]!.f }),
        },
        note: `${fragments.length} given names (two characters) searched city-wide`,
      },
    ];
    const raws: RawRun[] = [];
    const endpoints: (RawRun | null)[] = [];
    for (const c of cases) {
      ctx.log(`${c.name}: raw SQL`);
      raws.push(await rawLoop(ctx, raw, (i) => c.raw.run(i).then(() => undefined)));
      const endpoint = c.endpoint;
      endpoints.push(endpoint ? await rawLoop(ctx, raw, (i) => endpoint.run(i).then(() => undefined)) : null);
    }
    await handle.close();
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, CITY_USER, DEMO_PASSWORD);
    const out: Figure[] = [];
    for (const [k, c] of cases.entries()) {
      ctx.log(`${c.name}: autocannon`);
      // a warm-up; the smoke then sends a number of requests (a cold server on a loaded machine may finish none in a
      // second)
      if (!settings.smoke) await cannon(server.url, c.requests, cookie, settings.connections, { duration: 2 });
      const run = settings.smoke ? { amount: settings.connections * 10 } : { duration: settings.duration };
      const r = await cannon(server.url, c.requests, cookie, settings.connections, run);
      out.push(figure(ctx, c, r, raws[k]!, endpoints[k] ?? null, server.output().split('\n').slice(-30).join('\n')));
    }
    return out;
  },
};
