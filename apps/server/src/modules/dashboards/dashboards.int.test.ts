import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionTree, org, person, signedIn } from '../../../test/factories.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { EXTENSIONS } from '../../platform.js';
import { runAsSystem, systemActor } from '../../platform/scope.js';
import { rebuildCounters } from '../../platform/stats/index.js';
import { chinaToday } from '../../platform/time.js';
import { orgLoading } from '../organizations/index.js';

// The cockpit on a bare platform: a city of three districts, then the 2025 merger of two of them into 两江新区.
let t: TestPlatform;
let city: Client, kaizhou: Client, member: Client;
let ids: Record<string, number>;
let LIANGJIANG: number;
let personId: number;
const today = chinaToday();
const year = today.slice(0, 4);
const yearStart = `${year}-01-01`;

const get = (c: Client, path: string, q: Record<string, string | number>) =>
  c.get(`/api/v1/dashboards/${path}?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`);
/** A binary download with the client's session (the harness client decodes bodies as text). */
const raw = (c: Client, path: string, q: Record<string, string>) =>
  t.platform.http.inject({
    method: 'GET',
    url: `/api/v1/dashboards/${path}?${new URLSearchParams(q)}`,
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
const cockpit = (c: Client, q: Record<string, string | number>) =>
  get(c, 'cockpit', { from: yearStart, to: today, ...q });
const valueOf = (
  body: { rows: { org: { id: number }; values: Record<string, number> }[] },
  orgId: number,
  code: string,
) => body.rows.find((r) => r.org.id === orgId)?.values[code];

/** 两江新区 from 江北区 and 渝北区 on 2025-11-06, through the reorganization steps a cadre would take. */
async function mergeIntoLiangjiang() {
  const FACTORY = systemActor('test');
  return runAsSystem(t.platform.handle, FACTORY, async (s) => {
    const deps = { crypto: t.platform.crypto, today: () => '2025-11-06' };
    const [cq, jb, yb] = await Promise.all(
      [ids['50']!, ids['500105']!, ids['500112']!].map((i) => orgLoading.findOrg(s, i)),
    );
    const c = await orgLoading.beginReorganization(
      s,
      deps,
      'merge',
      { effectiveDate: '2025-11-06', reason: '区划调整' },
      '设立两江新区',
      [cq!, jb!, yb!],
    );
    const lj = await orgLoading.createOrgAt(
      c,
      cq!,
      { name: '两江新区妇联', code: 'LJXQ', type: 'district_federation' },
      '2025-11-06',
    );
    await orgLoading.mergeOrg(
      c,
      (await orgLoading.findOrg(s, jb!.id))!,
      (await orgLoading.findOrg(s, lj.id))!,
      '2025-11-06',
      '区划调整',
    );
    await orgLoading.mergeOrg(
      c,
      (await orgLoading.findOrg(s, yb!.id))!,
      (await orgLoading.findOrg(s, lj.id))!,
      '2025-11-06',
      '区划调整',
    );
    return lj.id;
  });
}

const visit = (orgId: number, visitedOn: string) =>
  kaizhou.post('/api/v1/visits', {
    orgId,
    kind: 'other',
    visitedOn,
    place: '院坝',
    personIds: [personId],
    situation: '了解家庭情况',
  });

beforeAll(async () => {
  t = await startTestPlatform({ demo: false });
  ids = await divisionTree(t, [
    ['province', '50', '', '重庆市'],
    ['district', '500105', '50', '江北区'],
    ['district', '500112', '50', '渝北区'],
    ['district', '500154', '50', '开州区'],
    ['town', '500105001', '500105', '华新街街道'],
    ['town', '500112001', '500112', '双龙湖街道'],
    ['town', '500154001', '500154', '汉丰街道'],
    ['village', '500105001001', '500105001', '华新村'],
    ['village', '500154001001', '500154001', '驷马社区'],
    ['village', '500154001002', '500154001', '南河社区'],
  ]);
  await org(t, ids['500154001001']!, { name: '驷马社区第一妇女小组', code: 'SM-G1', type: 'womens_group' });
  LIANGJIANG = await mergeIntoLiangjiang();
  city = await signedIn(t, { username: 'cq.cadre', orgId: ids['50']!, roles: ['cadre'] });
  kaizhou = await signedIn(t, { username: 'kz.cadre', orgId: ids['500154']!, roles: ['cadre'] });
  member = await signedIn(t, { username: 'kz.member', orgId: ids['500154']!, roles: ['executive_member'] });
  personId = await person(kaizhou, { orgId: ids['500154001001']!, name: '谭秀英' });
});
afterAll(() => t?.close());

describe('the indicator catalogue', () => {
  it('names every figure with its definition, unit, source module and formula, ratios included', async () => {
    const r = await member.get('/api/v1/dashboards/indicators');
    expect(r.status).toBe(200);
    const by = new Map(r.body.items.map((i: { code: string }) => [i.code, i]));
    expect(by.get('demands.timely_sign_rate')).toMatchObject({
      module: 'demands',
      unit: 'percent',
      kind: 'ratio',
      formula: '(demands.signed_on_time) ÷ (demands.signed)',
      name: { 'zh-CN': '及时签收率' },
    });
    expect(by.get('demands.satisfaction_rate')).toMatchObject({ name: { 'zh-CN': '回访满意率' } });
    expect(by.get('demands.on_time_rate')).toMatchObject({ name: { 'zh-CN': '按时办结率' } });
    expect(by.get('organizations.type.womens_group')).toMatchObject({ module: 'organizations', kind: 'stock' });
    expect(by.get('cases.type.domestic_violence')).toMatchObject({ module: 'cases', permission: 'case.figures' });
    expect(by.get('volunteers.hours')).toMatchObject({
      module: 'volunteers',
      unit: 'hours',
      kind: 'sum',
      formula: 'Σ volunteers.minutes ÷ 60',
      name: { 'zh-CN': '志愿服务时长' },
    });
    expect(by.get('care.disbursed')).toMatchObject({
      module: 'care-programs',
      unit: 'yuan',
      formula: 'Σ care.disbursed_fen ÷ 100',
    });
    for (const code of [
      'visits.done',
      'cases.mediations',
      'cases.risk.high',
      'cases.outcome.mediated',
      'people.model_families',
      'organizations.space_coverage',
      'volunteers.teams',
      'volunteers.talk_teams',
      'volunteers.joined',
      'volunteers.services',
      'care.applications',
      'care.beneficiaries',
      'care.parcels',
    ])
      expect(by.has(code), code).toBe(true);
    for (const i of r.body.items) {
      expect(i.name['zh-CN'] && i.name['en-US'] && i.definition['zh-CN'] && i.definition['en-US'], i.code).toBeTruthy();
      expect(i.formula, i.code).not.toBe('');
    }
  });
});

describe('the cockpit', () => {
  // Live (issue 13 item 6): the counters change in the write's own transaction, so the very next read shows it — no job
  // or refresh in between. How long that takes is measured by the bench (cockpit_freshness), not timed here.
  it('shows a write on the very next read, in the row of its district and in the total', async () => {
    const before = await cockpit(city, { indicators: 'visits.done,demands.received' });
    expect(before.status).toBe(200);
    expect(
      before.body.rows.map((r: { org: { name: string; childCount: number } }) => [r.org.name, r.org.childCount]),
    ).toEqual([
      ['开州区妇联', 1],
      ['两江新区妇联', 2],
    ]);
    expect((await visit(ids['500154001001']!, today)).status).toBe(201);
    const after = await cockpit(city, { indicators: 'visits.done,demands.received' });
    expect(valueOf(after.body, ids['500154']!, 'visits.done')).toBe(
      valueOf(before.body, ids['500154']!, 'visits.done')! + 1,
    );
    expect(after.body.total.values['visits.done']).toBe(before.body.total.values['visits.done'] + 1);
  });

  it('counts states at the end of the period (organizations by type) and compares with a year before', async () => {
    const r = await cockpit(kaizhou, {
      indicators: 'organizations.type.village_federation,organizations.type.womens_group,visits.done',
    });
    expect(r.body.total.values).toMatchObject({
      'organizations.type.village_federation': 2,
      'organizations.type.womens_group': 1,
    });
    expect(r.body.previousFrom).toBe(`${Number(year) - 1}-01-01`);
    // the group was created on 2024-03-08: a period ending before it has none
    const early = await get(kaizhou, 'cockpit', {
      from: '2024-01-01',
      to: '2024-03-01',
      indicators: 'organizations.type.womens_group',
    });
    expect(early.body.total.values['organizations.type.womens_group']).toBe(0);
    // a family honoured this year counts in the years the period spans, at its village's district and the city
    const family = await kaizhou.post('/api/v1/families', { orgId: ids['500154001001'], name: '谭秀英家' });
    expect(family.status).toBe(201);
    const honour = { honour: 'most_beautiful_family', level: 'district', year: Number(year) };
    expect((await kaizhou.post(`/api/v1/families/${family.body.id}/honours`, honour)).status).toBe(200);
    const families = await get(city, 'cockpit', { from: yearStart, to: today, indicators: 'people.model_families' });
    expect(families.body.total.values['people.model_families']).toBe(1);
    expect(valueOf(families.body, ids['500154']!, 'people.model_families')).toBe(1);
    expect(families.body.total.previous['people.model_families']).toBe(0);
    // the merger of 2025-11-06 in the stock of district federations: three before it, two (开州, 两江新区) after
    const districts = (to: string) =>
      get(city, 'cockpit', { from: '2024-01-01', to, indicators: 'organizations.type.district_federation' });
    expect((await districts('2025-11-05')).body.total.values['organizations.type.district_federation']).toBe(3);
    expect((await districts(today)).body.total.values['organizations.type.district_federation']).toBe(2);
  });

  it('groups a past period by the structure of then: 江北 and 渝北 before the merger, 两江新区 today', async () => {
    expect((await visit(ids['500154001001']!, '2025-06-10')).status).toBe(201);
    // a village of old 江北 (today under 两江新区): recorded by the city, dated before the merger
    const jb = await city.post('/api/v1/visits', {
      orgId: ids['500105001001'],
      orgIds: [ids['500105001001']],
      kind: 'other',
      visitedOn: '2025-06-12',
      place: '院坝',
      personIds: [],
      situation: '入户了解',
    });
    expect(jb.status, JSON.stringify(jb.body)).toBe(201);
    const q = { from: '2025-06-01', to: '2025-06-30', indicators: 'visits.done' };
    const now = await get(city, 'cockpit', q);
    expect(valueOf(now.body, LIANGJIANG, 'visits.done')).toBe(1);
    const then = await get(city, 'cockpit', { ...q, structure: 'period' });
    expect(then.status).toBe(200);
    expect(then.body.rows.map((r: { org: { name: string; active: boolean } }) => [r.org.name, r.org.active])).toEqual([
      ['江北区妇联', false],
      ['渝北区妇联', false],
      ['开州区妇联', true],
    ]);
    expect(valueOf(then.body, ids['500105']!, 'visits.done')).toBe(1);
    expect(valueOf(then.body, ids['500112']!, 'visits.done')).toBe(0);
    expect(valueOf(then.body, ids['500154']!, 'visits.done')).toBe(1);
    expect(then.body.total.values['visits.done']).toBe(2);
  });

  it('gives trends by month with the same month a year before', async () => {
    const r = await get(kaizhou, 'trend', { from: '2025-01-01', to: today, indicators: 'visits.done' });
    expect(r.status).toBe(200);
    const k = r.body.months.indexOf('2025-06');
    expect(r.body.series[0].values[k]).toBe(1);
    expect(r.body.series[0].previous[r.body.months.indexOf('2026-06')]).toBe(1); // a year after the visit
  });

  it('recomputes any past period from the records exactly: the live counters equal a rebuild from the sources', async () => {
    const village = ids['500154001001']!;
    const d = await kaizhou.post('/api/v1/demands', {
      orgId: village,
      source: 'hotline_12338',
      category: 'legal_advice',
      urgency: 'ordinary',
      title: '咨询',
      description: '来电咨询',
    });
    expect(d.status).toBe(201);
    const c = await kaizhou.post('/api/v1/cases', {
      orgId: village,
      channel: 'walk_in',
      caseType: 'domestic_violence',
      narrative: '来访求助：丈夫酒后动手',
      parties: [{ role: 'victim', personId }],
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const counters = () =>
      t.sql<{ node_id: number; metric: string; grain: string; day: string; value: number }>(
        `select node_id::int, metric, grain, day::text, value::int from stat_counters order by node_id, metric, grain, day`,
      );
    const live = await counters();
    expect(live.some((r) => r.metric === 'cases.type.domestic_violence')).toBe(true);
    const shown = await cockpit(city, {});
    await rebuildCounters(t.platform.handle, EXTENSIONS.statistics);
    expect(await counters()).toEqual(live);
    const recounted = await cockpit(city, {});
    expect(recounted.body.rows).toEqual(shown.body.rows);
    expect(recounted.body.total.values['cases.type.domestic_violence']).toBe(1);
  });

  it('exports the view to Excel and to a PDF whose Chinese text is embedded with its font', async () => {
    const q = { from: yearStart, to: today, indicators: 'visits.done,demands.timely_sign_rate' };
    const x = await raw(kaizhou, 'cockpit.xlsx', q);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const figures = wb.worksheets[0]!;
    expect(figures.getRow(3).getCell(2).value).toBe('走访户数');
    expect(figures.getRow(5).getCell(1).value).toBe('汉丰街道妇联');
    const p = await raw(kaizhou, 'cockpit.pdf', q);
    expect(p.statusCode).toBe(200);
    const pdf = p.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const streams = inflated(pdf);
    // the ToUnicode map of the embedded subset maps glyphs back to 开 (U+5F00) and 州 (U+5DDE): copyable, searchable
    expect(streams).toMatch(/<5f00>/i);
    expect(streams).toMatch(/<5dde>/i);
    expect(pdf.toString('latin1')).toContain('/FontFile2');
  });
});

describe('access and bad input', () => {
  it('another subtree is 404; bad periods, orgs and indicators are 400 naming the field; no stats.read is 403', async () => {
    for (const path of ['cockpit', 'trend', 'cockpit.xlsx', 'cockpit.pdf']) {
      const r = await get(kaizhou, path, { orgId: LIANGJIANG, from: yearStart, to: today });
      expect(r.status, path).toBe(404);
      expect(r.body.code).toBe('ORG_NOT_FOUND');
    }
    const bad: [Record<string, string | number>, string][] = [
      [{ from: '2026-13-01' }, 'from'],
      [{ to: `${Number(year) - 1}-01-01` }, 'to'],
      [{ from: '2001-01-01' }, 'from'],
      [{ orgId: 'abc' }, 'orgId'],
      [{ indicators: 'visits.done,nope.nothing' }, 'indicators'],
      [{ structure: 'tomorrow' }, 'structure'],
    ];
    for (const [q, field] of bad) {
      const r = await cockpit(kaizhou, q);
      expect(r.status, JSON.stringify(q)).toBe(400);
      expect(JSON.stringify(r.body), JSON.stringify(q)).toContain(field);
    }
    expect((await cockpit(member, {})).status).toBe(403);
  });
});

/** Every deflated stream of a PDF, inflated and joined (pdfkit compresses its content and font maps). */
function inflated(pdf: Buffer): string {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const s = pdf.indexOf('stream\n', at);
    if (s < 0) break;
    const e = pdf.indexOf('\nendstream', s);
    try {
      out.push(inflateSync(pdf.subarray(s + 7, e)).toString('latin1'));
    } catch {
      // not deflated (an embedded font): skipped
    }
    at = e + 10;
  }
  return out.join('\n');
}

describe('spaces and the villages they cover (stock counters, migration 0051)', () => {
  it('follow opening, editing, removing, a merger and a dissolution: the cockpit shows what a rebuild gives', async () => {
    const [town, simaId, nanheId] = [ids['500154001']!, ids['500154001001']!, ids['500154001002']!];
    const metrics = EXTENSIONS.statistics.find((src) => src.name === 'organizations')!.metrics;
    const counters = () =>
      t.sql<{ node_id: number; metric: string; grain: string; day: string; value: number }>(
        `select node_id::int, metric, grain, day::text, value::int from stat_counters where metric = any($1)
         order by node_id, metric, grain, day`,
        [metrics],
      );
    /** Live counters equal a rebuild from the records; the cockpit's figures of the town at `to`. */
    const figures = async (to: string) => {
      const live = await counters();
      await rebuildCounters(t.platform.handle, EXTENSIONS.statistics, ['organizations']);
      expect(await counters()).toEqual(live);
      const r = await get(kaizhou, 'cockpit', {
        orgId: town,
        from: '2024-01-01',
        to,
        indicators: 'organizations.spaces,organizations.space_coverage',
      });
      expect(r.status).toBe(200);
      const v = r.body.total.values;
      return [v['organizations.spaces'], v['organizations.space_coverage']];
    };
    const space = async (orgId: number, type: string, openedOn: string | null) => {
      const r = await kaizhou.post(`/api/v1/organizations/${orgId}/spaces`, { type, name: `测试${type}`, openedOn });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as number;
    };
    expect(await figures(today)).toEqual([0, 0]);
    // 驷马: a women's home since 2024-05-01; 南河: a parents' school since 2025-03-01 and a women's home without a date
    const home = await space(simaId, 'womens_home', '2024-05-01');
    const school = await space(nanheId, 'parents_school', '2025-03-01');
    await space(nanheId, 'womens_home', null);
    expect(await figures('2024-04-30')).toEqual([0, 0]);
    expect(await figures('2024-12-31')).toEqual([1, 0.5]);
    expect(await figures(today)).toEqual([3, 1]);
    // the school re-dated to 2026-01-01 (and so 南河 covered only from then, its undated home being today's)
    expect((await kaizhou.patch(`/api/v1/spaces/${school}`, { openedOn: '2026-01-01' })).status).toBe(200);
    expect(await figures('2025-12-31')).toEqual([1, 0.5]);
    expect(await figures('2026-01-01')).toEqual([2, 1]);
    // 驷马's home removed: 驷马 no longer covered, on any day
    expect((await kaizhou.delete(`/api/v1/spaces/${home}`)).status).toBe(204);
    expect(await figures('2024-12-31')).toEqual([0, 0]);
    expect(await figures(today)).toEqual([2, 0.5]);
    // 南河 merged into 驷马 today: its spaces are 驷马's now, and one village is left, covered from 2026-01-01
    const merged = await city.post(`/api/v1/organizations/${nanheId}/merge`, {
      effectiveDate: today,
      reason: '测试：村社合并',
      targetId: simaId,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(await figures(today)).toEqual([2, 1]);
    expect(await figures('2026-01-01')).toEqual([1, 0.5]);
    // 驷马 dissolved today (its women's group first): no village left, so no share; its spaces still counted
    for (const id of [await t.org('SM-G1'), simaId]) {
      const dissolved = await city.post(`/api/v1/organizations/${id}/dissolve`, {
        effectiveDate: today,
        reason: '测试：撤销',
      });
      expect(dissolved.status, JSON.stringify(dissolved.body)).toBe(200);
    }
    expect(await figures(today)).toEqual([2, null]);
  });
});
