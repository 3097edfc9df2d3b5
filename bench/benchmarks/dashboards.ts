// The cockpit (数据驾驶舱, issue 13): any indicator for any org and period from the live counters; freshness under a
// steady write load; side by side with the DHIS2 way (a materialised view refreshed in batch) and the naive GROUP BY.
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { signIn } from '../lib/server.js';
import { round, summarize, type Summary, latencyFields } from '../lib/stats.js';
import type { Query, RawClient } from '../lib/targets.js';
import { nowMs, sleep } from '../lib/timing.js';
import { goalMet, type Benchmark, type Figure, type Goal } from '../lib/types.js';

const USER = 'city.cadre';
const INDICATOR_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 100,
  unit: 'ms',
  source: 'issue 13 / PRODUCT §4: any indicator for any org and period p95 ≤ 100 ms',
};
const PAGE_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 100,
  unit: 'ms',
  source: "issue 16 item 9: the soak's cockpit (every indicator of the user's org) p95 ≤ 100 ms; here quiet",
};
const FRESH_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 1000,
  unit: 'ms',
  source: 'issue 13 / PRODUCT §4: a write shows in the figures within 1 s, under a steady write load',
};
const LEVEL = ['city', 'district', 'town', 'village'];

interface OrgRef {
  id: number;
  path: string;
  depth: number;
}
const fig = (s: Summary) => ({ p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), n: s.n });
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function sampleOrgs(raw: RawClient, smoke: boolean): Promise<OrgRef[]> {
  const pick = async (types: string, n: number) =>
    (
      await raw.query(
        `select id, path::text as path, depth from organizations where status = 'active' and type in (${types}) order by hashtext(code) limit ${n}`,
      )
    ).map((r) => ({ id: Number(r.id), path: String(r.path), depth: Number(r.depth) }));
  return [
    ...(await pick(`'city_federation'`, 1)),
    ...(await pick(`'district_federation', 'functional_zone_federation'`, smoke ? 2 : 40)),
    ...(await pick(`'town_federation'`, smoke ? 2 : 60)),
    ...(await pick(`'village_federation'`, smoke ? 2 : 100)),
  ];
}

/** The periods a cadre asks for: this year so far, five years, last month, a quarter of last year. */
function periods(today: string) {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const lastDay = new Date(Date.UTC(Number(lastMonth.slice(0, 4)), Number(lastMonth.slice(5, 7)), 0))
    .toISOString()
    .slice(0, 10);
  return [
    { name: 'year to date', from: `${y}-01-01`, to: today },
    { name: 'five years', from: `${y - 5}${today.slice(4)}`, to: today },
    { name: 'last month', from: `${lastMonth}-01`, to: lastDay },
    { name: 'a quarter last year', from: `${y - 1}-04-01`, to: `${y - 1}-06-30` },
  ];
}

async function timed(q: Query, text: string, params: unknown[] = []): Promise<number> {
  const t0 = nowMs();
  await q(text, params);
  return nowMs() - t0;
}

/** Every indicator of the catalogue, for the city, districts, towns and villages, over four kinds of period. */
export const cockpitIndicators: Benchmark = {
  name: 'cockpit_indicator',
  module: 'dashboards',
  description:
    'GET /dashboards/cockpit (the org and each child, and the same period a year before) for one indicator at a time, every indicator × city/districts/towns/villages × four periods; naive GROUP BY and a DHIS2-style materialised view side by side',
  async run(ctx) {
    const smoke = ctx.settings.smoke;
    const raw = await ctx.raw();
    const orgs = await sampleOrgs(raw, smoke);
    const city = orgs[0]!;
    const today = chinaToday();
    const five = periods(today)[1]!;
    // the naive way: the city's districts counted from the records for five years (visits; demands' 及时签收率)
    const naive = {
      visitsMs: round(
        await timed(
          raw.query,
          `select subpath(org_path, 0, $2) as child, count(*) from visits where org_path <@ $1::ltree and visited_on between $3::date and $4::date group by 1`,
          [city.path, city.depth + 2, five.from, five.to],
        ),
      ),
      demandsRateMs: round(
        await timed(
          raw.query,
          `select subpath(org_path, 0, $2) as child, count(*) filter (where signed_at <= sign_due_at)::float / nullif(count(signed_at), 0)
           from demands where org_path <@ $1::ltree and received_at >= $3::date group by 1`,
          [city.path, city.depth + 2, five.from],
        ),
      ),
    };
    // the DHIS2 way: an analytics table (here a materialised view: visits rolled up to every ancestor by month),
    // rebuilt in batch; its reads are quick, its figures as old as the last refresh
    await raw.query('drop materialized view if exists bench_dash_visits_mv');
    const createMs = await timed(
      raw.query,
      `create materialized view bench_dash_visits_mv as
       select subpath(v.org_path, 0, k) as node_path, date_trunc('month', v.visited_on)::date as month, count(*)::bigint as n
       from visits v cross join lateral generate_series(1, nlevel(v.org_path)) as k group by 1, 2`,
    );
    await raw.query('create index on bench_dash_visits_mv (node_path, month)');
    const refresh: number[] = [];
    for (let i = 0; i < (smoke ? 1 : 3); i++)
      refresh.push(await timed(raw.query, 'refresh materialized view bench_dash_visits_mv'));
    const mvRead: number[] = [];
    for (const o of orgs.slice(0, smoke ? 2 : 41))
      mvRead.push(
        await timed(
          raw.query,
          `select m.node_path, sum(m.n) from bench_dash_visits_mv m join organizations o on m.node_path = o.path
           where o.parent_id = $1 and m.month between $2::date and $3::date group by 1`,
          [o.id, `${five.from.slice(0, 7)}-01`, five.to],
        ),
      );
    const mvRows = Number((await raw.query('select count(*)::int as n from bench_dash_visits_mv'))[0]!.n);
    await raw.query('drop materialized view bench_dash_visits_mv');
    // the counters' own statement for one indicator (visits.done) by child: what the API adds to it is the rest
    const counterRaw: number[] = [];
    for (const o of orgs.slice(0, smoke ? 2 : 41))
      counterRaw.push(
        await timed(
          raw.query,
          `select c.node_id, sum(c.value) from organizations o join stat_counters c on c.node_id = o.id
           where o.parent_id = $1 and c.metric = 'visits.done' and c.grain = 'y' and c.day between $2::date and $3::date group by 1`,
          [o.id, `${five.from.slice(0, 4)}-01-01`, `${five.to.slice(0, 4)}-01-01`],
        ),
      );
    await ctx.closeRaw();

    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const headers = { cookie, 'x-acting-org': String(city.id) };
    const catalogue = (await (await fetch(`${server.url}/api/v1/dashboards/indicators`, { headers })).json()) as {
      items: { code: string; kind: string }[];
    };
    const ps = periods(today);
    const get = async (o: OrgRef, code: string, p: { from: string; to: string }) => {
      const res = await fetch(
        `${server.url}/api/v1/dashboards/cockpit?orgId=${o.id}&indicators=${code}&from=${p.from}&to=${p.to}`,
        { headers },
      );
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`cockpit ${o.id} ${code}: ${res.status}`);
    };
    // warm-up: every indicator once at the city
    for (const i of catalogue.items) await get(city, i.code, ps[0]!);
    const all: number[] = [];
    const byKind = new Map<string, number[]>();
    const byLevel = new Map<string, number[]>();
    const byIndicator = new Map<string, number[]>();
    const rounds = smoke ? 1 : 2;
    let k = 0;
    for (let r = 0; r < rounds; r++)
      for (const o of orgs)
        for (const [n, p] of ps.entries()) {
          // a different indicator at each (org, period): over the rounds every indicator meets every level
          const i = catalogue.items[(k++ * 7 + n) % catalogue.items.length]!;
          const t0 = nowMs();
          await get(o, i.code, p);
          const ms = nowMs() - t0;
          all.push(ms);
          for (const [m, key] of [
            [byKind, i.kind],
            [byLevel, LEVEL[o.depth] ?? `depth ${o.depth}`],
            [byIndicator, i.code],
          ] as const)
            m.set(key, [...(m.get(key) ?? []), ms]);
        }
    const s = summarize(all);
    const c = summarize(counterRaw);
    const worst = [...byIndicator]
      .map(([code, v]) => ({ code, p95: round(summarize(v).p95) }))
      .sort((a, b) => (b.p95 ?? 0) - (a.p95 ?? 0))
      .slice(0, 5);
    const f: Figure = {
      name: 'cockpit_indicator',
      module: 'dashboards',
      target: ctx.target.kind,
      ...latencyFields(s),
      goal: INDICATOR_GOAL,
      goalMet: null,
      rawSql: {
        statement: 'stat_counters sum of one metric by child for five whole years (grain y), the org lookup by parent',
        unit: 'ms',
        ...fig(c),
        note: 'as the superuser, no scope: the counters statement alone',
      },
      ratio: round(s.p50 / c.p50),
      ratioNote: 'API p50 ÷ raw counters statement p50',
      notes: [
        `signed in as ${USER} acting as the city; ${catalogue.items.length} indicators, ${orgs.length} orgs, ${ps.length} periods; sequential; each request is the org, each child and the same period a year before`,
      ],
      extra: {
        byKind: Object.fromEntries([...byKind].map(([key, v]) => [key, fig(summarize(v))])),
        byLevel: Object.fromEntries([...byLevel].map(([key, v]) => [key, fig(summarize(v))])),
        slowestIndicators: worst,
        naiveGroupBy: {
          ...naive,
          note: "the city's children over five years counted from the records at each read (no counters)",
        },
        dhis2MaterialisedView: {
          createMs: round(createMs),
          refreshMs: fig(summarize(refresh)),
          rows: mvRows,
          readByChildren: fig(summarize(mvRead)),
          stalenessNote:
            'figures are as old as the last refresh: refreshed back to back the staleness is up to two refresh times; DHIS2 runs its analytics tables nightly (up to a day)',
          worstStalenessBackToBackMs: round(2 * summarize(refresh).p50),
        },
      },
    };
    f.goalMet = goalMet(INDICATOR_GOAL, f, smoke);

    // The whole page, every indicator at once (what the cockpit page and the soak ask for), year to date: quiet, one
    // request at a time, so the soak's cockpit p95 can be told apart from the load it runs under.
    const page = async (o: OrgRef) => {
      const res = await fetch(`${server.url}/api/v1/dashboards/cockpit?orgId=${o.id}&from=${ps[0]!.from}&to=${today}`, {
        headers,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`cockpit page ${o.id}: ${res.status}`);
    };
    await page(city);
    const pages: number[] = [];
    const pageByLevel = new Map<string, number[]>();
    for (let r = 0; r < rounds; r++)
      for (const o of orgs) {
        const t0 = nowMs();
        await page(o);
        const ms = nowMs() - t0;
        pages.push(ms);
        const level = LEVEL[o.depth] ?? `depth ${o.depth}`;
        pageByLevel.set(level, [...(pageByLevel.get(level) ?? []), ms]);
      }
    const pg: Figure = {
      name: 'cockpit_page',
      module: 'dashboards',
      target: ctx.target.kind,
      ...latencyFields(summarize(pages)),
      goal: PAGE_GOAL,
      goalMet: null,
      rawSql: null,
      ratio: null,
      notes: [
        `GET /dashboards/cockpit with every indicator (${catalogue.items.length}), year to date, the org and each child and the year before; ${orgs.length} orgs × ${rounds}; sequential, signed in as ${USER}`,
      ],
      extra: { byLevel: Object.fromEntries([...pageByLevel].map(([key, v]) => [key, fig(summarize(v))])) },
    };
    pg.goalMet = goalMet(PAGE_GOAL, pg, smoke);
    return [f, pg];
  },
};

/**
 * Freshness: a steady stream of visits written through the API while another client reads the district's figure;
 * for each write, the time from its response to the first read that shows it.
 */
export const cockpitFreshness: Benchmark = {
  name: 'cockpit_freshness',
  module: 'dashboards',
  description:
    'visits written at a steady rate through POST /visits while GET /dashboards/cockpit polls the district: time from each write to the first read showing it',
  async run(ctx) {
    const smoke = ctx.settings.smoke;
    const raw = await ctx.raw();
    const [village] = await raw.query(
      `select v.id, d.id as district_id from organizations v join organizations d on d.id = v.district_id
       where v.type = 'village_federation' and v.status = 'active' order by hashtext(v.code) limit 1`,
    );
    await ctx.closeRaw();
    const villageId = Number(village!.id);
    const districtId = Number(village!.district_id);
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const csrf = /jinguo_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
    const today = chinaToday();
    const read = async () => {
      const res = await fetch(
        `${server.url}/api/v1/dashboards/cockpit?orgId=${districtId}&indicators=visits.done&from=${today}&to=${today}`,
        { headers: { cookie } },
      );
      const body = (await res.json()) as { total: { values: Record<string, number> } };
      return body.total.values['visits.done']!;
    };
    const base = await read();
    const seconds = smoke ? 2 : ctx.settings.duration;
    const ratePerSecond = 10;
    const writes: number[] = []; // completion time of write i (the (i+1)th visit)
    const reads: { end: number; value: number }[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing || reads.length === 0 || reads[reads.length - 1]!.value < base + writes.length) {
        const value = await read();
        reads.push({ end: nowMs(), value });
        if (!writing && value >= base + writes.length) break;
      }
    })();
    const until = nowMs() + seconds * 1000;
    while (nowMs() < until) {
      const t0 = nowMs();
      const res = await fetch(`${server.url}/api/v1/visits`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify({
          orgId: villageId,
          kind: 'other',
          visitedOn: today,
          place: '基准测试',
          orgIds: [villageId],
          situation: '写入负载（基准测试）',
        }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`POST /visits → ${res.status}`);
      writes.push(nowMs());
      await sleep(Math.max(0, 1000 / ratePerSecond - (nowMs() - t0)));
    }
    writing = false;
    await reader;
    const fresh = writes.map((done, i) => {
      const seen = reads.find((r) => r.value >= base + i + 1);
      return seen ? Math.max(0, seen.end - done) : Number.POSITIVE_INFINITY;
    });
    const s = summarize(fresh);
    const f: Figure = {
      name: 'cockpit_freshness',
      module: 'dashboards',
      target: ctx.target.kind,
      unit: 'ms',
      p50: round(s.p50),
      p95: round(s.p95),
      p99: round(s.p99),
      max: round(s.max),
      n: s.n,
      goal: FRESH_GOAL,
      goalMet: null,
      rawSql: null,
      ratio: null,
      notes: [
        `${writes.length} visits in ${seconds} s (${ratePerSecond}/s target) while one client read the district's figure back to back (${reads.length} reads); the counters are bumped in the write's own transaction, so what remains is the time to the next read`,
      ],
      extra: { writes: writes.length, reads: reads.length, finalValue: reads.at(-1)?.value, base },
    };
    f.goalMet = goalMet(FRESH_GOAL, f, smoke);
    return [f];
  },
};
