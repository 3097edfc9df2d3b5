import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { eligibilityStatement } from '../../apps/server/src/modules/care-programs/care-programs.repository.js';
import { personFactsJson } from '../../apps/server/src/modules/people/people.repository.js';
import { preparedCall } from '../../apps/server/src/platform/db/inline.js';
import { periodSegments } from '../../apps/server/src/platform/stats/stats.js';
import { signIn } from '../lib/server.js';
import { latencyFields, round, summarize } from '../lib/stats.js';
import type { RawClient } from '../lib/targets.js';
import { nowMs } from '../lib/timing.js';
import { goalMet, type Benchmark, type Figure, type Goal } from '../lib/types.js';

// Care programs (issue 14): a person against every open program, a review level's queue, and the city's beneficiaries
// and money by district, through the API and as the same SQL. Needs the demo's programs and, for realistic volumes,
// `npm run seed:city` (apps/server/src/seed/care-programs.ts).

const ELIGIBILITY_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 20,
  unit: 'ms',
  source: 'issue 14: eligibility check of a person against every program p95 ≤ 20 ms (scale 1)',
};
const QUEUE_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 50,
  unit: 'ms',
  source: 'issue 14: a review queue p95 ≤ 50 ms (scale 1)',
};
const MONEY_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 100,
  unit: 'ms',
  source: 'issue 14: beneficiaries and money for the city by district p95 ≤ 100 ms (scale 1)',
};
const METRICS = ['care.applications', 'care.beneficiaries', 'care.disbursed_fen', 'care.parcels'];

const fig = (xs: number[]) => latencyFields(summarize(xs));
async function timeRounds<T>(items: T[], rounds: number, fn: (x: T) => Promise<void>): Promise<number[]> {
  for (const x of items) await fn(x);
  const out: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const x of items) {
      const t = nowMs();
      await fn(x);
      out.push(nowMs() - t);
    }
  return out;
}
async function apiGet(url: string, cookie: string): Promise<void> {
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
}
function figure(
  name: string,
  goal: Goal,
  api: number[],
  raw: number[],
  statement: string,
  notes: string[],
  target: Figure['target'],
  smoke: boolean,
): Figure {
  const a = fig(api);
  const r = fig(raw);
  const f: Figure = {
    name,
    module: 'care-programs',
    target,
    ...a,
    goal,
    goalMet: null,
    rawSql: { statement, ...r, note: 'superuser, no RLS' },
    ratio: a.p50 && r.p50 ? round(a.p50 / r.p50) : null,
    ratioNote: 'API p50 ÷ raw SQL p50',
    notes,
  };
  f.goalMet = goalMet(goal, f, smoke);
  return f;
}
async function cityOf(raw: RawClient) {
  const [city] = await raw.query(
    `select o.id, o.path::text as path from organizations o join users u on u.org_id = o.id where u.username = 'city.cadre'`,
  );
  if (!city) throw new Error('city.cadre missing: is the demo loaded?');
  return { id: Number(city.id), path: String(city.path) };
}

export const careEligibility: Benchmark = {
  name: 'care_eligibility',
  module: 'care-programs',
  description: 'GET /care-programs/eligibility?personId (a woman against every open program) vs the same reads',
  async run(ctx) {
    const raw = await ctx.raw();
    const persons = (
      await raw.query(
        `select id from persons where status = 'active' and gender = 'female' order by hashtext(id::text) limit $1`,
        [ctx.settings.smoke ? 3 : 40],
      )
    ).map((r) => Number(r.id));
    const [{ n } = { n: 0 }] = (await raw.query(
      `select count(*)::int as n from care_programs where state = 'open'`,
    )) as {
      n: number;
    }[];
    const rounds = ctx.settings.smoke ? 1 : 5;
    // the endpoint's one statement, rendered from the repositories' builders (so it cannot drift), prepared
    const city = await cityOf(raw);
    const scope = { actor: null as never, scopePath: city.path, mobileOrgId: null };
    const rawT = await timeRounds(persons, rounds, async (id) => {
      await raw.prepared(preparedCall(eligibilityStatement(scope, personFactsJson(scope, id))));
    });
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, 'city.cadre', DEMO_PASSWORD);
    const api = await timeRounds(persons, rounds, (id) =>
      apiGet(`${server.url}/api/v1/care-programs/eligibility?personId=${id}`, cookie),
    );
    return [
      figure(
        'care_eligibility',
        ELIGIBILITY_GOAL,
        api,
        rawT,
        'the endpoint statement (eligibilityStatement: her facts and tags, the open programs with their region orgs), prepared',
        [`city.cadre; ${persons.length} women × ${rounds} rounds against ${n} open programs`],
        ctx.target.kind,
        ctx.settings.smoke,
      ),
    ];
  },
};

export const careReviewQueue: Benchmark = {
  name: 'care_review_queue',
  module: 'care-programs',
  description: "GET /care-programs/applications?queue=true (a district's and the city's queue, by deadline) vs its SQL",
  async run(ctx) {
    const raw = await ctx.raw();
    const reviewers = await raw.query(
      `select u.username, u.org_path::text as path, o.type from users u join organizations o on o.id = u.org_id
       where u.username in ('city.cadre', 'kaizhou.cadre', 'hanfeng.cadre')`,
    );
    const level = (type: string) =>
      type === 'city_federation' ? 'city' : type === 'district_federation' ? 'district' : 'town';
    const [{ n } = { n: 0 }] = (await raw.query(
      `select count(*)::int as n from care_applications where state = 'in_review'`,
    )) as { n: number }[];
    const rounds = ctx.settings.smoke ? 1 : 20;
    const rawT = await timeRounds(reviewers, rounds, async (u) => {
      await raw.query(
        `select * from care_applications where org_path <@ $1::ltree and state = 'in_review' and $2 = any(step_levels)
         order by step_deadline, id limit 21`,
        [u.path, level(String(u.type))],
      );
    });
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookies = new Map<string, string>();
    for (const u of reviewers)
      cookies.set(String(u.username), await signIn(server.url, String(u.username), DEMO_PASSWORD));
    const api = await timeRounds(reviewers, rounds, (u) =>
      apiGet(`${server.url}/api/v1/care-programs/applications?queue=true&limit=20`, cookies.get(String(u.username))!),
    );
    return [
      figure(
        'care_review_queue',
        QUEUE_GOAL,
        api,
        rawT,
        'the queue statement (subtree, in review at the level, by deadline; the page only — the API adds the views)',
        [`city, district and town reviewers × ${rounds} rounds; ${n} applications in review`],
        ctx.target.kind,
        ctx.settings.smoke,
      ),
    ];
  },
};

function countersStatement(by: 'self' | 'children', from: string, to: string): string {
  const parts = periodSegments(from, to).map((g) => {
    const period = `c.grain = '${g.grain}' and c.day between '${g.from}'::date and '${g.to}'::date`;
    return by === 'self'
      ? `select c.node_id, c.metric, c.value from stat_counters c where c.node_id = $1 and c.metric = any($2::text[]) and ${period}`
      : `select c.node_id, c.metric, c.value from organizations o join stat_counters c on c.node_id = o.id
          where o.parent_id = $1 and c.metric = any($2::text[]) and ${period}`;
  });
  return `select x.node_id, x.metric, sum(x.value)::bigint as value from (${parts.join(' union all ')}) x group by 1, 2`;
}

export const careCityMoney: Benchmark = {
  name: 'care_city_money',
  module: 'care-programs',
  description: 'GET /care-programs/figures (the city and each district, one year and five years) vs the counters SQL',
  async run(ctx) {
    const raw = await ctx.raw();
    const city = await cityOf(raw);
    const year = new Date().getUTCFullYear();
    const periods = [
      [`${year}-01-01`, `${year}-12-31`],
      [`${year - 4}-01-01`, `${year}-12-31`],
    ] as const;
    const rounds = ctx.settings.smoke ? 1 : 20;
    const rawT = await timeRounds([...periods], rounds, async ([from, to]) => {
      await raw.query('select id from organizations where id = $1', [city.id]);
      await raw.query(countersStatement('self', from, to), [city.id, METRICS]);
      await raw.query(countersStatement('children', from, to), [city.id, METRICS]);
    });
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, 'city.cadre', DEMO_PASSWORD);
    const api = await timeRounds([...periods], rounds, ([from, to]) =>
      apiGet(`${server.url}/api/v1/care-programs/figures?from=${from}&to=${to}`, cookie),
    );
    return [
      figure(
        'care_city_money',
        MONEY_GOAL,
        api,
        rawT,
        'org lookup + readCounters self and by child (one stat_counters range per grain segment)',
        [`city.cadre; one year and five years × ${rounds} rounds`],
        ctx.target.kind,
        ctx.settings.smoke,
      ),
    ];
  },
};
