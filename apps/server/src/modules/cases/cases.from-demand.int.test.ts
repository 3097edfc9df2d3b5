// 诉求转维权: a demand — an online help request from the residents' portal, a 12338 call sheet, a walk-in — becomes a
// rights case in one step: the case keeps the demand as its source and the requester as the victim, the demand moves
// to 'case', and the resident following it sees that it is now handled as a case. Out of scope, wrong state or bad
// input: refused, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let villageA: Client, villageB: Client, town: Client, caseworker: Client, supervisor: Client;
let A: number;

const demand = (over: Record<string, unknown> = {}) => ({
  orgId: A,
  source: 'walk_in',
  category: 'rights',
  urgency: 'urgent',
  title: '来访反映丈夫殴打',
  description: '当事人来访反映丈夫多次酒后殴打，要求帮助',
  ...over,
});
const count = async (table: string) =>
  Number((await t.sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n);
const stateOf = async (id: number) =>
  (
    await t.sql<{ state: string; case_id: number | null }>('select state, case_id from demands where id = $1', [id])
  )[0]!;

/** An anonymous help request sent from the portal, as a phone would. */
async function portalHelp(body: Record<string, unknown>) {
  const res = await t.platform.http.inject({
    method: 'POST',
    url: '/api/v1/portal/help',
    headers: { 'content-type': 'application/json' },
    remoteAddress: '10.9.0.1',
    payload: JSON.stringify(body),
  });
  expect(res.statusCode).toBe(201);
  return JSON.parse(res.body) as { trackingCode: string; demand: { id: number } };
}

beforeAll(async () => {
  t = await startTestPlatform();
  [villageA, villageB, town, caseworker, supervisor] = (await Promise.all(
    ['village.a', 'village.b', 'hanfeng.cadre', 'kaizhou.caseworker', 'kaizhou.supervisor'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client, Client];
  A = await t.org('500154001001');
});
afterAll(() => t?.close());

describe('a demand becomes a rights case', () => {
  it("an anonymous online help request: channel 'online', the demand as source, the victim kept off the registry, the resident sees it moved", async () => {
    const help = await portalHelp({
      orgId: A,
      category: 'rights',
      urgency: 'urgent',
      description: '丈夫经常打我，还威胁要杀了我，请帮帮我',
      anonymous: true,
      contactPhone: '13700005555',
    });
    const id = help.demand.id;
    const before = (await villageA.get(`/api/v1/demands/${id}`)).body;
    expect(before.allowedActions).toContain('convert_to_case');

    const res = await villageA.post(`/api/v1/cases/from-demand/${id}`, {
      caseType: 'domestic_violence',
      indicators: ['threat_to_kill'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'online',
      caseType: 'domestic_violence',
      riskLevel: 'high',
      status: 'intake',
      intake: { sourceRef: { type: 'demand', id } },
    });
    expect(res.body.narrative).toContain('威胁要杀了我');
    const [victim] = res.body.parties;
    expect(victim).toMatchObject({ role: 'victim', registered: false, phone: '137****5555' });
    expect(await stateOf(id)).toEqual({ state: 'case', case_id: res.body.id });
    // the call-back number is in the case encrypted, like every contact
    const [party] = await t.sql<{ phone_enc: string }>('select phone_enc from case_parties where case_id = $1', [
      res.body.id,
    ]);
    expect(party!.phone_enc).toMatch(/^v1:/);
    // a high-risk case alerts the supervisors at once, whatever the channel
    const inbox = (await supervisor.get('/api/v1/notifications')).body.items;
    expect(
      inbox.some(
        (n: { kind: string; link: string }) => n.kind === 'case.high_risk' && n.link === `/cases/${res.body.id}`,
      ),
    ).toBe(true);
    // she follows it by her code: now handled as a rights case, and she learns nothing of the case itself
    const tracked = await t.platform.http.inject({
      method: 'GET',
      url: `/api/v1/portal/track/${help.trackingCode}`,
      remoteAddress: '10.9.0.1',
    });
    expect(JSON.parse(tracked.body).state).toBe('case');
    expect(tracked.body).not.toContain(res.body.caseNo);
    // both sides are on the record
    const audit = await t.sql<{ action: string }>(
      `select action from audit_events where (target_type = 'demand' and target_id = $1) or (target_type = 'case' and target_id = $2) order by id`,
      [String(id), String(res.body.id)],
    );
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['demand.convert_to_case', 'case.intake']));
    const history = (await villageA.get(`/api/v1/demands/${id}`)).body;
    expect(history.state).toBe('case');
    expect(history.allowedActions).not.toContain('convert_to_case');
  });

  it('a 12338 call sheet keeps its caller and call-back number; a registry person requester becomes the victim', async () => {
    const call = (
      await villageA.post(
        '/api/v1/demands',
        demand({ source: 'hotline_12338', title: '热线来电求助', requester: { name: '王女士', phone: '13912340000' } }),
      )
    ).body;
    const fromCall = await villageA.post(`/api/v1/cases/from-demand/${call.id}`, {
      caseType: 'marriage_family_dispute',
      narrative: '来电反映离婚后前夫骚扰',
    });
    expect(fromCall.status).toBe(201);
    expect(fromCall.body).toMatchObject({
      channel: 'hotline',
      narrative: '来电反映离婚后前夫骚扰',
      intake: { hotline: { callerName: '王**', callbackPhone: '139****0000', anonymous: false } },
    });
    // masked in the view; kept whole, encrypted
    const [sheet] = await t.sql<{ caller_name_enc: string }>(
      'select caller_name_enc from case_details where case_id = $1',
      [fromCall.body.id],
    );
    expect(t.platform.crypto.decrypt(sheet!.caller_name_enc)).toBe('王女士');

    const person = (await villageA.post('/api/v1/people', { orgId: A, name: '陈秀兰', phone: '13800007777' })).body;
    const walkIn = (await villageA.post('/api/v1/demands', demand({ requester: { personId: person.id } }))).body;
    await villageA.post(`/api/v1/demands/${walkIn.id}/transitions`, { action: 'accept' });
    const fromWalkIn = await villageA.post(`/api/v1/cases/from-demand/${walkIn.id}`, { caseType: 'domestic_violence' });
    expect(fromWalkIn.status).toBe(201);
    expect(fromWalkIn.body.channel).toBe('demand');
    expect(fromWalkIn.body.parties[0]).toMatchObject({ role: 'victim', registered: true, personId: person.id });
  });

  it('the org the demand was escalated to (督办) may convert it too; the case stays with the owning village', async () => {
    const d = (await villageA.post('/api/v1/demands', demand())).body;
    await t.sql(`update demands set escalated_to_org_id = $1, escalation_level = 1 where id = $2`, [
      await t.org('500154001'),
      d.id,
    ]);
    const res = await town.post(`/api/v1/cases/from-demand/${d.id}`, { caseType: 'domestic_violence' });
    expect(res.status).toBe(201);
    expect(res.body.org.id).toBe(A);
  });
});

describe('refused, and nothing written', () => {
  it('outside the subtree: 404 (existence does not leak); without demand rights, or a parent org that does not supervise it: 403; twice: 409', async () => {
    const d = (await villageA.post('/api/v1/demands', demand())).body;
    const cases = await count('cases');
    expect((await villageB.post(`/api/v1/cases/from-demand/${d.id}`, { caseType: 'domestic_violence' })).status).toBe(
      404,
    );
    expect((await villageB.post('/api/v1/cases/from-demand/999999999', { caseType: 'domestic_violence' })).status).toBe(
      404,
    );
    const noDemandRights = await caseworker.post(`/api/v1/cases/from-demand/${d.id}`, {
      caseType: 'domestic_violence',
    });
    expect(noDemandRights.status).toBe(403);
    // the town watches its villages' demands but converts one only once it was escalated to it (督办)
    expect((await town.post(`/api/v1/cases/from-demand/${d.id}`, { caseType: 'domestic_violence' })).status).toBe(403);
    expect(await count('cases')).toBe(cases);
    expect(await stateOf(d.id)).toEqual({ state: 'received', case_id: null });

    expect((await villageA.post(`/api/v1/cases/from-demand/${d.id}`, { caseType: 'domestic_violence' })).status).toBe(
      201,
    );
    const again = await villageA.post(`/api/v1/cases/from-demand/${d.id}`, { caseType: 'domestic_violence' });
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('demandId');
    expect(await count('cases')).toBe(cases + 1);
  });

  it('a closed demand cannot become a case; bad input names the field in both languages', async () => {
    const d = (await villageA.post('/api/v1/demands', demand())).body;
    await villageA.post(`/api/v1/demands/${d.id}/transitions`, { action: 'accept' });
    await villageA.post(`/api/v1/demands/${d.id}/transitions`, { action: 'reply', reply: '已协调处理' });
    const cases = await count('cases');
    expect((await villageA.post(`/api/v1/cases/from-demand/${d.id}`, { caseType: 'domestic_violence' })).status).toBe(
      409,
    );
    const open = (await villageA.post('/api/v1/demands', demand())).body;
    for (const [body, field] of [
      [{ caseType: 'burglary' }, 'caseType'],
      [{ caseType: 'domestic_violence', narrative: '短' }, 'narrative'],
      [{ caseType: 'domestic_violence', sourceRef: { type: 'demand', id: 1 } }, 'sourceRef'],
      [{ caseType: 'domestic_violence', parties: [] }, 'parties'],
    ] as [Record<string, unknown>, string][]) {
      const res = await villageA.post(`/api/v1/cases/from-demand/${open.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).toContain(field);
      expect(res.body.message['zh-CN']).toBeTruthy();
      expect(res.body.message['en-US']).toBeTruthy();
    }
    // a party list without a victim is refused after the demand was read: the transaction leaves nothing behind
    const noVictim = await villageA.post(`/api/v1/cases/from-demand/${open.id}`, {
      caseType: 'domestic_violence',
      parties: [{ role: 'respondent', unregistered: { name: '赵某' } }],
    });
    expect(noVictim.status).toBe(400);
    expect(noVictim.body.field).toBe('parties');
    expect(await count('cases')).toBe(cases);
    expect(await stateOf(open.id)).toEqual({ state: 'received', case_id: null });
  });
});
