import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../platform/time.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

/* 人大建议 / 政协提案 as records: number, body, date, reply, status; scoped to the subtree. */

let t: TestPlatform;
let villageA: Client, villageB: Client, town: Client, outsider: Client;
let A: number, TOWN: number;
const base = '/api/v1/demands/proposals';
const body = '建议在各社区增设普惠性托育点，对家庭托育点给予场地和运营补贴，缓解双职工家庭照护压力。';

/** A demand of village A raised as a suggestion (the 建议 route). */
async function suggestion(): Promise<number> {
  const d = await villageA.post('/api/v1/demands', {
    orgId: A,
    source: 'hotline_12338',
    category: 'childcare',
    urgency: 'ordinary',
    title: '社区缺少普惠托育点',
    description: '来电反映附近没有普惠托育点',
  });
  expect(d.status).toBe(201);
  const s = await villageA.post(`/api/v1/demands/${d.body.id}/transitions`, {
    action: 'suggest',
    suggestion: '建议增设普惠性托育点',
  });
  expect(s.status).toBe(200);
  return d.body.id;
}

beforeAll(async () => {
  t = await startTestPlatform();
  villageA = await t.login('village.a');
  villageB = await t.login('village.b');
  town = await t.login('hanfeng.cadre');
  outsider = await t.login('liangjiang.cadre');
  A = await t.org('500154001001');
  TOWN = await t.org('500154001');
});
afterAll(() => t?.close());

describe('人大建议 / 政协提案', () => {
  it('is created from collected suggestions, submitted with its number, replied to, and listed', async () => {
    const demandId = await suggestion();
    const created = await town.post(base, {
      orgId: TOWN,
      kind: 'npc_suggestion',
      title: '关于增设普惠性托育点的建议',
      body,
      deputy: '区人大代表 张某某',
      demandIds: [demandId],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'drafted', number: null, demandIds: [demandId] });
    expect(created.body.allowedActions).toEqual(['submit']);
    const id = created.body.id;
    // The demand's suggestion is handed over to this record, not to a typed-in name.
    expect((await villageA.get(`/api/v1/demands/${demandId}`)).body.suggestionHandedTo).toBe(
      '人大建议《关于增设普惠性托育点的建议》',
    );

    const today = chinaToday();
    const submitted = await town.post(`${base}/${id}/transitions`, {
      action: 'submit',
      number: '开人大建〔2026〕第 37 号',
      submittedOn: today,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      number: '开人大建〔2026〕第 37 号',
      submittedOn: today,
    });
    expect((await town.post(`${base}/${id}/transitions`, { action: 'accept' })).body.status).toBe('accepted');
    const replied = await town.post(`${base}/${id}/transitions`, {
      action: 'reply',
      reply: '区教委将在 2027 年新增普惠托位 300 个，并出台家庭托育点补贴办法。',
      replyOrg: '开州区教育委员会',
      repliedOn: today,
    });
    expect(replied.body).toMatchObject({ status: 'replied', replyOrg: '开州区教育委员会', repliedOn: today });
    expect(replied.body.allowedActions).toEqual([]);

    const listed = await town.get(`${base}?status=replied`);
    expect(listed.body.items.map((p: { id: number }) => p.id)).toContain(id);
    expect((await town.get(`${base}?kind=cppcc_proposal`)).body.items.map((p: { id: number }) => p.id)).not.toContain(
      id,
    );
    const edited = await town.patch(`${base}/${id}`, {
      version: replied.body.version,
      title: '关于增设普惠托育点的建议',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('关于增设普惠托育点的建议');
    // a stale edit is refused; a submitted record cannot be deleted
    expect((await town.patch(`${base}/${id}`, { version: replied.body.version, title: '又改' })).status).toBe(409);
    expect((await town.delete(`${base}/${id}`)).status).toBe(409);
    const audited = await t.sql<{ action: string }>(
      `select action from audit_events where target_type = 'deputy_proposal' and target_id = $1 order by seq`,
      [String(id)],
    );
    expect(audited.map((a) => a.action)).toEqual([
      'demand.proposal.create',
      'demand.proposal.submit',
      'demand.proposal.accept',
      'demand.proposal.reply',
      'demand.proposal.update',
    ]);
  });

  it('refuses bad input naming the field, illegal moves, and writes nothing', async () => {
    const short = await town.post(base, { orgId: TOWN, kind: 'cppcc_proposal', title: '短', body: '太短' });
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toContain('body');
    const kind = await town.post(base, { orgId: TOWN, kind: 'motion', title: '提案', body });
    expect(kind.status).toBe(400);
    expect(kind.body.errors.map((e: { field: string }) => e.field)).toContain('kind');
    const before = await t.sql<{ n: number }>(`select count(*)::int as n from deputy_proposals`);
    // a demand that raised no suggestion is not carried; nothing is written
    const plain = await villageA.post('/api/v1/demands', {
      orgId: A,
      source: 'walk_in',
      category: 'legal_advice',
      urgency: 'ordinary',
      title: '咨询',
      description: '咨询法律问题',
    });
    const notSuggested = await town.post(base, {
      orgId: TOWN,
      kind: 'cppcc_proposal',
      title: '提案',
      body,
      demandIds: [plain.body.id],
    });
    expect(notSuggested.status).toBe(404);
    expect(notSuggested.body.field).toBe('demandIds');
    expect(await t.sql<{ n: number }>(`select count(*)::int as n from deputy_proposals`)).toEqual(before);

    const draft = (await town.post(base, { orgId: TOWN, kind: 'cppcc_proposal', title: '关于妇女就业的提案', body }))
      .body;
    const noNumber = await town.post(`${base}/${draft.id}/transitions`, {
      action: 'submit',
      submittedOn: chinaToday(),
    });
    expect(noNumber.status).toBe(400);
    expect(noNumber.body.errors.map((e: { field: string }) => e.field)).toContain('number');
    const future = await town.post(`${base}/${draft.id}/transitions`, {
      action: 'submit',
      number: '政协提〔2026〕12 号',
      submittedOn: '2999-01-01',
    });
    expect(future.status).toBe(400);
    expect(future.body.field).toBe('submittedOn');
    const early = await town.post(`${base}/${draft.id}/transitions`, {
      action: 'reply',
      reply: '答复',
      replyOrg: '区人社局',
      repliedOn: chinaToday(),
    });
    expect(early.status).toBe(409);
    expect((await town.get(`${base}/${draft.id}`)).body).toMatchObject({ status: 'drafted', number: null });
    expect((await town.delete(`${base}/${draft.id}`)).status).toBe(204);
    expect((await town.get(`${base}/${draft.id}`)).status).toBe(404);
  });

  it('is not found outside the subtree, and read-only without demand.write', async () => {
    const p = (await town.post(base, { orgId: TOWN, kind: 'npc_suggestion', title: '关于家庭教育指导的建议', body }))
      .body;
    // a village below the town does not see the town's record, nor may it file one for the town
    expect((await villageA.get(`${base}/${p.id}`)).status).toBe(404);
    expect((await villageB.patch(`${base}/${p.id}`, { version: p.version, title: '改' })).status).toBe(404);
    expect((await villageB.post(`${base}/${p.id}/transitions`, { action: 'decline' })).status).toBe(404);
    expect((await villageB.delete(`${base}/${p.id}`)).status).toBe(404);
    expect((await villageA.post(base, { orgId: TOWN, kind: 'npc_suggestion', title: '越权', body })).status).toBe(404);
    expect((await villageA.get(`${base}?orgId=${TOWN}`)).status).toBe(404);
    expect((await outsider.get(`${base}/${p.id}`)).status).toBe(404);
    expect((await outsider.get(base)).body.items.map((x: { id: number }) => x.id)).not.toContain(p.id);
    const auditor = await t.login('auditor');
    expect((await auditor.post(base, { orgId: TOWN, kind: 'npc_suggestion', title: '无权', body })).status).toBe(403);
  });
});
