import { OPEN_DEMAND_STATES } from '@jinguo/contracts';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { createWorkCalendar, readScheduleFiles } from '../../apps/server/src/platform/calendar/index.js';
import { useAuditKeyOf } from '../../apps/server/src/platform/audit/audit.service.js';
import { createFieldCrypto, loadDataKey } from '../../apps/server/src/platform/crypto.js';
import { openDatabase } from '../../apps/server/src/platform/db/client.js';
import { periodSegments } from '../../apps/server/src/platform/stats/stats.js';
import { createDemandSweeper } from '../../apps/server/src/modules/demands/index.js';
import { DEMANDS_FULL_SCALE, seedDemands } from '../../apps/server/src/seed/demands.js';
import { seedVisits, VISITS_FULL_SCALE } from '../../apps/server/src/seed/visits.js';
import { signIn } from '../lib/server.js';
import { round, summarize, type Summary, latencyFields } from '../lib/stats.js';
import type { Query, RawClient } from '../lib/targets.js';
import { nowMs } from '../lib/timing.js';
import { goalMet, type BenchContext, type Benchmark, type Figure, type Goal } from '../lib/types.js';

/** The demo's city cadre: home org 重庆市妇联, so she may act as any org of the city (X-Acting-Org). */
const USER = 'city.cadre';
const QUEUE_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 50,
  unit: 'ms',
  source: "issue 4: the org's work queue p95 ≤ 50 ms with 300,000 demands",
};
const FIGURES_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 100,
  unit: 'ms',
  source: 'issue 4 / PRODUCT §4: per-org on-time and satisfaction figures for the city p95 ≤ 100 ms',
};
const OPEN = `(${OPEN_DEMAND_STATES.map((s) => `'${s}'`).join(',')})`;
const METRICS = [
  'demands.received',
  'demands.signed',
  'demands.signed_on_time',
  'demands.replied',
  'demands.replied_on_time',
  'demands.rated',
  'demands.satisfied',
  'demands.basically_satisfied',
  'demands.unsatisfied',
  'demands.escalated',
  'demands.closed',
];

interface OrgRef {
  id: number;
  path: string;
  depth: number;
  districtId: number | null;
  type: string;
}
const LEVEL = ['city', 'district', 'town', 'village'];
const toRef = (r: Record<string, unknown>): OrgRef => ({
  id: Number(r.id),
  path: String(r.path),
  depth: Number(r.depth),
  districtId: r.district_id === null ? null : Number(r.district_id),
  type: String(r.type),
});
const fig = (s: Summary) => ({ p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), n: s.n });

/**
 * Raw SQL twins of GET /demands (demands.repository.ts listDemands + demands.views.ts listItems): the subtree predicate
 * as `demandsWithin` writes it, the page, then the orgs, users and persons the page names. Keep in step with them.
 */
function within(o: OrgRef): string {
  if (o.depth === 0) return `org_path <@ '${o.path}'::ltree`;
  if (o.depth === 1) return `district_id = ${o.districtId}`;
  return `(district_id = ${o.districtId} and org_path <@ '${o.path}'::ltree)`;
}
async function listStatements(q: Query, o: OrgRef, view: 'queue' | 'all') {
  const rows =
    view === 'queue'
      ? await q(
          `select * from demands where ${within(o)} and org_id = $1 and state in ${OPEN} order by feedback_due_at asc, id asc limit 51`,
          [o.id],
        )
      : await q(
          `select * from demands where ${within(o)} and ${within(o)} order by received_at desc, id desc limit 51`,
        );
  const ids = (col: string) => [...new Set(rows.map((r) => r[col]).filter((x) => x !== null))];
  await q(
    'select id, code, name, type, path, depth, status, parent_id, district_id from organizations where id = any($1::bigint[])',
    [[...ids('org_id'), ...ids('escalated_to_org_id')]],
  );
  await q('select id, display_name from users where id = any($1::bigint[])', [ids('assignee_user_id')]);
  await q('select id, name from persons where id = any($1::bigint[])', [ids('person_id')]);
}
const SCOPE = `select set_config('role', 'jinguo_app', true), set_config('jinguo.scope_path', $1, true)`;
const scoped = (raw: RawClient, path: string, fn: (q: Query) => Promise<void>) =>
  raw.transaction(async (q) => {
    await q(SCOPE, [path]);
    await fn(q);
  });

/**
 * The demands and visits to measure. On the city seeded at a scale (--scale) they are the seed's, in proportion to the
 * scale: nothing is generated, and a database short of them is an error. On the demo alone (no --scale) the city-scale
 * counts (smoke: a few thousand) are generated once through the seed generators.
 */
async function ensureData(
  ctx: BenchContext,
): Promise<{ demands: number; visits: number; generatedSeconds: number | null }> {
  const scale = ctx.target.dataset?.scale ?? null;
  const want =
    scale !== null
      ? { demands: Math.round(DEMANDS_FULL_SCALE * scale), visits: Math.round(VISITS_FULL_SCALE * scale) }
      : ctx.settings.smoke
        ? { demands: 2_000, visits: 5_000 }
        : { demands: DEMANDS_FULL_SCALE, visits: VISITS_FULL_SCALE };
  const raw = await ctx.raw();
  const count = async (t: string) => Number((await raw.query(`select count(*)::int as n from ${t}`))[0]!.n);
  let demands = await count('demands');
  let visits = await count('visits');
  await ctx.closeRaw();
  if (demands >= want.demands * 0.95 && visits >= want.visits * 0.95)
    return { demands, visits, generatedSeconds: null };
  if (scale !== null)
    throw new Error(
      `the city at scale ${scale} should hold ~${want.demands} demands and ~${want.visits} visits, the database has ${demands} and ${visits}: reseed it`,
    );
  await ctx.stopServer(); // PGlite: one process at a time
  const started = nowMs();
  const env = ctx.target.serverEnv;
  const handle = await openDatabase({
    databaseUrl: env.DATABASE_URL ?? null,
    dataDir: env.DATABASE_URL ? null : (env.JINGUO_DATA_DIR ?? null),
  });
  try {
    const crypto = createFieldCrypto(Buffer.alloc(32)); // the generators write no encrypted fields
    const log = (m: string) => ctx.log(m);
    if (visits < want.visits * 0.95)
      visits +=
        (await seedVisits(handle, crypto, { scale: (want.visits - visits) / VISITS_FULL_SCALE, seed: 4, log }))
          .visits ?? 0;
    if (demands < want.demands * 0.95)
      demands +=
        (await seedDemands(handle, crypto, { scale: (want.demands - demands) / DEMANDS_FULL_SCALE, seed: 4, log }))
          .demands ?? 0;
  } finally {
    await handle.close();
  }
  return { demands, visits, generatedSeconds: Math.round((nowMs() - started) / 1000) };
}

async function sampleOrgs(raw: RawClient, settings: BenchContext['settings']): Promise<OrgRef[]> {
  const pick = async (types: string, n: number) =>
    (
      await raw.query(
        `select id, path::text as path, depth, district_id, type from organizations where status = 'active' and type in (${types}) order by hashtext(code) limit ${n}`,
      )
    ).map(toRef);
  return [
    ...(await pick(`'city_federation'`, 1)),
    ...(await pick(`'district_federation', 'functional_zone_federation'`, settings.smoke ? 2 : 50)),
    ...(await pick(`'town_federation'`, settings.smoke ? 3 : 150)),
    ...(await pick(`'village_federation'`, settings.smoke ? 5 : 300)),
  ];
}

async function timeEach<T>(
  items: T[],
  rounds: number,
  depthOf: (t: T) => number,
  fn: (t: T) => Promise<void>,
  warm: boolean,
) {
  if (warm) for (const t of items) await fn(t);
  const all: number[] = [];
  const byDepth = new Map<number, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const t of items) {
      const start = nowMs();
      await fn(t);
      const ms = nowMs() - start;
      all.push(ms);
      byDepth.set(depthOf(t), [...(byDepth.get(depthOf(t)) ?? []), ms]);
    }
  }
  return { all, byDepth };
}
const levels = (m: Map<number, number[]>) =>
  Object.fromEntries([...m].map(([d, v]) => [LEVEL[d] ?? `depth ${d}`, fig(summarize(v))]));

async function apiGet(url: string, cookie: string, actingOrg: number): Promise<void> {
  const res = await fetch(url, { headers: { cookie, 'x-acting-org': String(actingOrg) } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
}

function figure(
  ctx: BenchContext,
  name: string,
  api: { all: number[]; byDepth: Map<number, number[]> },
  rawT: { all: number[]; byDepth: Map<number, number[]> },
  statement: string,
  goal: Goal | null,
  extra: Record<string, unknown>,
): Figure {
  const s = summarize(api.all);
  const r = summarize(rawT.all);
  const f: Figure = {
    name,
    module: 'demands',
    target: ctx.target.kind,
    ...latencyFields(s),
    goal,
    goalMet: null,
    rawSql: {
      statement,
      unit: 'ms',
      ...fig(r),
      note: 'the same statements in one transaction as jinguo_app with the scope set (row-level security on), as the API runs them',
    },
    ratio: round(s.p50 / r.p50),
    ratioNote: 'API p50 ÷ raw SQL p50',
    notes: [
      `signed in as ${USER}, acting as each org (X-Acting-Org); sequential requests; one warm-up round not counted`,
    ],
    extra: { byLevel: levels(api.byDepth), rawSqlByLevel: levels(rawT.byDepth), ...extra },
  };
  f.goalMet = goalMet(goal, f, ctx.settings.smoke);
  return f;
}

/**
 * The work queue of an org (its open demands by deadline: GET /demands?view=queue) and the subtree list (view=all,
 * newest first), for the city, districts, towns and villages, with 300,000 demands generated over five years.
 */
export const demandQueue: Benchmark = {
  name: 'demand_work_queue',
  module: 'demands',
  description:
    'GET /demands?view=queue (and view=all) acting as the city, districts, towns and villages, vs the same statements in raw SQL',
  async run(ctx) {
    const data = await ensureData(ctx);
    const raw = await ctx.raw();
    const orgs = await sampleOrgs(raw, ctx.settings);
    const rounds = ctx.settings.smoke ? 1 : ctx.settings.subtreeRounds;
    const depth = (o: OrgRef) => o.depth;
    ctx.log(`demands: ${data.demands} demands, ${data.visits} visits; ${orgs.length} orgs × ${rounds} rounds`);
    const rawQueue = await timeEach(
      orgs,
      rounds,
      depth,
      (o) => scoped(raw, o.path, (q) => listStatements(q, o, 'queue')),
      !ctx.settings.smoke,
    );
    const rawAll = await timeEach(
      orgs,
      rounds,
      depth,
      (o) => scoped(raw, o.path, (q) => listStatements(q, o, 'all')),
      !ctx.settings.smoke,
    );
    const open = Number((await raw.query(`select count(*)::int as n from demands where state in ${OPEN}`))[0]!.n);
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const apiQueue = await timeEach(
      orgs,
      rounds,
      depth,
      (o) => apiGet(`${server.url}/api/v1/demands?view=queue&limit=50`, cookie, o.id),
      !ctx.settings.smoke,
    );
    const apiAll = await timeEach(
      orgs,
      rounds,
      depth,
      (o) => apiGet(`${server.url}/api/v1/demands?view=all&limit=50`, cookie, o.id),
      !ctx.settings.smoke,
    );
    const counts = {
      demands: data.demands,
      openDemands: open,
      visits: data.visits,
      generatedSeconds: data.generatedSeconds,
    };
    return [
      figure(
        ctx,
        'demand_work_queue',
        apiQueue,
        rawQueue,
        'GET /api/v1/demands?view=queue ↔ the open demands of the org by deadline (partial index org_id, feedback_due_at) + orgs/users/persons of the page',
        QUEUE_GOAL,
        counts,
      ),
      figure(
        ctx,
        'demand_subtree_list',
        apiAll,
        rawAll,
        'GET /api/v1/demands?view=all ↔ the subtree newest first (district index or path) + orgs/users/persons of the page',
        null,
        counts,
      ),
    ];
  },
};

/** 及时签收率, 按时办结率, 回访满意率 per child org over five years: the city by district, each district by town. */
export const demandFigures: Benchmark = {
  name: 'demand_indicators',
  module: 'demands',
  description:
    'GET /demands/indicators?by=children for the city and every district (live counters) vs the counters query in raw SQL; the same figures by GROUP BY over the records once',
  async run(ctx) {
    await ensureData(ctx);
    const raw = await ctx.raw();
    const orgs = (
      await raw.query(`select id, path::text as path, depth, district_id, type from organizations
      where status = 'active' and (type = 'city_federation' or type in ('district_federation', 'functional_zone_federation')) order by depth, code ${ctx.settings.smoke ? 'limit 3' : ''}`)
    ).map(toRef);
    const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = `${Number(to.slice(0, 4)) - 5}${to.slice(4)}`;
    const rounds = ctx.settings.smoke ? 1 : ctx.settings.subtreeRounds * 3;
    // as platform/stats readCounters reads them: whole years, months and edge days, one index range each, summed
    const segments = periodSegments(from, to);
    const union = segments
      .map(
        (g) => `select c.node_id, c.metric, c.value from organizations o join stat_counters c on c.node_id = o.id
      where o.parent_id = $1 and c.metric = any($2::text[]) and c.grain = '${g.grain}' and c.day between '${g.from}'::date and '${g.to}'::date and c.node_path <@ $3::ltree`,
      )
      .join(' union all ');
    const counters = (q: Query, o: OrgRef) =>
      q(
        `select x.node_id as org_id, x.metric, sum(x.value)::bigint as value from (${union}) x group by x.node_id, x.metric`,
        [o.id, METRICS, orgs[0]!.path],
      );
    const statements = async (q: Query, o: OrgRef) => {
      await q('select id, code, name, type, path, status from organizations where id = $1', [o.id]);
      await counters(q, o);
      await q(
        `select id, code, name, type from organizations where parent_id = $1 and status = 'active' order by code`,
        [o.id],
      );
    };
    const rawT = await timeEach(
      orgs,
      rounds,
      (o) => o.depth,
      (o) => scoped(raw, orgs[0]!.path, (q) => statements(q, o)),
      !ctx.settings.smoke,
    );
    // the same figures without counters: GROUP BY over the demand records, for the city's districts (timed once)
    const city = orgs[0]!;
    const t0 = nowMs();
    await raw.query(
      `select o.id, count(*) as received, count(*) filter (where d.signed_at <= d.sign_due_at) as signed_on_time,
        count(*) filter (where d.replied_at <= d.feedback_due_at) as replied_on_time, count(*) filter (where d.rating in ('satisfied', 'basically_satisfied')) as satisfied, count(d.rating) as rated
      from organizations o join demands d on d.district_id = o.id where o.parent_id = $1 and d.received_at >= $2::date group by o.id`,
      [city.id, from],
    );
    const groupByMs = round(nowMs() - t0);
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const api = await timeEach(
      orgs,
      rounds,
      (o) => o.depth,
      (o) =>
        apiGet(
          `${server.url}/api/v1/demands/indicators?orgId=${o.id}&by=children&from=${from}&to=${to}`,
          cookie,
          city.id,
        ),
      !ctx.settings.smoke,
    );
    return [
      figure(
        ctx,
        'demand_indicators',
        api,
        rawT,
        'GET /api/v1/demands/indicators?by=children ↔ org lookup + the stat_counters sums per child for each grain of the period (years, months, edge days; index node_id, metric, day) + the children',
        FIGURES_GOAL,
        {
          period: { from, to, segments },
          orgs: orgs.length,
          groupByOverRecordsMs: groupByMs,
          groupByNote:
            "the city's districts counted from the demands table itself (no counters), one run: why the figures are counters",
        },
      ),
    ];
  },
};

/**
 * One pass of the deadline sweeper: with nothing due (its steady cost every minute), and with 1,000 demands due at once
 * (made due for the run: the pass escalates them for real, so each run uses up 1,000 open demands of the database).
 */
export const demandSweeper: Benchmark = {
  name: 'demand_sweeper_pass',
  module: 'demands',
  description:
    'demands sweeper pass time: nothing due, and 1,000 overdue demands escalated (1,000 × scale with --scale; with events, counters, notifications, audit)',
  async run(ctx) {
    await ensureData(ctx);
    await ctx.stopServer();
    const env = ctx.target.serverEnv;
    const handle = await openDatabase({
      databaseUrl: env.DATABASE_URL ?? null,
      dataDir: env.DATABASE_URL ? null : (env.JINGUO_DATA_DIR ?? null),
    });
    // escalations are audited: under the audit key of the server's data key, so the trail stays verifiable
    const dataKey = env.JINGUO_DATA_KEY ?? process.env.JINGUO_DATA_KEY;
    if (!dataKey && !env.JINGUO_DATA_DIR)
      throw new Error('the bench target names neither its data key nor its data dir');
    const releaseAuditKey = useAuditKeyOf(dataKey ? Buffer.from(dataKey, 'base64') : loadDataKey(env.JINGUO_DATA_DIR!));
    // 1,000 at scale 1 and on the demo, in proportion below (the open demands of a small city run out otherwise)
    const scale = ctx.target.dataset?.scale ?? null;
    const due = ctx.settings.smoke ? 20 : scale === null ? 1_000 : Math.max(20, Math.round(1_000 * scale));
    try {
      const sweeper = createDemandSweeper({ handle, calendar: createWorkCalendar(readScheduleFiles()) });
      await sweeper.pass(); // whatever is already due
      const idle: number[] = [];
      for (let i = 0; i < (ctx.settings.smoke ? 2 : 20); i++) idle.push((await sweeper.pass()).ms);
      const q = async (text: string) =>
        (handle.pool ? (await handle.pool.query(text)).rows : (await handle.pglite!.query(text)).rows) as Record<
          string,
          unknown
        >[];
      await q(`update demands set next_escalation_at = now() - interval '1 minute' where id in (
        select id from demands where state in ${OPEN} and escalation_level = 0 and next_escalation_at > now() order by id limit ${due})`);
      const t0 = nowMs();
      await q(
        `select id from demands where next_escalation_at is not null and next_escalation_at <= now() order by next_escalation_at limit 200`,
      );
      const rawSelectMs = nowMs() - t0;
      const busy = await sweeper.pass();
      const s = summarize(idle);
      const f: Figure = {
        name: 'demand_sweeper_pass',
        module: 'demands',
        target: ctx.target.kind,
        unit: 'ms',
        value: round(busy.ms),
        p50: round(s.p50),
        p95: round(s.p95),
        p99: round(s.p99),
        n: s.n,
        goal: null,
        goalMet: null,
        rawSql: {
          statement: 'select … where next_escalation_at <= now() order by next_escalation_at limit 200 (partial index)',
          unit: 'ms',
          value: round(rawSelectMs),
          p50: null,
          p95: null,
          p99: null,
        },
        ratio: null,
        notes: [
          `p50/p95/p99: passes with nothing due; value: one pass escalating ${busy.escalated} demands (${round(busy.ms / Math.max(1, busy.escalated))} ms each, in batches of 200 per transaction)`,
        ],
        extra: { idlePass: fig(s), busyPass: { ms: round(busy.ms), escalated: busy.escalated, warned: busy.warned } },
      };
      return [f];
    } finally {
      releaseAuditKey();
      await handle.close();
    }
  },
};
