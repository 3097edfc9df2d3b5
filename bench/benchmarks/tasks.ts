import { VISITS_REPORT_TEMPLATE } from '@jinguo/contracts';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { openDatabase } from '../../apps/server/src/platform/db/client.js';
import { runAsSystem, systemActor } from '../../apps/server/src/platform/scope.js';
import { tasksDemo } from '../../apps/server/src/modules/tasks/index.js';
import { signIn } from '../lib/server.js';
import { round, summarize, latencyFields } from '../lib/stats.js';
import { nowMs } from '../lib/timing.js';
import { goalMet, type BenchContext, type Benchmark, type Figure, type Goal } from '../lib/types.js';

/*
 * 一网协同 at city scale: the city dispatches a report form to every village (11,000+ on the Chongqing hierarchy),
 * then every village has submitted and the city reads its progress board and the aggregate by region.
 */

const USER = 'city.cadre';
const DISPATCH_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 5000,
  unit: 'ms',
  source: 'issue 13 item 10: dispatch of a task to all 11,000+ villages ≤ 5 s',
};
const READ_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 200,
  unit: 'ms',
  source: 'issue 13 item 10: progress board and aggregate of 11,000 submissions p95 ≤ 200 ms',
};
const TITLE = 'bench: 全市村社"三访"统计';

interface Api {
  url: string;
  cookie: string;
  csrf: string;
}
async function call(
  api: Api,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${api.url}/api/v1${path}`, {
    method,
    headers: {
      cookie: api.cookie,
      'x-csrf-token': api.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}
async function connect(ctx: BenchContext): Promise<Api> {
  const server = await ctx.server();
  const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
  return { url: server.url, cookie, csrf: /jinguo_csrf=([^;]+)/.exec(cookie)?.[1] ?? '' };
}

function latency(
  ctx: BenchContext,
  name: string,
  samples: number[],
  goal: Goal,
  statement: string,
  raw: number[],
  extra: Record<string, unknown>,
): Figure {
  const s = summarize(samples);
  const r = raw.length ? summarize(raw) : null;
  const f: Figure = {
    name,
    module: 'tasks',
    target: ctx.target.kind,
    ...latencyFields(s),
    goal,
    goalMet: null,
    rawSql: r ? { statement, unit: 'ms', p50: round(r.p50), p95: round(r.p95), p99: round(r.p99), n: r.n } : null,
    ratio: r ? round(s.p50 / r.p50) : null,
    ratioNote: 'API p50 ÷ raw SQL p50',
    notes: [`signed in as ${USER}; sequential requests`],
    extra,
  };
  f.goalMet = goalMet(goal, f, ctx.settings.smoke);
  return f;
}

/** Removes what earlier runs of this benchmark dispatched (its tasks, copies and their events). */
async function cleanUp(ctx: BenchContext): Promise<{ id: number; path: string }> {
  const raw = await ctx.raw();
  const [city] = await raw.query(
    `select id, path::text as path from organizations where type = 'city_federation' order by id limit 1`,
  );
  await raw.transaction(async (q) => {
    await q(`delete from task_events where task_id in (select id from tasks where title = $1)`, [TITLE]);
    await q(`delete from task_assignments where task_id in (select id from tasks where title = $1)`, [TITLE]);
    await q(`delete from task_totals where task_id in (select id from tasks where title = $1)`, [TITLE]);
    await q(`delete from tasks where title = $1`, [TITLE]);
  });
  await ctx.closeRaw();
  return { id: Number(city!.id), path: String(city!.path) };
}

export const taskDispatchAndBoard: Benchmark = {
  name: 'task_dispatch_villages',
  module: 'tasks',
  description:
    'POST /tasks to every village of the city (a form with fields from the records); then, with every village submitted, GET /tasks/:id/board and /aggregate (city by district, a district by town)',
  async run(ctx) {
    const { id: cityId, path: cityPath } = await cleanUp(ctx);
    let api = await connect(ctx);
    const { code: _code, ...tpl } = VISITS_REPORT_TEMPLATE;
    const form = await call(api, 'POST', '/tasks/forms', { ...tpl, orgId: cityId });
    if (form.status !== 201) throw new Error(`form: ${form.status} ${JSON.stringify(form.json)}`);
    const formId = (form.json as { id: number }).id;
    const deadline = new Date(Date.now() + 8 * 3_600_000 + 14 * 86_400_000).toISOString().slice(0, 10);
    const runs = ctx.settings.smoke ? 1 : 3;
    const dispatchMs: number[] = [];
    let taskId = 0;
    let receivers = 0;
    for (let i = 0; i < runs; i++) {
      const started = nowMs();
      const r = await call(api, 'POST', '/tasks', {
        orgId: cityId,
        kind: 'task',
        title: TITLE,
        deadline,
        formId,
        // a smoke run (npm test) checks the figures appear: the towns are enough
        targets: { by: 'level', levels: [ctx.settings.smoke ? 'town' : 'village'] },
      });
      dispatchMs.push(nowMs() - started);
      if (r.status !== 201) throw new Error(`dispatch: ${r.status} ${JSON.stringify(r.json)}`);
      ({ id: taskId, receivers } = r.json as { id: number; receivers: number });
    }
    ctx.log(`tasks: dispatched to ${receivers} orgs, ${dispatchMs.map((m) => Math.round(m)).join(' / ')} ms`);

    // Every village submits (written directly: the benchmark measures the reads over 11,000 submissions).
    const raw = await ctx.raw();
    await raw.query(
      `update task_assignments set state = case when id % 10 = 0 then 'approved' else 'submitted' end, submitted_at = now(),
         values = jsonb_build_object('visits', id % 37, 'needs', id % 11, 'demands_received', id % 13, 'demands_closed', id % 7,
           'families_helped', id % 5, 'funds', (id % 1000) * 1.5, 'cases', jsonb_build_array(jsonb_build_object('who', '某', 'help', '慰问', 'amount', 200)))
       where task_id = $1 and id % 17 <> 0`,
      [taskId],
    );
    // the rolled-up totals follow each submission in the API; these were written directly, so they are recounted once
    const env = ctx.target.serverEnv;
    const handle = await openDatabase({
      databaseUrl: env.DATABASE_URL ?? null,
      dataDir: env.DATABASE_URL ? null : (env.JINGUO_DATA_DIR ?? null),
    });
    try {
      await runAsSystem(handle, systemActor('bench'), (s) => tasksDemo.rebuildTotals(s, taskId));
    } finally {
      await handle.close();
    }
    const district = (
      await raw.query(`select o.id from organizations o where o.type = 'district_federation' and o.status = 'active'
        order by (select count(*) from task_assignments a where a.task_id = ${taskId} and a.district_id = o.id) desc limit 1`)
    )[0]!.id as number;
    const rawBoard: number[] = [];
    const rounds = ctx.settings.smoke ? 2 : 30;
    const statement = `select count(*) filter (where state = 'submitted') … from task_assignments where task_id = $1; + the first page in org order`;
    for (let i = 0; i < rounds; i++) {
      const s = nowMs();
      await raw.transaction(async (q) => {
        await q(`select set_config('role', 'jinguo_app', true), set_config('jinguo.scope_path', $1, true)`, [cityPath]);
        await q(
          `select count(*) filter (where state = 'submitted') as s, count(*) filter (where state in ('pending','signed','returned') and deadline < current_date) as o from task_assignments where task_id = $1`,
          [taskId],
        );
        await q(
          `select a.id, o.code, o.name, a.state from task_assignments a join org_directory o on o.id = a.org_id where a.task_id = $1 order by a.org_id limit 51`,
          [taskId],
        );
      });
      rawBoard.push(nowMs() - s);
    }
    await ctx.closeRaw();

    api = await connect(ctx);
    const time = async (path: string) => {
      const out: number[] = [];
      for (let i = 0; i < rounds + 3; i++) {
        const s = nowMs();
        const r = await call(api, 'GET', path);
        if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
        if (i >= 3) out.push(nowMs() - s);
      }
      return out;
    };
    const board = await time(`/tasks/${taskId}/board`);
    const aggCity = await time(`/tasks/${taskId}/aggregate`);
    const aggDistrict = await time(`/tasks/${taskId}/aggregate?orgId=${district}`);
    await cleanUp(ctx);
    const extra = { receivers, submitted: Math.round(receivers * (16 / 17)) };
    const dispatch = summarize(dispatchMs);
    const f: Figure = {
      name: 'task_dispatch_villages',
      module: 'tasks',
      target: ctx.target.kind,
      unit: 'ms',
      p50: round(dispatch.p50),
      p95: round(dispatch.p95),
      p99: round(dispatch.p99),
      n: dispatch.n,
      goal: DISPATCH_GOAL,
      goalMet: null,
      rawSql: null,
      ratio: null,
      notes: ['one request: the task, one copy per village (one INSERT … SELECT), notices to their cadres, audit'],
      extra,
    };
    f.goalMet = goalMet(DISPATCH_GOAL, f, ctx.settings.smoke);
    return [
      f,
      latency(ctx, 'task_progress_board', board, READ_GOAL, statement, rawBoard, extra),
      latency(ctx, 'task_aggregate_city', aggCity, READ_GOAL, 'by district', [], extra),
      latency(ctx, 'task_aggregate_district', aggDistrict, READ_GOAL, 'by town', [], { ...extra, district }),
    ];
  },
};
