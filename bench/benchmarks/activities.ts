import { ACTIVITY_METRICS } from '@jinguo/contracts';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { createFieldCrypto } from '../../apps/server/src/platform/crypto.js';
import { openDatabase } from '../../apps/server/src/platform/db/client.js';
import { periodSegments } from '../../apps/server/src/platform/stats/stats.js';
import { ACTIVITIES_FULL_SCALE, seedActivities } from '../../apps/server/src/seed/activities.js';
import { signIn } from '../lib/server.js';
import { round, summarize, latencyFields } from '../lib/stats.js';
import type { Query, RawClient } from '../lib/targets.js';
import { nowMs, sleep } from '../lib/timing.js';
import { goalMet, type BenchContext, type Benchmark, type Figure, type Goal } from '../lib/types.js';

/** The demo's city cadre: she may act as any org of the city (X-Acting-Org). */
const USER = 'city.cadre';
const goal = (value: number, source: string): Goal => ({ metric: 'p95', op: '<=', value, unit: 'ms', source });
const CHECKIN_GOAL = goal(
  100,
  'issue 12: 500 residents checking in within one minute, check-in p95 ≤ 100 ms, no error',
);
const LIST_GOAL = goal(50, "issue 12: an org's activity list p95 ≤ 50 ms");
const FIGURES_GOAL = goal(
  100,
  'issue 12: talks and people reached for the city by district and any org/period p95 ≤ 100 ms',
);

interface OrgRef {
  id: number;
  path: string;
  depth: number;
  districtId: number | null;
}
const toRef = (r: Record<string, unknown>): OrgRef => ({
  id: Number(r.id),
  path: String(r.path),
  depth: Number(r.depth),
  districtId: r.district_id === null ? null : Number(r.district_id),
});
const SCOPE = `select set_config('role', 'jinguo_app', true), set_config('jinguo.scope_path', $1, true)`;
const scoped = (raw: RawClient, path: string, fn: (q: Query) => Promise<void>) =>
  raw.transaction(async (q) => {
    await q(SCOPE, [path]);
    await fn(q);
  });
/** activitiesWithin (activities.repository.ts): the district index for a district, the path below it. */
function within(o: OrgRef): string {
  if (o.depth === 0) return `org_path <@ '${o.path}'::ltree`;
  if (o.depth === 1) return `district_id = ${o.districtId}`;
  return `(district_id = ${o.districtId} and org_path <@ '${o.path}'::ltree)`;
}

/** The seeded activities (seedCity writes them); a city seeded before the activities module gets them here, once. */
async function ensureActivities(ctx: BenchContext): Promise<{ activities: number; generatedSeconds: number | null }> {
  const scale = ctx.target.dataset?.scale ?? null;
  const want = ctx.settings.smoke ? 2_000 : Math.round(ACTIVITIES_FULL_SCALE * (scale ?? 0.1));
  const raw = await ctx.raw();
  const have = Number((await raw.query('select count(*)::int as n from activities'))[0]!.n);
  await ctx.closeRaw();
  if (have >= want * 0.9) return { activities: have, generatedSeconds: null };
  await ctx.stopServer();
  const started = nowMs();
  const env = ctx.target.serverEnv;
  const handle = await openDatabase({
    databaseUrl: env.DATABASE_URL ?? null,
    dataDir: env.DATABASE_URL ? null : (env.JINGUO_DATA_DIR ?? null),
  });
  try {
    const key = env.JINGUO_DATA_KEY ?? process.env.JINGUO_DATA_KEY;
    const crypto = createFieldCrypto(key ? Buffer.from(key, 'base64') : Buffer.alloc(32));
    const log = (m: string) => ctx.log(m);
    const n = await seedActivities(handle, crypto, { scale: (want - have) / ACTIVITIES_FULL_SCALE, seed: 7, log });
    return { activities: have + (n.activities ?? 0), generatedSeconds: Math.round((nowMs() - started) / 1000) };
  } finally {
    await handle.close();
  }
}

async function sampleOrgs(raw: RawClient, smoke: boolean): Promise<OrgRef[]> {
  const pick = async (types: string, n: number) =>
    (
      await raw.query(
        `select id, path::text as path, depth, district_id from organizations where status = 'active' and type in (${types}) order by hashtext(code) limit ${n}`,
      )
    ).map(toRef);
  return [
    ...(await pick(`'city_federation'`, 1)),
    ...(await pick(`'district_federation', 'functional_zone_federation'`, smoke ? 2 : 40)),
    ...(await pick(`'town_federation'`, smoke ? 3 : 100)),
    ...(await pick(`'village_federation'`, smoke ? 5 : 200)),
  ];
}

async function timeAll<T>(items: T[], rounds: number, fn: (t: T) => Promise<void>, warm: boolean): Promise<number[]> {
  if (warm) for (const t of items) await fn(t);
  const out: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const t of items) {
      const t0 = nowMs();
      await fn(t);
      out.push(nowMs() - t0);
    }
  return out;
}
async function apiGet(url: string, cookie: string, actingOrg: number): Promise<void> {
  const res = await fetch(url, { headers: { cookie, 'x-acting-org': String(actingOrg) } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
}

function figure(
  ctx: BenchContext,
  name: string,
  api: number[],
  rawT: number[] | null,
  statement: string,
  g: Goal,
  extra: Record<string, unknown>,
  notes: string[],
): Figure {
  const s = summarize(api);
  const r = rawT ? summarize(rawT) : null;
  const f: Figure = {
    name,
    module: 'activities',
    target: ctx.target.kind,
    ...latencyFields(s),
    goal: g,
    goalMet: null,
    rawSql: r
      ? {
          statement,
          unit: 'ms',
          p50: round(r.p50),
          p95: round(r.p95),
          p99: round(r.p99),
          n: r.n,
          note: 'the same statements in one transaction as the API runs them (role and scope set, row-level security on)',
        }
      : null,
    ratio: r ? round(s.p50 / r.p50) : null,
    ratioNote: 'API p50 ÷ raw SQL p50',
    notes,
    extra,
  };
  f.goalMet = goalMet(g, f, ctx.settings.smoke);
  return f;
}

/** An org's activities, latest first (GET /activities), for the city, districts, towns and villages. */
export const activityList: Benchmark = {
  name: 'activity_list',
  module: 'activities',
  description: "GET /activities (an org's subtree, latest first, 50) acting as sample orgs of every level, vs raw SQL",
  async run(ctx) {
    const data = await ensureActivities(ctx);
    const raw = await ctx.raw();
    const orgs = await sampleOrgs(raw, ctx.settings.smoke);
    const rounds = ctx.settings.smoke ? 1 : ctx.settings.subtreeRounds;
    const rawT = await timeAll(
      orgs,
      rounds,
      (o) =>
        scoped(raw, o.path, async (q) => {
          const rows = await q(
            `select * from activities where ${within(o)} and ${within(o)} order by starts_on desc, id desc limit 51`,
          );
          await q(
            'select id, code, name, type, path, status, district_id from org_directory where id = any($1::bigint[])',
            [[...new Set(rows.map((r) => r.org_id))]],
          );
        }),
      !ctx.settings.smoke,
    );
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const api = await timeAll(
      orgs,
      rounds,
      (o) => apiGet(`${server.url}/api/v1/activities?limit=50`, cookie, o.id),
      !ctx.settings.smoke,
    );
    return [
      figure(
        ctx,
        'activity_list',
        api,
        rawT,
        'GET /api/v1/activities?limit=50 ↔ the subtree page (district index or path, starts_on desc) + the orgs it names',
        LIST_GOAL,
        { ...data, orgs: orgs.length, rounds },
        [`signed in as ${USER}, acting as each org (X-Acting-Org); sequential; one warm-up round not counted`],
      ),
    ];
  },
};

/** Talks held and people reached: the city by district over five years, and sample orgs for a year and a month. */
export const activityFigures: Benchmark = {
  name: 'activity_figures',
  module: 'activities',
  description:
    'GET /activities/figures: the city by district (five years), and districts, towns, villages for a year and a month (live counters) vs the counters statement',
  async run(ctx) {
    const data = await ensureActivities(ctx);
    const raw = await ctx.raw();
    const orgs = await sampleOrgs(raw, ctx.settings.smoke);
    const city = orgs[0]!;
    const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const periods = [
      { from: `${Number(to.slice(0, 4)) - 5}${to.slice(4)}`, to },
      { from: `${to.slice(0, 4)}-01-01`, to },
      { from: `${to.slice(0, 7)}-01`, to },
    ];
    const cases = [
      ...periods.map((p) => ({ o: city, by: 'children' as const, ...p })),
      ...orgs.slice(1).map((o, i) => ({ o, by: 'self' as const, ...periods[i % periods.length]! })),
    ];
    const rounds = ctx.settings.smoke ? 1 : ctx.settings.subtreeRounds;
    const statement = (c: (typeof cases)[number]) =>
      periodSegments(c.from, c.to)
        .map((g) =>
          c.by === 'self'
            ? `select c.node_id, c.metric, c.value from stat_counters c where c.node_id = $1 and c.metric = any($2::text[]) and c.grain = '${g.grain}' and c.day between '${g.from}'::date and '${g.to}'::date`
            : `select c.node_id, c.metric, c.value from organizations o join stat_counters c on c.node_id = o.id where o.parent_id = $1 and c.metric = any($2::text[]) and c.grain = '${g.grain}' and c.day between '${g.from}'::date and '${g.to}'::date`,
        )
        .join(' union all ');
    const rawT = await timeAll(
      cases,
      rounds,
      (c) =>
        scoped(raw, city.path, async (q) => {
          await q('select id, code, name, type, path, status, district_id from org_directory where id = $1', [c.o.id]);
          const rows = await q(
            `select x.node_id, x.metric, sum(x.value)::bigint as value from (${statement(c)}) x group by 1, 2`,
            [c.o.id, [...ACTIVITY_METRICS]],
          );
          await q(
            'select id, code, name, type, path, status, district_id from org_directory where id = any($1::bigint[])',
            [[...new Set(rows.map((r) => r.node_id))]],
          );
        }),
      !ctx.settings.smoke,
    );
    const t0 = nowMs();
    await raw.query(
      `select o.id, count(*) filter (where a.kind = 'talk') as talks, sum(a.attended + a.extra_reached) as reached
      from organizations o join activities a on a.district_id = o.id where o.parent_id = $1 and a.status in ('held', 'summarised') group by o.id`,
      [city.id],
    );
    const groupByMs = round(nowMs() - t0);
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const api = await timeAll(
      cases,
      rounds,
      (c) =>
        apiGet(
          `${server.url}/api/v1/activities/figures?orgId=${c.o.id}&by=${c.by}&from=${c.from}&to=${c.to}`,
          cookie,
          city.id,
        ),
      !ctx.settings.smoke,
    );
    return [
      figure(
        ctx,
        'activity_figures',
        api,
        rawT,
        'GET /api/v1/activities/figures ↔ org lookup + the stat_counters sums per grain segment (self or per child) + the orgs named',
        FIGURES_GOAL,
        { ...data, cases: cases.length, periods, groupByOverRecordsMs: groupByMs },
        ['the city by district for five years, a year and a month; every sampled org for one of those periods'],
      ),
    ];
  },
};

/**
 * 500 residents checking in within one minute: walk-ins (name and phone) through the public QR route, arriving at an
 * even pace with jitter over 60 s (smoke: 20 over 2 s), on a lecture planned for the run. Any non-200 fails the run.
 */
export const activityCheckIn: Benchmark = {
  name: 'activity_checkin',
  module: 'activities',
  description:
    '500 walk-in check-ins through POST /portal/activities/:id/checkin within one minute, vs the raw statements',
  async run(ctx) {
    await ensureActivities(ctx);
    const raw = await ctx.raw();
    const [village] = (
      await raw.query(
        `select id, path::text as path, depth, district_id from organizations where type = 'village_federation' and status = 'active' order by hashtext(code) limit 1`,
      )
    ).map(toRef);
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const csrf = /jinguo_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
    const headers = { cookie, 'x-csrf-token': decodeURIComponent(csrf), 'x-acting-org': String(village!.id) };
    const planned = await fetch(`${server.url}/api/v1/activities`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        orgId: village!.id,
        kind: 'lecture',
        title: '性能测试：家庭教育讲座',
        address: '党群服务中心',
        startsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 100 * 60_000).toISOString(),
        organiser: '性能测试',
      }),
    });
    if (planned.status !== 201) throw new Error(`plan → ${planned.status} ${await planned.text()}`);
    const activityId = Number(((await planned.json()) as { id: number }).id);
    const qr = await fetch(`${server.url}/api/v1/activities/${activityId}/qr`, { headers });
    const { token } = (await qr.json()) as { token: string };
    const n = ctx.settings.smoke ? 20 : 500;
    const windowMs = ctx.settings.smoke ? 2_000 : 60_000;
    const base = 13_500_000_000 + (Date.now() % 1_000_000) * 100;
    const times: number[] = [];
    const failures: string[] = [];
    const started = nowMs();
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        await sleep((i / n) * windowMs + Math.random() * (windowMs / n));
        const t0 = nowMs();
        const res = await fetch(`${server.url}/api/v1/portal/activities/${activityId}/checkin`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token, name: `居民${i}`, phone: String(base + i) }),
        });
        await res.arrayBuffer();
        times.push(nowMs() - t0);
        if (res.status !== 200) failures.push(`${res.status}`);
      }),
    );
    const wallMs = nowMs() - started;
    const after = await (await fetch(`${server.url}/api/v1/activities/${activityId}`, { headers })).json();
    // the raw twin: the statements one check-in runs, as the portal role, on a second lecture
    const raw2 = await ctx.raw();
    const twin = Number(
      (
        await raw2.query(
          `insert into activities (org_id, org_path, district_id, kind, title, starts_at, ends_at, starts_on, organiser, status, created_by)
        values ($1, $2::ltree, $3, 'lecture', '性能测试（原生 SQL）', now(), now() + interval '1 hour', current_date, '性能测试', 'held', 'bench') returning id`,
          [village!.id, village!.path, village!.districtId],
        )
      )[0]!.id,
    );
    const rawT: number[] = [];
    for (let i = 0; i < Math.min(n, 200); i++) {
      const t0 = nowMs();
      await raw2.transaction(async (q) => {
        await q(
          `select set_config('role', 'jinguo_portal', true), set_config('jinguo.scope_path', '', true), set_config('jinguo.activity_id', $1, true)`,
          [String(twin)],
        );
        await q('select * from activities where id = $1 for update', [twin]);
        await q('select * from activity_attendance where activity_id = $1 and phone_hash = $2', [twin, `h${i}`]);
        await q('select * from activity_registrations where activity_id = $1 and phone_hash = $2', [twin, `h${i}`]);
        await q(
          `insert into activity_attendance (activity_id, org_path, district_id, name, phone_enc, phone_hash, phone_masked, source)
          values ($1, $2::ltree, $3, 'x', 'enc', $4, 'm', 'walk_in') on conflict do nothing returning *`,
          [twin, village!.path, village!.districtId, `h${i}`],
        );
        await q('update activities set attended = attended + 1, updated_at = now() where id = $1', [twin]);
        await q(
          `select jinguo_bump_counters($1::ltree, current_date, array['activities.attendance', 'activities.reached'], array[1, 1]::bigint[])`,
          [village!.path],
        );
      });
      rawT.push(nowMs() - t0);
    }
    await raw2.query(
      `select jinguo_bump_counters($1::ltree, current_date, array['activities.attendance', 'activities.reached'], array[$2, $2]::bigint[])`,
      [village!.path, -rawT.length],
    );
    await raw2.query('delete from activity_attendance where activity_id = $1', [twin]);
    await raw2.query('delete from activities where id = $1', [twin]);
    await ctx.closeRaw();
    const f = figure(
      ctx,
      'activity_checkin',
      times,
      rawT,
      'POST /portal/activities/:id/checkin ↔ lock the activity, find attendance and registration, insert, count, bump counters (as jinguo_portal)',
      CHECKIN_GOAL,
      { checkIns: n, errors: failures.length, wallSeconds: round(wallMs / 1000), attendedAfter: after.attended },
      [
        `${n} walk-ins (distinct phones) arriving evenly with jitter over ${windowMs / 1000} s, concurrent; token from the QR endpoint`,
        'the API path also verifies the HMAC token, encrypts the phone, appends the audit event and links a registry person by phone afterwards',
      ],
    );
    if (failures.length || after.attended !== n)
      f.failed = `${failures.length} non-200 answers (${[...new Set(failures)].join(', ')}); attended ${after.attended} of ${n}`;
    return [f];
  },
};
