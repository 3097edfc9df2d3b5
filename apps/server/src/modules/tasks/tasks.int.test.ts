import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_MONITORING_TEMPLATE } from '@jinguo/contracts';
import { divisionTree, signedIn } from '../../../test/factories.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { bumpCounters } from '../../platform/stats/index.js';

// 一网协同 end to end on a bare platform: the city dispatches a form to its districts, 开州 forwards it to its towns,
// a town fills it prefilled from its records, the district returns and approves, the city sees the aggregate.
const TODAY = '2026-11-26'; // a Thursday
const DEADLINE = '2026-11-27';

let t: TestPlatform;
let city: Client, kaizhou: Client, hanfeng: Client, wanzhou: Client;
let ids: Record<string, number>;
let formId: number, taskId: number, childTaskId: number;
let kaizhouCopy: number, hanfengCopy: number;

const definition = {
  fields: [
    { key: 'visits', label: '走访次数', type: 'number', required: true, decimals: 0, min: 0, metric: 'visits.done' },
    { key: 'families', label: '帮扶家庭', type: 'number', required: true, decimals: 0, min: 0, max: 10000 },
    { key: 'girls', label: '其中女童家庭', type: 'number', decimals: 0, min: 0 },
    {
      key: 'per_visit',
      label: '每次走访帮扶',
      type: 'number',
      decimals: 2,
      formula: 'if(visits > 0, families / visits, 0)',
    },
    { key: 'kind', label: '类型', type: 'choice', options: ['城市', '农村'] },
    { key: 'on', label: '日期', type: 'date' },
    {
      key: 'spend',
      label: '资金',
      type: 'table',
      maxRows: 5,
      columns: [
        { key: 'item', label: '项目', type: 'text', required: true },
        { key: 'amount', label: '金额', type: 'number', decimals: 2, min: 0 },
      ],
    },
    { key: 'spend_total', label: '资金合计', type: 'number', decimals: 2, formula: 'sum(spend.amount)' },
  ],
  rules: [
    {
      field: 'girls',
      expression: 'girls <= families',
      message: { 'zh-CN': '不能多于帮扶家庭', 'en-US': 'cannot exceed families' },
    },
  ],
};
const form = (over: Record<string, unknown> = {}) => ({
  orgId: ids['50'],
  name: '帮扶情况统计表',
  definition,
  ...over,
});
const cookie = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const raw = (c: Client, url: string) => t.platform.http.inject({ method: 'GET', url, headers: { cookie: cookie(c) } });
const A = (task: number, copy: number, rest = '') => `/api/v1/tasks/${task}/assignments/${copy}${rest}`;

beforeAll(async () => {
  t = await startTestPlatform({ today: TODAY, demo: false });
  ids = await divisionTree(t, [
    ['province', '50', '', '重庆市'],
    ['district', '500154', '50', '开州区'],
    ['district', '500101', '50', '万州区'],
    ['town', '500154001', '500154', '汉丰街道'],
    ['town', '500154002', '500154', '文峰街道'],
    ['village', '500154001001', '500154001', '驷马社区'],
    ['town', '500101001', '500101', '高笋塘街道'],
  ]);
  [city, kaizhou, hanfeng, wanzhou] = await Promise.all([
    signedIn(t, { username: 'city.cadre', orgId: ids['50']!, roles: ['cadre'] }),
    signedIn(t, { username: 'kaizhou.cadre', orgId: ids['500154']!, roles: ['cadre'] }),
    signedIn(t, { username: 'hanfeng.cadre', orgId: ids['500154001']!, roles: ['cadre'] }),
    signedIn(t, { username: 'wanzhou.cadre', orgId: ids['500101']!, roles: ['cadre'] }),
  ]);
  const path = (
    await t.sql<{ p: string }>('select path::text as p from organizations where code = $1', ['500154001'])
  )[0]!.p;
  await bumpCounters(t.platform.handle.db, { orgPath: path, day: '2026-03-02', deltas: { 'visits.done': 7 } });
});
afterAll(() => t?.close());

describe('report forms', () => {
  it('refuses a forged definition naming the field, and writes nothing', async () => {
    const unknownType = await city.post(
      '/api/v1/tasks/forms',
      form({ definition: { fields: [{ key: 'a', label: 'A', type: 'slider' }] } }),
    );
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.field).toBe('definition.fields.0.type');
    const missing = await city.post(
      '/api/v1/tasks/forms',
      form({ definition: { fields: [{ key: 'a', label: 'A', type: 'number', formula: 'b + 1' }] } }),
    );
    expect([missing.status, missing.body.code, missing.body.field]).toEqual([
      400,
      'FORM_DEFINITION_INVALID',
      'definition.fields.0.formula',
    ]);
    const cycle = await city.post(
      '/api/v1/tasks/forms',
      form({
        definition: {
          fields: [
            { key: 'a', label: 'A', type: 'number', formula: 'b + 1' },
            { key: 'b', label: 'B', type: 'number', formula: 'a * 2' },
          ],
        },
      }),
    );
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors.map((e: { code: string }) => e.code)).toContain('cycle');
    const metric = await city.post(
      '/api/v1/tasks/forms',
      form({ definition: { fields: [{ key: 'a', label: 'A', type: 'number', metric: 'visits.nothing' }] } }),
    );
    expect(metric.body.field).toBe('definition.fields.0.metric');
    const rule = await city.post(
      '/api/v1/tasks/forms',
      form({
        definition: {
          ...definition,
          rules: [{ field: 'girls', expression: 'girls <= nobody', message: { 'zh-CN': 'x', 'en-US': 'x' } }],
        },
      }),
    );
    expect(rule.body.field).toBe('definition.rules.0.expression');
    expect((await t.sql<{ n: number }>('select count(*)::int as n from report_forms'))[0]!.n).toBe(0);
  });

  it('stores a valid form; lists the metrics and the built-in templates', async () => {
    const r = await city.post('/api/v1/tasks/forms', form());
    expect(r.status).toBe(201);
    formId = r.body.id;
    expect((await city.get('/api/v1/tasks/metrics')).body.items.map((m: { metric: string }) => m.metric)).toContain(
      'visits.done',
    );
    const templates = (await city.get('/api/v1/tasks/forms/templates')).body.items;
    expect(templates.map((x: { code: string }) => x.code)).toContain(PLAN_MONITORING_TEMPLATE.code);
  });
});

describe('dispatch, forward, fill, decide', () => {
  it('the city dispatches to every district; each sees it in its work list and a notification', async () => {
    const bad = await city.post('/api/v1/tasks', {
      orgId: ids['50'],
      kind: 'task',
      title: '帮扶情况',
      deadline: '2026-11-01',
      formId,
      targets: { by: 'level', levels: ['district'] },
    });
    expect([bad.status, bad.body.field]).toEqual([400, 'deadline']);
    const r = await city.post('/api/v1/tasks', {
      orgId: ids['50'],
      kind: 'task',
      title: '帮扶情况',
      body: '请如实填报',
      deadline: DEADLINE,
      formId,
      targets: { by: 'level', levels: ['district'] },
      remindDays: 2,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    taskId = r.body.id;
    expect(r.body.receivers).toBe(2);
    const inbox = (await kaizhou.get('/api/v1/tasks?box=inbox')).body.items;
    expect(inbox[0]).toMatchObject({ taskId, state: 'pending', hasForm: true });
    kaizhouCopy = inbox[0].assignmentId;
    expect((await wanzhou.get('/api/v1/tasks')).body.items[0].assignmentId).toEqual(expect.any(Number));
    expect((await kaizhou.get('/api/v1/notifications')).body.items[0].title['zh-CN']).toContain('帮扶情况');
    expect((await city.get('/api/v1/tasks?box=sent')).body.items[0].progress).toEqual({ done: 0, total: 2 });
  });

  it('开州 forwards it to its towns; a town opens it prefilled from its records', async () => {
    const late = await kaizhou.post(A(taskId, kaizhouCopy, '/forward'), {
      deadline: '2026-12-30',
      targets: { by: 'level', levels: ['town'] },
    });
    expect([late.status, late.body.field]).toEqual([400, 'deadline']);
    const r = await kaizhou.post(A(taskId, kaizhouCopy, '/forward'), {
      deadline: DEADLINE,
      targets: { by: 'level', levels: ['town'] },
      remindDays: 2,
    });
    expect(r.status).toBe(201);
    childTaskId = r.body.id;
    expect(r.body).toMatchObject({ parentTaskId: taskId, receivers: 2 });
    hanfengCopy = (await hanfeng.get('/api/v1/tasks')).body.items[0].assignmentId;
    const copy = await hanfeng.get(A(childTaskId, hanfengCopy));
    expect(copy.body.fromRecords).toEqual({ visits: 7 });
    expect(copy.body.values.visits).toBe(7);
    expect(copy.body.actions).toEqual(expect.arrayContaining(['sign', 'save', 'submit']));
  });

  it('refuses a bad submission per field and writes nothing', async () => {
    const r = await hanfeng.post(A(childTaskId, hanfengCopy, '/submit'), {
      version: 0,
      values: { visits: 'seven', families: -1, kind: '海外', on: '2026-02-30', spend: [{ amount: 3 }], extra: 1 },
    });
    expect([r.status, r.body.code]).toEqual([400, 'SUBMISSION_INVALID']);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['values.extra', 'values.families', 'values.kind', 'values.on', 'values.spend.0.item', 'values.visits'].sort(),
    );
    const rule = await hanfeng.post(A(childTaskId, hanfengCopy, '/submit'), {
      version: 0,
      values: { visits: 7, families: 2, girls: 3 },
    });
    expect([rule.body.field, rule.body.errors[0].message['zh-CN']]).toEqual(['values.girls', '不能多于帮扶家庭']);
    const after = await hanfeng.get(A(childTaskId, hanfengCopy));
    expect([after.body.state, after.body.version]).toEqual(['pending', 0]);
  });

  it('the town submits; the district returns it with a reason, then approves, which locks it', async () => {
    const values = {
      visits: 7,
      families: 14,
      girls: 3,
      kind: '城市',
      on: '2026-11-20',
      spend: [
        { item: '慰问金', amount: 1200.5 },
        { item: '物资', amount: 300 },
      ],
    };
    const sub = await hanfeng.post(A(childTaskId, hanfengCopy, '/submit'), { version: 0, values });
    expect(sub.status).toBe(200);
    expect(sub.body.values).toMatchObject({ per_visit: 2, spend_total: 1500.5 });
    expect((await hanfeng.post(A(childTaskId, hanfengCopy, '/approve'), {})).status).toBe(403);
    expect((await kaizhou.post(A(childTaskId, hanfengCopy, '/return'), {})).body.field).toBe('reason');
    const ret = await kaizhou.post(A(childTaskId, hanfengCopy, '/return'), { reason: '帮扶家庭数请与台账核对' });
    expect([ret.body.state, ret.body.returnReason]).toEqual(['returned', '帮扶家庭数请与台账核对']);
    const again = await hanfeng.post(A(childTaskId, hanfengCopy, '/submit'), {
      version: ret.body.version,
      values: { ...values, families: 12 },
    });
    expect(again.body.state).toBe('submitted');
    expect((await kaizhou.post(A(childTaskId, hanfengCopy, '/approve'), {})).body.state).toBe('approved');
    const locked = await hanfeng.request('PUT', A(childTaskId, hanfengCopy, '/values'), { version: 4, values });
    expect([locked.status, locked.body.code]).toEqual([409, 'SUBMISSION_LOCKED']);
    expect((await hanfeng.post(A(childTaskId, hanfengCopy, '/submit'), { version: 4, values })).body.code).toBe(
      'SUBMISSION_LOCKED',
    );
    const history = (await hanfeng.get(A(childTaskId, hanfengCopy, '/history'))).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(history).toEqual(['submit', 'return', 'submit', 'approve']);
  });

  it("the district's own copy starts from the sum of its towns; the city sees the aggregate and exports it", async () => {
    const own = await kaizhou.get(A(taskId, kaizhouCopy));
    expect(own.body.forward).toMatchObject({ taskId: childTaskId, submitted: 1, total: 2 });
    expect(own.body.values).toMatchObject({ families: 12, spend_total: 1500.5 });
    const sub = await kaizhou.post(A(taskId, kaizhouCopy, '/submit'), {
      version: own.body.version,
      values: { ...own.body.values, per_visit: undefined, spend_total: undefined },
    });
    expect(sub.body.state).toBe('submitted');
    const board = (await city.get(`/api/v1/tasks/${taskId}/board`)).body;
    expect(board.counts).toMatchObject({ total: 2, submitted: 1, pending: 1, overdue: 0 });
    expect(board.rows.find((r: { assignmentId: number }) => r.assignmentId === kaizhouCopy).forwardedTaskId).toBe(
      childTaskId,
    );
    const agg = (await city.get(`/api/v1/tasks/${taskId}/aggregate`)).body;
    expect(agg.total, JSON.stringify(agg)).toBeDefined();
    expect(agg.total).toMatchObject({ submitted: 1, total: 2 });
    expect(agg.total.values).toMatchObject({ families: 12, 'spend.amount': 1500.5 });
    const x = await raw(city, `/api/v1/tasks/${taskId}/aggregate.xlsx`);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).getCell(2).value).toBe('地区');
    expect(wb.worksheets[0]!.getRow(wb.worksheets[0]!.rowCount).getCell(4).value).toBe(2);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(
      (await raw(city, `/api/v1/tasks/${taskId}/submissions.xlsx`)).rawPayload as unknown as ArrayBuffer,
    );
    expect(wb2.worksheets.map((w) => w.name)).toEqual(['填报明细', '资金']);
    expect(wb2.worksheets[0]!.getRow(2).getCell(2).value).toBe('开州区妇联');
    // 报送时间 on the federation's clock (UTC+8), in the one format of every time shown
    const beijing = new Date(Date.parse(sub.body.submittedAt) + 8 * 3_600_000).toISOString().slice(0, 16);
    expect(wb2.worksheets[0]!.getRow(2).getCell(4).value).toBe(beijing.replace('T', ' '));
  });

  it('reminds automatically on a working day before the deadline (once a day), and on one click', async () => {
    expect(await t.platform.modules.tasks.remindNow()).toEqual({ tasks: 2, reminded: 2 }); // 万州, 文峰街道
    expect((await t.platform.modules.tasks.remindNow()).reminded).toBe(0);
    expect((await city.post(`/api/v1/tasks/${taskId}/remind`)).body.reminded).toBe(1);
    expect((await wanzhou.get('/api/v1/notifications')).body.items[0].title['zh-CN']).toContain('催办');
  });
});

describe('periodic reports and attachments', () => {
  it('a yearly form takes a period of its kind; corrections after approval are kept', async () => {
    const { code: template, ...tpl } = PLAN_MONITORING_TEMPLATE;
    const f = await city.post('/api/v1/tasks/forms', { ...tpl, orgId: ids['50'], template });
    expect(f.status).toBe(201);
    const base = {
      orgId: ids['50'],
      kind: 'task',
      title: '2026年度规划监测',
      deadline: DEADLINE,
      formId: f.body.id,
      targets: { by: 'list', orgIds: [ids['500154']] },
    };
    expect((await city.post('/api/v1/tasks', { ...base, period: '2026Q1' })).body.field).toBe('period');
    expect(
      (await city.post('/api/v1/tasks', { ...base, targets: { by: 'list', orgIds: [ids['50']] }, period: '2026' })).body
        .field,
    ).toBe('targets.orgIds.0');
    const task = (await city.post('/api/v1/tasks', { ...base, period: '2026' })).body;
    expect([task.periodFrom, task.periodTo]).toEqual(['2026-01-01', '2026-12-31']);
    const copy = (await kaizhou.get('/api/v1/tasks')).body.items.find(
      (i: { taskId: number }) => i.taskId === task.id,
    ).assignmentId;
    const values = {
      employed_total: 100,
      employed_women: 46,
      maternal_mortality: 8.5,
      cervical_screening: 72,
      village_committee_women: 31,
      resident_committee_women: 52,
      infant_mortality: 3.1,
      under5_mortality: 2.5,
      preschool_enrolment: 91,
      compulsory_retention: 97,
      childrens_home_coverage: 92,
    };
    const cross = await kaizhou.post(A(task.id, copy, '/submit'), { version: 0, values });
    expect(cross.body.field).toBe('values.under5_mortality');
    const ok = await kaizhou.post(A(task.id, copy, '/submit'), {
      version: 0,
      values: { ...values, under5_mortality: 4.2 },
    });
    expect(ok.body.values.women_employment_share).toBe(46);
    await city.post(A(task.id, copy, '/approve'), {});
    const reopened = await city.post(A(task.id, copy, '/reopen'), { reason: '孕产妇死亡率以卫健委终审数为准' });
    expect(reopened.body.state).toBe('returned');
    await kaizhou.post(A(task.id, copy, '/submit'), {
      version: reopened.body.version,
      values: { ...values, under5_mortality: 4.2, maternal_mortality: 9 },
    });
    const periods = (await kaizhou.get(`/api/v1/tasks/forms/${f.body.id}/periods`)).body.items;
    expect(periods[0]).toMatchObject({ period: '2026', state: 'submitted', corrections: 1 });
  });

  it('receivers read the attachments of a task sent to them', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const up = await t.platform.http.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/attachments?name=${encodeURIComponent('通知.pdf')}`,
      payload: pdf,
      headers: {
        'content-type': 'application/pdf',
        cookie: cookie(city),
        'x-csrf-token': city.cookies.get('jinguo_csrf') ?? '',
      },
    });
    expect(up.statusCode).toBe(201);
    const fileId = JSON.parse(up.body).attachments[0].id;
    const got = await kaizhou.get(`/api/v1/tasks/${taskId}/attachments/${fileId}`);
    expect(got.status).toBe(200);
    expect((await wanzhou.get(`/api/v1/tasks/${childTaskId}/attachments/${fileId}`)).status).toBe(404);
  });
});

describe('another subtree', () => {
  it('is 404 on every endpoint of a task, a copy and a form it has no part in', async () => {
    const T = `/api/v1/tasks/${childTaskId}`;
    const gets = [
      T,
      `${T}/board`,
      `${T}/aggregate`,
      `${T}/aggregate.xlsx`,
      `${T}/submissions.xlsx`,
      A(childTaskId, hanfengCopy),
      A(childTaskId, hanfengCopy, '/history'),
      `${T}/attachments/1`,
    ];
    for (const url of gets) expect((await wanzhou.get(url)).status, url).toBe(404);
    const posts: [string, unknown][] = [
      [`${T}/remind`, undefined],
      [A(childTaskId, hanfengCopy, '/sign'), undefined],
      [A(childTaskId, hanfengCopy, '/submit'), { version: 0, values: {} }],
      [A(childTaskId, hanfengCopy, '/return'), { reason: '不在范围' }],
      [A(childTaskId, hanfengCopy, '/approve'), {}],
      [A(childTaskId, hanfengCopy, '/reopen'), { reason: '不在范围' }],
      [A(childTaskId, hanfengCopy, '/remind'), undefined],
      [A(childTaskId, hanfengCopy, '/forward'), { deadline: DEADLINE, targets: { by: 'level', levels: ['village'] } }],
      [
        '/api/v1/tasks',
        {
          orgId: ids['500154'],
          kind: 'notice',
          title: '越权下发',
          deadline: DEADLINE,
          targets: { by: 'level', levels: ['town'] },
        },
      ],
    ];
    for (const [url, body] of posts) expect((await wanzhou.post(url, body)).status, url).toBe(404);
    expect(
      (await wanzhou.request('PUT', A(childTaskId, hanfengCopy, '/values'), { version: 0, values: {} })).status,
    ).toBe(404);
    const kzForm = (await kaizhou.post('/api/v1/tasks/forms', form({ orgId: ids['500154'] }))).body.id;
    expect((await wanzhou.get(`/api/v1/tasks/forms/${kzForm}`)).status).toBe(404);
    expect((await wanzhou.get(`/api/v1/tasks/forms/${kzForm}/periods`)).status).toBe(404);
    expect((await wanzhou.request('PUT', `/api/v1/tasks/forms/${kzForm}`, form({ orgId: ids['500154'] }))).status).toBe(
      404,
    );
    expect((await wanzhou.post('/api/v1/tasks/forms', form({ orgId: ids['500154'] }))).status).toBe(404);
    // the lists: another district's forms and tasks are simply absent
    expect((await wanzhou.get('/api/v1/tasks/forms')).body.items.map((f: { id: number }) => f.id)).not.toContain(
      kzForm,
    );
    const sentIds = (await wanzhou.get('/api/v1/tasks?box=sent')).body.items.map((i: { taskId: number }) => i.taskId);
    const inboxIds = (await wanzhou.get('/api/v1/tasks?box=inbox')).body.items.map((i: { taskId: number }) => i.taskId);
    expect([...sentIds, ...inboxIds]).not.toContain(childTaskId);
    for (const url of [
      T,
      '/api/v1/tasks',
      '/api/v1/tasks/metrics',
      '/api/v1/tasks/forms',
      '/api/v1/tasks/forms/templates',
    ])
      expect((await t.anonymous().get(url)).status, url).toBe(401);
  });
});
