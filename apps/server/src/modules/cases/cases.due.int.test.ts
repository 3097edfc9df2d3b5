import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../platform/time.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

// GET /cases/due: the workbench's "follow-ups and contacts due" on her own cases, over the demo's seven cases
// (kaizhou.caseworker is assigned to them: one follow-up due in three days, one after closure in thirty).

let t: TestPlatform;
let worker: Client;
let today: string;

interface Due {
  today: string;
  followUps: { id: number; caseId: number; caseNo: string; dueOn: string; reason: string; overdue: boolean }[];
  contacts: { caseId: number; caseNo: string; dueAt: string; overdue: boolean }[];
}

beforeAll(async () => {
  t = await startTestPlatform();
  worker = await t.login('kaizhou.caseworker');
  today = chinaToday();
});
afterAll(async () => {
  await t?.close();
});

describe('what is due on my cases', () => {
  it('lists pending follow-ups within the days asked, earliest first, and none done or further out', async () => {
    const week = await worker.get<Due>('/api/v1/cases/due');
    expect(week.status).toBe(200);
    expect(week.body.today).toBe(today);
    expect(week.body.followUps.map((f) => [f.dueOn, f.reason, f.overdue])).toEqual([
      [addDays(today, 3), 'follow_up_phase', false],
    ]);
    const month = await worker.get<Due>('/api/v1/cases/due?days=30');
    expect(month.body.followUps.map((f) => f.dueOn)).toEqual([addDays(today, 3), addDays(today, 30)]);
    // the done follow-up ten days ago is never due
    expect(month.body.followUps.some((f) => f.dueOn === addDays(today, -10))).toBe(false);

    // one missed two days ago is due whatever the window, and marked overdue
    const [c] = await t.sql<{ case_id: number; org_path: string }>(
      `select case_id, org_path::text from case_follow_ups where due_on = $1`,
      [addDays(today, 3)],
    );
    await t.sql(
      `insert into case_follow_ups (case_id, org_path, due_on, reason) values ($1, $2::ltree, $3, 'manual')`,
      [c!.case_id, c!.org_path, addDays(today, -2)],
    );
    const now = await worker.get<Due>('/api/v1/cases/due?days=0');
    expect(now.body.followUps.map((f) => [f.dueOn, f.overdue])).toEqual([[addDays(today, -2), true]]);
  });

  it('lists a high-risk case she took in until she records the first contact', async () => {
    const village = await t.org('500154001001');
    const taken = await worker.post('/api/v1/cases', {
      orgId: village,
      channel: 'hotline',
      caseType: 'domestic_violence',
      narrative: '来电：丈夫持刀威胁',
      hotline: { calledAt: new Date().toISOString(), anonymous: true, callbackPhone: '13900003333' },
      parties: [{ role: 'victim', unregistered: {} }],
      indicators: ['weapon', 'threat_to_kill'],
    });
    expect(taken.status).toBe(201);
    expect(taken.body.riskLevel).toBe('high');
    const before = await worker.get<Due>('/api/v1/cases/due');
    const row = before.body.contacts.find((x) => x.caseId === taken.body.id);
    expect(row).toMatchObject({ caseNo: taken.body.caseNo, overdue: false });
    expect(Date.parse(row!.dueAt)).toBeGreaterThan(Date.now());

    const contacted = await worker.post(`/api/v1/cases/${taken.body.id}/contacted`, { note: '已电话联系，当事人安全' });
    expect(contacted.status).toBe(200);
    const after = await worker.get<Due>('/api/v1/cases/due');
    expect(after.body.contacts.some((x) => x.caseId === taken.body.id)).toBe(false);
  });
});

describe('scope', () => {
  it('shows another worker nothing of cases she is not assigned to', async () => {
    const other = await t.login('hanfeng.caseworker');
    const res = await other.get<Due>('/api/v1/cases/due?days=90');
    expect(res.status).toBe(200);
    expect(res.body.followUps).toEqual([]);
    expect(res.body.contacts).toEqual([]);
  });

  it('answers 404 for an org outside the scope, and only where the org is in it', async () => {
    const other = await t.login('hanfeng.caseworker');
    const district = await t.org('500154');
    const out = await other.get('/api/v1/cases/due?orgId=' + district);
    expect(out.status).toBe(404);
    expect(out.body.code).toBe('ORG_NOT_FOUND');
    const inside = await worker.get<Due>(`/api/v1/cases/due?orgId=${district}&days=30`);
    expect(inside.status).toBe(200);
    expect(inside.body.followUps.length).toBeGreaterThan(0);
  });

  it('refuses a partner agency (no case.read) and a bad window, naming the field', async () => {
    const police = await t.login('kaizhou.police');
    expect((await police.get('/api/v1/cases/due')).status).toBe(403);
    const bad = await worker.request('GET', '/api/v1/cases/due?days=500', undefined, { 'accept-language': 'en-US' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('querystring.days');
    expect(bad.body.message['zh-CN']).toBeTruthy();
    expect(bad.body.message['en-US']).toBeTruthy();
  });
});
