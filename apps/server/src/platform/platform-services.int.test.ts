// The platform services modules build on: working-day calendar, notifications (inbox, SMS outbox), live counters,
// uploaded files. Against PGlite and PostgreSQL, through HTTP where there is a route and directly otherwise.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../test/harness.js';
import { queryRows } from './db/client.js';
import { deliverPending, notify, registerContactResolver } from './notifications/index.js';
import { runAsSystem, runScoped, systemActor } from './scope.js';
import { bumpCounters, byOrg, countTargetsSql, readCounters, rebuildCounters, type StatSource } from './stats/index.js';

/** A counter source of the test's own: persons per org and day. */
const testPeople: StatSource = {
  name: 'test-people',
  metrics: ['test.persons'],
  rebuild: sql`select org_path, created_at::date as day, 'test.persons'::text as metric, count(*)::bigint as value from persons group by 1, 2`,
};
const allSources = () => [...t.platform.extensions.statistics, testPeople];

let t: TestPlatform;
let admin: Client;
let cadre: Client;
let villageA: Client;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  admin = await t.login('admin');
  cadre = await t.login('city.cadre');
  villageA = await t.login('village.a');
  for (const code of ['50', '500154', '500154001', '500154001001', '500154001002']) ids[code] = await t.org(code);
});
afterAll(() => t?.close());

// the seven statutory holidays, one day each (a schedule lacking one is refused)
const schedule2027 = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-06', name: '春节' },
    { date: '2027-04-05', name: '清明节' },
    { date: '2027-05-01', name: '劳动节' },
    { date: '2027-06-09', name: '端午节' },
    { date: '2027-09-15', name: '中秋节' },
    { date: '2027-10-01', name: '国庆节' },
    { date: '2027-10-04', name: '国庆节' },
  ],
  workdays: [{ date: '2027-09-26', name: '国庆节补班' }],
};

describe('working-day calendar', () => {
  it('shows the shipped years to any signed-in user and knows the National Day week', async () => {
    const r = await villageA.get('/api/v1/calendar');
    expect(r.status).toBe(200);
    expect(r.body.years.map((y: { year: number }) => y.year)).toEqual(expect.arrayContaining([2024, 2025, 2026]));
    expect(r.body.years.find((y: { year: number }) => y.year === 2026).origin).toBe('file');
    // 2026-11-26 is before December's run-up: no warning yet; a day in December without 2027 warns.
    expect(r.body.warning).toBeNull();
    const days = await villageA.get('/api/v1/calendar/days?from=2026-10-06&to=2026-10-10');
    expect(days.body.items.map((d: { workday: boolean }) => d.workday)).toEqual([false, false, true, true, true]);
    expect(days.body.items[4].name).toBe('国庆节补班');
    expect((await t.anonymous().get('/api/v1/calendar')).status).toBe(401);
  });

  it("lets only the system admin load next year's schedule, checks it, audits it, and uses it at once", async () => {
    expect((await cadre.request('PUT', '/api/v1/calendar/years/2027', schedule2027)).status).toBe(403);
    const weekdayWorkday = await admin.request('PUT', '/api/v1/calendar/years/2027', {
      ...schedule2027,
      workdays: [{ date: '2027-09-28', name: '补班' }],
    });
    expect(weekdayWorkday.status).toBe(400);
    expect(weekdayWorkday.body.field).toBe('workdays.0.date');
    expect(weekdayWorkday.body.message['zh-CN']).toContain('不是周末');
    const wrongYear = await admin.request('PUT', '/api/v1/calendar/years/2028', schedule2027);
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.field).toBe('year');
    expect(t.platform.calendar.coversYear(2027)).toBe(false);

    const ok = await admin.request('PUT', '/api/v1/calendar/years/2027', schedule2027);
    expect(ok.status).toBe(200);
    expect(ok.body.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({
      origin: 'database',
      loadedBy: 'admin',
      holidays: 8,
    });
    expect(t.platform.calendar.isWorkday('2027-10-01')).toBe(false);
    expect(t.platform.calendar.isWorkday('2027-09-26')).toBe(true); // a Sunday made a workday
    const events = await t.sql<{ action: string; target_id: string }>(
      "select action, target_id from audit_events where action = 'calendar.load'",
    );
    expect(events).toEqual([{ action: 'calendar.load', target_id: '2027' }]);
  });
});

describe('notifications', () => {
  it('reach the users of an org holding a role, each in her own inbox only', async () => {
    const town = ids['500154001']!;
    const hanfeng = await t.login('hanfeng.cadre');
    await hanfeng.post('/api/v1/notifications/read-all'); // the demo's own notices (new demands, escalations) are not this test's
    const n = await runAsSystem(t.platform.handle, systemActor('test'), (s) =>
      notify(s.tx, {
        kind: 'test.order',
        recipients: [{ org: town, roles: ['cadre'] }],
        title: { 'zh-CN': '新的服务订单', 'en-US': 'New service order' },
        link: '/demands/1',
        target: { type: 'demand', id: 1 },
      }),
    );
    expect(n).toBe(1); // hanfeng.cadre is the town's only cadre
    const inbox = await hanfeng.get('/api/v1/notifications');
    expect(inbox.body.items[0]).toMatchObject({
      kind: 'test.order',
      title: { 'zh-CN': '新的服务订单' },
      link: '/demands/1',
      readAt: null,
    });
    expect((await hanfeng.get('/api/v1/notifications/unread-count')).body.unread).toBe(1);
    // Nobody else sees it, or can mark it.
    expect(
      (await villageA.get('/api/v1/notifications')).body.items.some((i: { kind: string }) => i.kind === 'test.order'),
    ).toBe(false);
    expect((await villageA.post(`/api/v1/notifications/${inbox.body.items[0].id}/read`)).status).toBe(404);
    const read = await hanfeng.post(`/api/v1/notifications/${inbox.body.items[0].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await hanfeng.get('/api/v1/notifications/unread-count')).body.unread).toBe(0);
  });

  it('are written in the caller’s transaction: a rolled-back change notifies nobody', async () => {
    const before = Number((await t.sql<{ n: number }>('select count(*)::int as n from notifications'))[0]!.n);
    const actor = await t.actor('village.a');
    await expect(
      runScoped(t.platform.handle, actor, async (s) => {
        await notify(s.tx, {
          kind: 'test.rollback',
          recipients: [{ org: ids['500154001']!, roles: ['cadre'] }],
          title: { 'zh-CN': '不会送达', 'en-US': 'never sent' },
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(Number((await t.sql<{ n: number }>('select count(*)::int as n from notifications'))[0]!.n)).toBe(before);
  });

  it('row-level security lets a user read only her own notices even without the app predicate', async () => {
    const actor = await t.actor('village.a');
    await runScoped(t.platform.handle, actor, (s) =>
      notify(s.tx, {
        kind: 'test.rls',
        recipients: [{ org: ids['500154001']!, roles: ['cadre'] }, { user: actor.userId }],
        title: { 'zh-CN': '测试', 'en-US': 'test' },
      }),
    );
    const seen = await runScoped(t.platform.handle, actor, (s) =>
      queryRows<{ recipient_id: number }>(s.tx, sql`select recipient_id from notifications where kind = 'test.rls'`),
    );
    expect(seen.map((r) => Number(r.recipient_id))).toEqual([actor.userId]);
  });

  it('go out by SMS through the development channel, which only the system admin reads, in demo mode', async () => {
    // What the demo data left in the outbox (replies to its resident)
    await deliverPending(t.platform.handle, t.platform.sms);
    const residentPhones = new Map([[7001, '13800138000']]);
    registerContactResolver('resident', 'sms', async (_q, id) => residentPhones.get(id) ?? null);
    await runAsSystem(t.platform.handle, systemActor('test'), (s) =>
      notify(s.tx, {
        kind: 'test.reply',
        recipients: [{ resident: 7001 }, { resident: 7002 }],
        title: { 'zh-CN': '您的诉求已办结', 'en-US': 'Your request is closed' },
        channels: ['sms'],
      }),
    );
    const result = await deliverPending(t.platform.handle, t.platform.sms);
    expect(result).toEqual({ sent: 1, failed: 0, noAddress: 1 });
    await t.platform.sms.flush(); // the development channel records a message just after sending it
    const outbox = await admin.get('/api/v1/dev/outbox');
    expect(outbox.status).toBe(200);
    // the platform's own delivery job may have sent other messages meanwhile: look for this one, and only once
    const ours = outbox.body.items.filter((i: { purpose: string }) => i.purpose === 'test.reply');
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({
      channel: 'sms',
      to: '138****8000',
      purpose: 'test.reply',
      text: '【巾帼】您的诉求已办结',
    });
    expect((await cadre.get('/api/v1/dev/outbox')).status).toBe(403);
    // Reading one-time codes is a sensitive read.
    expect((await t.sql("select 1 from audit_events where action = 'dev.outbox.read'")).length).toBe(1);
    // A second pass sends nothing twice.
    expect(await deliverPending(t.platform.handle, t.platform.sms)).toEqual({ sent: 0, failed: 0, noAddress: 0 });
  });
});

describe('live counters', () => {
  it('count for the org and every ancestor in the writer’s transaction, and read by children within the scope', async () => {
    const villagePath = (
      await t.sql<{ path: string }>('select path::text as path from organizations where id = $1', [ids['500154001001']])
    )[0]!.path;
    const otherPath = (
      await t.sql<{ path: string }>('select path::text as path from organizations where id = $1', [ids['500154001002']])
    )[0]!.path;
    const villageActor = await t.actor('village.a');
    // A village user counts for her village — and for the town, district and city above her scope.
    await runScoped(t.platform.handle, villageActor, (s) =>
      bumpCounters(s.tx, { orgPath: villagePath, day: '2026-11-02', deltas: { 'test.received': 2, 'test.closed': 1 } }),
    );
    await runAsSystem(t.platform.handle, systemActor('test'), (s) =>
      bumpCounters(s.tx, { orgPath: otherPath, day: '2026-11-20', deltas: { 'test.received': 5 } }),
    );
    await runAsSystem(t.platform.handle, systemActor('test'), (s) =>
      bumpCounters(s.tx, { orgPath: otherPath, day: '2025-01-20', deltas: { 'test.received': 100 } }),
    );

    const town = ids['500154001']!;
    const kaizhou = await t.actor('kaizhou.cadre');
    const metrics = ['test.received', 'test.closed'];
    const period = { metrics, from: '2026-01-01', to: '2026-12-31' };
    const self = await runScoped(t.platform.handle, kaizhou, (s) =>
      readCounters(s, { orgId: town, by: 'self', ...period }),
    );
    expect(byOrg(self, metrics).get(town)).toEqual({ 'test.received': 7, 'test.closed': 1 });
    const children = byOrg(
      await runScoped(t.platform.handle, kaizhou, (s) => readCounters(s, { orgId: town, by: 'children', ...period })),
      metrics,
    );
    expect(children.get(ids['500154001001']!)).toEqual({ 'test.received': 2, 'test.closed': 1 });
    expect(children.get(ids['500154001002']!)).toEqual({ 'test.received': 5, 'test.closed': 0 });
    const city = byOrg(
      await runScoped(t.platform.handle, await t.actor('city.cadre'), (s) =>
        readCounters(s, { orgId: ids['50']!, by: 'self', ...period }),
      ),
      metrics,
    );
    expect(city.get(ids['50']!)?.['test.received']).toBe(7);
    // Any period: days at the edges, months, whole years (counted at each grain, read at the fewest buckets).
    const cityFor = async (from: string, to: string) =>
      byOrg(
        await runScoped(t.platform.handle, await t.actor('city.cadre'), (s) =>
          readCounters(s, { orgId: ids['50']!, by: 'self', metrics, from, to }),
        ),
        metrics,
      ).get(ids['50']!)?.['test.received'] ?? 0;
    expect(await cityFor('2026-11-01', '2026-11-10')).toBe(2);
    expect(await cityFor('2026-11-03', '2026-11-30')).toBe(5);
    expect(await cityFor('2024-12-15', '2026-11-19')).toBe(102);
    expect(await cityFor('2025-01-01', '2026-12-31')).toBe(107);

    // Outside the scope nothing is read, even with the org id in hand; inside, only the scope's nodes.
    expect(
      await runScoped(t.platform.handle, villageActor, (s) =>
        readCounters(s, { orgId: ids['50']!, by: 'self', ...period }),
      ),
    ).toEqual([]);
    expect(
      await runScoped(t.platform.handle, villageActor, (s) =>
        readCounters(s, { orgId: town, by: 'children', ...period }),
      ),
    ).toEqual(expect.not.arrayContaining([expect.objectContaining({ orgId: ids['500154001002'] })]));
    // Row-level security: the village user's transaction sees no counter row outside her village.
    const rows = await runScoped(t.platform.handle, villageActor, (s) =>
      queryRows<{ node_path: string }>(s.tx, sql`select node_path::text from stat_counters`),
    );
    expect(rows.every((r) => r.node_path === villagePath || r.node_path.startsWith(`${villagePath}.`))).toBe(true);
    // The request role cannot write counters directly, only through the function.
    await expect(
      runScoped(t.platform.handle, villageActor, (s) => s.tx.execute(sql`update stat_counters set value = 0`)),
    ).rejects.toThrow();
  });

  it('count indicators read the records under the targets’ deepest common path, not its parent', async () => {
    const pathOf = async (code: string) =>
      (await t.sql<{ path: string }>('select path::text as path from organizations where id = $1', [ids[code]]))[0]!
        .path;
    const rootOf = async (codes: string[]) => {
      const targets = await Promise.all(codes.map(async (c) => ({ id: ids[c]!, paths: [await pathOf(c)] })));
      const [row] = await runAsSystem(t.platform.handle, systemActor('test'), (s) =>
        queryRows<{ path: string }>(s.tx, sql`with ${countTargetsSql(targets)} select path::text as path from root`),
      );
      return row!.path;
    };
    // a town and its villages: the town (lca() alone gives the district, and the district's every record was read)
    expect(await rootOf(['500154001', '500154001001', '500154001002'])).toBe(await pathOf('500154001'));
    expect(await rootOf(['500154001001'])).toBe(await pathOf('500154001001'));
    expect(await rootOf(['500154001001', '500154001002'])).toBe(await pathOf('500154001'));
    expect(await rootOf(['50'])).toBe(await pathOf('50'));
  });

  it('are rebuilt from the records by a declared source', async () => {
    const report = await rebuildCounters(t.platform.handle, [testPeople], ['test-people']);
    expect(report[0]!.rows).toBeGreaterThan(0);
    const persons = Number((await t.sql<{ n: number }>('select count(*)::int as n from persons'))[0]!.n);
    const city = await runScoped(t.platform.handle, await t.actor('city.cadre'), (s) =>
      readCounters(s, {
        orgId: ids['50']!,
        by: 'self',
        metrics: ['test.persons'],
        from: '2000-01-01',
        to: '2100-01-01',
      }),
    );
    expect(city[0]?.value).toBe(persons);
  });
});

describe('uploaded files', () => {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c6360000002000105fe02fea70000000049454e44ae426082',
    'hex',
  );

  it('are checked by their bytes, size-limited, encrypted at rest and read back only through their owner', async () => {
    const actor = await t.actor('village.a');
    const path = actor.scope.path;
    const saved = await runScoped(t.platform.handle, actor, (s) =>
      t.platform.files.saveFile(s, {
        owner: { type: 'test', id: 1 },
        orgPath: path,
        name: '走访照片.png',
        bytes: png,
        accept: 'images',
      }),
    );
    expect(saved).toMatchObject({ name: '走访照片.png', mime: 'image/png', size: png.length });
    const stored = await t.sql<{ content: Buffer }>('select content from stored_files where id = $1', [saved.id]);
    expect(Buffer.from(stored[0]!.content).includes(png.subarray(8, 16))).toBe(false); // not the plain bytes
    const back = await runScoped(t.platform.handle, actor, (s) =>
      t.platform.files.readFile(s, { type: 'test', id: 1 }, saved.id),
    );
    expect(back.bytes.equals(png)).toBe(true);
    // Another owner's id never serves it; another village's user never reaches it (404, not 403).
    await expect(
      runScoped(t.platform.handle, actor, (s) => t.platform.files.readFile(s, { type: 'test', id: 2 }, saved.id)),
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(
      runScoped(t.platform.handle, await t.actor('village.b'), (s) =>
        t.platform.files.readFile(s, { type: 'test', id: 1 }, saved.id),
      ),
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });

    const save = (name: string, bytes: Buffer, accept: 'images' | 'documents' = 'images') =>
      runScoped(t.platform.handle, actor, (s) =>
        t.platform.files.saveFile(s, { owner: { type: 'test', id: 1 }, orgPath: path, name, bytes, accept }),
      );
    await expect(save('照片.png', Buffer.from('MZ\x90\x00 this is a windows program'))).rejects.toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
      field: 'file',
    });
    await expect(save('说明.pdf', Buffer.from('%PDF-1.4\n%...'), 'images')).rejects.toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
    });
    expect((await save('说明.pdf', Buffer.from('%PDF-1.4\n%...'), 'documents')).mime).toBe('application/pdf');
    await expect(save('空.png', Buffer.alloc(0))).rejects.toMatchObject({ code: 'FILE_EMPTY' });
    await expect(
      runScoped(t.platform.handle, actor, (s) =>
        t.platform.files.saveFile(s, {
          owner: { type: 'test', id: 1 },
          orgPath: path,
          name: 'big.png',
          bytes: Buffer.concat([png, Buffer.alloc(2048)]),
          accept: 'images',
          maxBytes: 1024,
        }),
      ),
    ).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', status: 413 });
    expect(
      (await runScoped(t.platform.handle, actor, (s) => t.platform.files.listFiles(s, { type: 'test', id: 1 }))).map(
        (f) => f.name,
      ),
    ).toEqual(['走访照片.png', '说明.pdf']);
  });
});

describe('a reorganization moves the platform records with their org', () => {
  it('files follow a moved village; notices keep the path they were written with', async () => {
    const village = ids['500154001001']!;
    const actor = await t.actor('village.a');
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000105fe02fea70000000049454e44ae426082',
      'hex',
    );
    const file = await runScoped(t.platform.handle, actor, (s) =>
      t.platform.files.saveFile(s, {
        owner: { type: 'test-move', id: 1 },
        orgPath: actor.scope.path,
        name: 'a.png',
        bytes: png,
        accept: 'images',
      }),
    );
    await runScoped(t.platform.handle, actor, (s) =>
      notify(s.tx, {
        kind: 'test.move',
        recipients: [{ user: actor.userId }],
        title: { 'zh-CN': '移动前', 'en-US': 'before the move' },
        orgPath: actor.scope.path,
      }),
    );
    const kaizhou = await t.login('kaizhou.cadre');
    const towns = (await kaizhou.get(`/api/v1/organizations/${ids['500154']}/children`)).body.items as { id: number }[];
    const otherTown = towns.find((o) => o.id !== ids['500154001'])!;
    const moved = await kaizhou.post(`/api/v1/organizations/${village}/move`, {
      effectiveDate: '2026-11-26',
      reason: '测试：村(社区)划转',
      newParentId: otherTown.id,
    });
    expect(moved.status).toBe(200);
    const [stored] = await t.sql<{ org_path: string }>(
      'select org_path::text as org_path from stored_files where id = $1',
      [file.id],
    );
    expect(stored!.org_path.split('.').slice(-2)).toEqual([String(otherTown.id), String(village)]);
    const after = await t.actor('village.a');
    const back = await runScoped(t.platform.handle, after, (s) =>
      t.platform.files.readFile(s, { type: 'test-move', id: 1 }, file.id),
    );
    expect(back.bytes.equals(png)).toBe(true);
    const [notice] = await t.sql<{ concerns_path: string }>(
      "select concerns_path::text as concerns_path from notifications where kind = 'test.move'",
    );
    expect(notice!.concerns_path).toBe(actor.scope.path);
  });

  it('counters follow moves and merges in their own transaction: exactly what a rebuild from the re-pathed records gives', async () => {
    // Every metric a source can rebuild: the modules' (demands, cases, visits) and the test's persons source.
    const metrics = allSources().flatMap((src) => src.metrics);
    expect(metrics).toEqual(
      expect.arrayContaining(['demands.received', 'cases.reports', 'visits.done', 'test.persons']),
    );
    const snapshot = () =>
      t.sql<Record<string, string>>(
        `select node_id::text as node, node_path::text as path, metric, grain, day::text as day, value::text as value
      from stat_counters where metric = any($1) order by node_id, metric, grain, day`,
        [metrics],
      );
    const received = async (orgId: number) =>
      (
        await runScoped(t.platform.handle, await t.actor('city.cadre'), (s) =>
          readCounters(s, { orgId, by: 'self', metrics: ['demands.received'], from: '2000-01-01', to: '2100-01-01' }),
        )
      )[0]?.value ?? 0;
    const [kaizhou, wanzhou, hanfeng] = [ids['500154']!, await t.org('500101'), ids['500154001']!];
    const [yongxing, jiulong] = [await t.org('500154001002'), await t.org('500154001003')];
    const before = {
      kaizhou: await received(kaizhou),
      wanzhou: await received(wanzhou),
      hanfeng: await received(hanfeng),
      yongxing: await received(yongxing),
      jiulong: await received(jiulong),
    };
    expect(before.hanfeng).toBeGreaterThan(0); // the demo's demands under 汉丰街道 (驷马社区 moved out above)
    expect(before.yongxing).toBeGreaterThan(0);

    // 汉丰街道 moves to another district, with its villages and their records; then 永兴社区 is merged into 九龙社区.
    const city = await t.login('city.cadre');
    expect(
      (
        await city.post(`/api/v1/organizations/${hanfeng}/move`, {
          effectiveDate: '2026-11-26',
          reason: '测试：街道跨区划转',
          newParentId: wanzhou,
        })
      ).status,
    ).toBe(200);
    expect(await received(kaizhou)).toBe(before.kaizhou - before.hanfeng);
    expect(await received(wanzhou)).toBe(before.wanzhou + before.hanfeng);
    expect(await received(hanfeng)).toBe(before.hanfeng);
    expect(
      (
        await city.post(`/api/v1/organizations/${yongxing}/merge`, {
          effectiveDate: '2026-11-26',
          reason: '测试：社区合并',
          targetId: jiulong,
        })
      ).status,
    ).toBe(200);
    expect(await received(jiulong)).toBe(before.jiulong + before.yongxing);
    expect(await received(yongxing)).toBe(0);
    expect(await received(hanfeng)).toBe(before.hanfeng);
    expect(await t.sql('select 1 from stat_counters where node_id = $1', [yongxing])).toEqual([]);

    // The counters as the moves and the merge left them are those a rebuild computes from the records, row for row
    // (node, path, metric, grain, day, value) — with the 驷马社区 move of the test above among them.
    const live = await snapshot();
    expect(
      live.some((r) => r.path!.startsWith(`${ids['50']}.${wanzhou}.${hanfeng}`) && r.metric!.startsWith('cases.')),
    ).toBe(true);
    await rebuildCounters(t.platform.handle, allSources());
    const rows = (list: Record<string, string>[]) =>
      list.map((r) => `${r.node} ${r.path} ${r.metric} ${r.grain} ${r.day} = ${r.value}`);
    const [followed, rebuilt] = [rows(live), rows(await snapshot())];
    expect({
      onlyFollowed: followed.filter((r) => !rebuilt.includes(r)),
      onlyRebuilt: rebuilt.filter((r) => !followed.includes(r)),
    }).toEqual({ onlyFollowed: [], onlyRebuilt: [] });
    expect(followed.length).toBeGreaterThan(100);
  });
});
