import { chinaToday } from '../../platform/time.js';
import officeCrypto from 'officecrypto-tool';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let worker: Client;
let supervisor: Client;
let police: Client;
let village: number;
let district: number;
const now = () => new Date().toISOString();
const hotlineCase = (extra: Record<string, unknown> = {}) => ({
  orgId: village,
  channel: 'hotline',
  caseType: 'domestic_violence',
  narrative: '来电：丈夫酒后殴打，扬言要杀了她',
  hotline: { calledAt: now(), callerName: '王女士', callbackPhone: '13800001111', anonymous: false },
  parties: [{ role: 'victim', unregistered: { name: '王秀英', phone: '13800001111', gender: 'female' } }],
  ...extra,
});

beforeAll(async () => {
  t = await startTestPlatform();
  worker = await t.login('kaizhou.caseworker');
  supervisor = await t.login('kaizhou.supervisor');
  police = await t.login('kaizhou.police');
  village = await t.org('500154001001');
  district = await t.org('500154');
});
afterAll(async () => {
  await t?.close();
});

describe('intake from every channel', () => {
  it('hotline (anonymous allowed), walk-in, grid report, mandatory report, public opinion; registry persons created or linked', async () => {
    const anon = await worker.post(
      '/api/v1/cases',
      hotlineCase({
        hotline: { calledAt: now(), anonymous: true, callbackPhone: '13900002222' },
        parties: [{ role: 'victim', unregistered: {} }],
      }),
    );
    expect(anon.status).toBe(201);
    expect(anon.body.intake.hotline).toMatchObject({ anonymous: true, callerName: null, callbackPhone: '139****2222' });
    expect(anon.body.caseNo).toMatch(/^WQ500154\d{4}\d{6}$/);
    const [existing] = await t.sql<{ id: number }>(
      `select id from persons where org_id = $1 and gender = 'female' order by id limit 1`,
      [village],
    );
    const walkIn = await worker.post('/api/v1/cases', {
      orgId: village,
      channel: 'walk_in',
      caseType: 'marriage_family_dispute',
      narrative: '来访：离婚财产纠纷',
      parties: [
        { role: 'victim', personId: Number(existing!.id) },
        { role: 'respondent', newPerson: { orgId: village, name: '赵大军', gender: 'male' }, relationship: '丈夫' },
      ],
    });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body.parties.map((p: { registered: boolean }) => p.registered)).toEqual([true, true]);
    const created = await t.sql(`select id from persons where name = '赵大军'`);
    expect(created).toHaveLength(1);
    const grid = await worker.post('/api/v1/cases', {
      orgId: village,
      channel: 'grid_report',
      caseType: 'domestic_violence',
      narrative: '网格员报告：夜间争吵',
      gridReport: { gridName: '第1网格', reporterName: '周敏' },
      parties: [{ role: 'victim', unregistered: { gender: 'female' } }],
    });
    expect(grid.status).toBe(201);
    const mandatory = await worker.post('/api/v1/cases', {
      orgId: village,
      channel: 'mandatory_report',
      caseType: 'child_rights',
      narrative: '学校报告：学生身上有伤痕',
      mandatoryReport: { reporterOrg: '汉丰第一小学', policeReportedAt: now(), policeReceiptNo: 'KZ-2026-0001' },
      parties: [{ role: 'victim', unregistered: { name: '小明', minor: true } }],
    });
    expect(mandatory.status).toBe(201);
    expect(mandatory.body).toMatchObject({
      involvesMinor: true,
      intake: { mandatoryReport: { policeReceiptNo: 'KZ-2026-0001' } },
    });
    const opinion = await worker.post('/api/v1/cases', {
      orgId: village,
      channel: 'public_opinion',
      caseType: 'personality_rights',
      narrative: '网络帖子侮辱当事人',
      publicOpinion: { platform: '本地论坛', discoveredAt: now() },
      parties: [{ role: 'victim', unregistered: {} }],
    });
    expect(opinion.status).toBe(201);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = (await t.sql<{ n: number }>('select count(*)::int as n from cases'))[0]!.n;
    const cases: [Record<string, unknown>, string][] = [
      [hotlineCase({ parties: [{ role: 'respondent', unregistered: {} }] }), 'parties'],
      [hotlineCase({ hotline: undefined }), 'hotline'],
      [{ ...hotlineCase(), channel: 'mandatory_report', hotline: undefined }, 'mandatoryReport'],
      [
        {
          ...hotlineCase(),
          channel: 'mandatory_report',
          hotline: undefined,
          mandatoryReport: { reporterOrg: '学校', policeReportedAt: now(), policeReceiptNo: 'R-1' },
        },
        'involvesMinor',
      ],
      [hotlineCase({ narrative: '短' }), 'narrative'],
      [hotlineCase({ caseType: 'burglary' }), 'caseType'],
      [hotlineCase({ indicators: ['gut_feeling'] }), 'indicators.0'],
      [hotlineCase({ orgId: await t.org('500101') }), 'orgId'],
      [hotlineCase({ hotline: { calledAt: now(), anonymous: true, callerName: '王' } }), 'hotline.callerName'],
      [
        hotlineCase({
          parties: [{ role: 'victim', newPerson: { orgId: village, name: '李', idNumber: '500154199001011234' } }],
        }),
        'idNumber',
      ],
      [{ ...hotlineCase(), channel: 'demand', sourceRef: { type: 'demand', id: 1 } }, 'channel'],
    ];
    for (const [body, field] of cases) {
      const res = await worker.post('/api/v1/cases', body);
      expect([400, 404], JSON.stringify(res.body)).toContain(res.status);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(res.body.message['zh-CN']).toBeTruthy();
    }
    expect((await t.sql<{ n: number }>('select count(*)::int as n from cases'))[0]!.n).toBe(before);
  });
});

describe('the whole chain', () => {
  let id: number;

  it('a high-risk hotline case alerts the supervisors at once with a 24-hour contact deadline', async () => {
    const res = await worker.post('/api/v1/cases', hotlineCase({ indicators: ['threat_to_kill', 'strangulation'] }));
    expect(res.status).toBe(201);
    id = res.body.id;
    expect(res.body.riskLevel).toBe('high');
    const due = Date.parse(res.body.contactDueAt) - Date.parse(res.body.openedAt);
    expect(due).toBeGreaterThan(23.9 * 3_600_000);
    expect(due).toBeLessThan(24.1 * 3_600_000);
    const inbox = await supervisor.get('/api/v1/notifications');
    const notice = inbox.body.items.find(
      (n: { kind: string; link: string }) => n.kind === 'case.high_risk' && n.link === `/cases/${id}`,
    );
    expect(notice).toBeTruthy();
    expect(JSON.stringify(notice)).not.toContain('王秀英');
    expect(JSON.stringify(notice)).not.toContain('13800001111');
  });

  it('re-assessment keeps the history', async () => {
    const res = await worker.post(`/api/v1/cases/${id}/assessments`, {
      indicators: ['controlling'],
      note: '对方已离开住所',
    });
    expect(res.status).toBe(201);
    expect(res.body.assessments.map((a: { level: string }) => a.level)).toEqual(['low', 'high']);
    const back = await worker.post(`/api/v1/cases/${id}/assessments`, { indicators: ['weapon'] });
    expect(back.body.riskLevel).toBe('high');
    expect(back.body.assessments).toHaveLength(3);
  });

  it('refuses illegal transitions (409) and records legal ones with who, when, why', async () => {
    expect((await worker.post(`/api/v1/cases/${id}/transitions`, { transition: 'begin_follow_up' })).status).toBe(409);
    expect(
      (await worker.post(`/api/v1/cases/${id}/transitions`, { transition: 'reopen', reason: '重新启动' })).body.code,
    ).toBe('CASE_INVALID_TRANSITION');
    expect(
      (
        await worker.post(`/api/v1/cases/${id}/transitions`, {
          transition: 'close',
          outcome: 'resolved',
          reason: '已解决',
        })
      ).status,
    ).toBe(409);
    expect((await worker.post(`/api/v1/cases/${id}/transitions`, { transition: 'begin_assessment' })).status).toBe(200);
    const h = await worker.post(`/api/v1/cases/${id}/transitions`, {
      transition: 'begin_handling',
      reason: '评估完成',
    });
    expect(h.status).toBe(200);
    const ev = h.body.events
      .filter((e: { kind: string }) => e.kind === 'transition')
      .map((e: { from: string | null; to: string; actor: string }) => [e.from, e.to, e.actor]);
    // Who, by name (as demands show it), not by login.
    expect(ev).toEqual([
      [null, 'intake', '开州区妇联 维权专员'],
      ['intake', 'assessment', '开州区妇联 维权专员'],
      ['assessment', 'handling', '开州区妇联 维权专员'],
    ]);
    expect(h.body.events.at(-1).reason).toBe('评估完成');
    expect(h.body.allowedActions).toContain('begin_follow_up');
    expect(h.body.allowedActions).not.toContain('close');
  });

  it('marks the contact made within the deadline', async () => {
    const res = await worker.post(`/api/v1/cases/${id}/contacted`, { note: '已电话联系，当事人安全' });
    expect(res.body.contactedAt).toBeTruthy();
    expect(res.body.contactOverdue).toBe(false);
  });

  it('refers to the police; only the police user sees it; accept and answer close the loop with timing', async () => {
    const agencies = await worker.get(`/api/v1/cases/agencies?orgId=${village}`);
    const policeAgency = agencies.body.items.find((a: { kind: string }) => a.kind === 'police');
    const court = agencies.body.items.find((a: { kind: string }) => a.kind === 'court');
    const r = await worker.post(`/api/v1/cases/${id}/referrals`, {
      agencyId: policeAgency.id,
      request: '请依法出警并出具告诫书',
      urgent: true,
    });
    expect(r.status).toBe(201);
    const referral = r.body.referrals.at(-1);
    expect(referral.status).toBe('sent');
    const inbox = await police.get('/api/v1/referrals');
    expect(inbox.body.items.map((x: { id: number }) => x.id)).toContain(referral.id);
    expect(inbox.body.items.every((x: { agency: { id: number } }) => x.agency.id === policeAgency.id)).toBe(true);
    const courtUser = await t.login('kaizhou.court');
    expect((await courtUser.get('/api/v1/referrals')).body.items.map((x: { id: number }) => x.id)).not.toContain(
      referral.id,
    );
    expect((await courtUser.get(`/api/v1/referrals/${referral.id}`)).status).toBe(404);
    expect((await courtUser.post(`/api/v1/referrals/${referral.id}/respond`, { action: 'accept' })).status).toBe(404);
    void court;
    const seen = await police.get(`/api/v1/referrals/${referral.id}`);
    expect(seen.body.case).toMatchObject({ riskLevel: 'high', narrative: expect.stringContaining('殴打') });
    expect(JSON.stringify(seen.body)).not.toContain('13800001111');
    expect(seen.body.allowedActions).toEqual(['accept', 'decline']);
    expect(
      (await police.post(`/api/v1/referrals/${referral.id}/respond`, { action: 'report', text: '进展', final: false }))
        .status,
    ).toBe(409);
    expect((await police.post(`/api/v1/referrals/${referral.id}/respond`, { action: 'accept' })).body.status).toBe(
      'accepted',
    );
    const answered = await police.post(`/api/v1/referrals/${referral.id}/respond`, {
      action: 'report',
      text: '已出警，出具告诫书',
      final: true,
    });
    expect(answered.body.status).toBe('answered');
    expect(
      (await police.post(`/api/v1/referrals/${referral.id}/respond`, { action: 'decline', reason: '不属于管辖' }))
        .status,
    ).toBe(409);
    const c = await worker.get(`/api/v1/cases/${id}`);
    const loop = c.body.referrals.find((x: { id: number }) => x.id === referral.id);
    expect(loop).toMatchObject({ status: 'answered', reports: [{ text: '已出警，出具告诫书', final: true }] });
    expect(loop.hoursToAccept).not.toBeNull();
    expect(loop.hoursToAnswer).not.toBeNull();
    expect(c.body.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['referral', 'referral_accept', 'referral_answer']),
    );
    const notes = await worker.get('/api/v1/notifications');
    expect(notes.body.items.some((n: { kind: string }) => n.kind === 'case.referral_answer')).toBe(true);
  });

  it('the agency declines a referral with its reason: the workers are told, and its access to the case ends', async () => {
    const agencies = await worker.get(`/api/v1/cases/agencies?orgId=${village}`);
    const policeAgency = agencies.body.items.find((a: { kind: string }) => a.kind === 'police');
    const other = await worker.post('/api/v1/cases', hotlineCase());
    const sent = await worker.post(`/api/v1/cases/${other.body.id}/referrals`, {
      agencyId: policeAgency.id,
      request: '请依法出警并出具告诫书',
    });
    const referral = sent.body.referrals.at(-1);
    const declined = await police.post(`/api/v1/referrals/${referral.id}/respond`, {
      action: 'decline',
      reason: '不属本派出所辖区，请转辖区派出所',
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: '不属本派出所辖区，请转辖区派出所' });
    expect(declined.body.allowedActions).toEqual([]);
    // the case's own side sees the reason and the step in its history; the workers are notified
    const c = await worker.get(`/api/v1/cases/${other.body.id}`);
    expect(c.body.referrals.at(-1)).toMatchObject({
      status: 'declined',
      declineReason: '不属本派出所辖区，请转辖区派出所',
    });
    expect(c.body.events.map((e: { kind: string }) => e.kind)).toContain('referral_decline');
    const notes = await worker.get('/api/v1/notifications');
    expect(notes.body.items.some((n: { kind: string }) => n.kind === 'case.referral_decline')).toBe(true);
    // no live referral is left: the agency reads the case no more, nor answers again
    expect((await police.get(`/api/v1/referrals/${referral.id}`)).status).toBe(404);
    expect((await police.post(`/api/v1/referrals/${referral.id}/respond`, { action: 'accept' })).status).toBe(404);
  });

  it('records a protection order (applied → issued, valid until) with the court deadline and a reminder day', async () => {
    const applied = await worker.post(`/api/v1/cases/${id}/instruments`, {
      kind: 'protection_order',
      status: 'applied',
      urgent: true,
      issuer: '开州区人民法院',
    });
    const order = applied.body.instruments.at(-1);
    expect(Date.parse(order.decisionDueAt) - Date.parse(order.appliedAt)).toBe(24 * 3_600_000);
    const validUntil = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
    const issued = await worker.request('PATCH', `/api/v1/cases/${id}/instruments/${order.id}`, {
      status: 'issued',
      documentNo: '(2026)渝0154民保令9号',
      validUntil,
    });
    expect(issued.status).toBe(200);
    expect(issued.body.instruments.at(-1)).toMatchObject({
      status: 'issued',
      validUntil,
      expiresInDays: expect.any(Number),
    });
    const [row] = await t.sql<{ remind_on: string }>(`select remind_on::text from case_instruments where id = $1`, [
      order.id,
    ]);
    expect(row!.remind_on < validUntil).toBe(true);
    expect(
      (await worker.request('PATCH', `/api/v1/cases/${id}/instruments/${order.id}`, { status: 'rejected' })).status,
    ).toBe(409);
  });

  it('mediation with an agreement opens the 30-day judicial-confirmation window; services are recorded', async () => {
    const m = await supervisor.post('/api/v1/cases/mediators', {
      orgId: village,
      name: '张调解员',
      specialty: '婚姻家庭',
    });
    expect(m.status).toBe(201);
    const started = await worker.post(`/api/v1/cases/${id}/mediations`, { mediatorId: m.body.id });
    const med = started.body.mediations.at(-1);
    await worker.post(`/api/v1/cases/${id}/mediations/${med.id}/sessions`, {
      heldAt: now(),
      place: '妇女之家',
      summary: '双方陈述',
    });
    const agreed = await worker.post(`/api/v1/cases/${id}/mediations/${med.id}/outcome`, {
      status: 'agreement',
      agreementAt: now(),
      terms: '男方不得再骚扰女方',
      signedBy: ['女方', '男方', '调解员'],
    });
    const after = agreed.body.mediations.at(-1);
    expect(after).toMatchObject({ status: 'agreement', judicialConfirmation: 'none', daysLeftForConfirmation: 30 });
    expect(
      (await worker.post(`/api/v1/cases/${id}/mediations/${med.id}/sessions`, { heldAt: now(), summary: '再谈' })).body
        .code,
    ).toBe('MEDIATION_CLOSED');
    expect(
      (
        await worker.post(`/api/v1/cases/${id}/mediations/${med.id}/judicial-confirmation`, {
          judicialConfirmation: 'applied',
        })
      ).body.mediations.at(-1).judicialConfirmation,
    ).toBe('applied');
    const s = await worker.post(`/api/v1/cases/${id}/services`, {
      kind: 'emergency_aid',
      provider: '开州区妇联',
      providedOn: new Date().toISOString().slice(0, 10),
      amountYuan: 2000,
    });
    expect(s.body.services.at(-1)).toMatchObject({ kind: 'emergency_aid', amountYuan: 2000 });
  });

  it('closes with an outcome from follow-up, schedules follow-ups, and reopens with a reason', async () => {
    const f = await worker.post(`/api/v1/cases/${id}/transitions`, { transition: 'begin_follow_up' });
    expect(f.body.followUps.filter((x: { reason: string }) => x.reason === 'follow_up_phase')).toHaveLength(1);
    expect(
      (await worker.post(`/api/v1/cases/${id}/transitions`, { transition: 'close', reason: '已办结' })).body.field,
    ).toBe('outcome');
    const closed = await worker.post(`/api/v1/cases/${id}/transitions`, {
      transition: 'close',
      outcome: 'protected',
      reason: '保护令已签发，当事人安全',
    });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'protected' });
    expect(closed.body.followUps.filter((x: { reason: string }) => x.reason === 'after_closure')).toHaveLength(2);
    expect(closed.body.allowedActions).toEqual(expect.arrayContaining(['reopen', 'follow_up']));
    expect(
      (
        await worker.post(`/api/v1/cases/${id}/services`, {
          kind: 'counselling',
          provider: 'x1',
          providedOn: '2026-01-01',
        })
      ).status,
    ).toBe(409);
    const fu = closed.body.followUps[0];
    expect(
      (await worker.post(`/api/v1/cases/${id}/follow-ups/${fu.id}/done`, { note: '回访：当事人情况稳定' })).body
        .followUps[0].status,
    ).toBe('done');
    const reopened = await supervisor.post(`/api/v1/cases/${id}/transitions`, {
      transition: 'reopen',
      reason: '当事人再次求助',
    });
    expect(reopened.body).toMatchObject({ status: 'assessment', outcome: null, closedAt: null });
  });
});

describe("the agency's inbox, a page at a time", () => {
  type Counts = { sent: number; accepted: number };
  type Item = { id: number; status: string; urgent: boolean; sentAt: string; agency: { id: number } };
  const rank = (r: Item) =>
    (r.status === 'sent' ? 3 : r.status === 'accepted' ? 1 : 0) + (r.status !== 'answered' && r.urgent ? 1 : 0);
  /** Every page of the inbox at `limit`, following nextCursor to the end. */
  const walk = async (who: Client, query: string, limit: number) => {
    const pages: { items: Item[]; counts: Counts | null }[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: Item[]; counts: Counts | null; nextCursor: string | null } } =
        await who.get(`/api/v1/referrals?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 100);
    return { pages, items: pages.flatMap((p) => p.items) };
  };
  let policeAgency: number;
  const sent: number[] = [];

  beforeAll(async () => {
    const agencies = await worker.get(`/api/v1/cases/agencies?orgId=${village}`);
    policeAgency = agencies.body.items.find((a: { kind: string }) => a.kind === 'police').id;
    const court = agencies.body.items.find((a: { kind: string }) => a.kind === 'court').id;
    for (let i = 0; i < 3; i++) {
      const c = await worker.post('/api/v1/cases', hotlineCase());
      expect(c.status).toBe(201);
      for (let j = 0; j < 3; j++) {
        const r = await worker.post(`/api/v1/cases/${c.body.id}/referrals`, {
          agencyId: policeAgency,
          request: `请协助处理（第${i}-${j}件）`,
          urgent: j === 1,
        });
        expect(r.status).toBe(201);
        sent.push(r.body.referrals.at(-1).id);
      }
      await worker.post(`/api/v1/cases/${c.body.id}/referrals`, { agencyId: court, request: '请法院协助' });
    }
    // some are accepted: the inbox puts what is to accept first, then what is to answer
    for (const rid of sent.slice(0, 4))
      expect((await police.post(`/api/v1/referrals/${rid}/respond`, { action: 'accept' })).status).toBe(200);
  });

  it('walks every referral exactly once, what needs the agency first, and counts the whole inbox', async () => {
    const all = await police.get('/api/v1/referrals?limit=200');
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.agency.id).toBe(policeAgency);
    const { pages, items } = await walk(police, '', 2);
    expect(pages.length).toBeGreaterThan(3);
    expect(items.map((r) => r.id)).toEqual(all.body.items.map((r: Item) => r.id));
    expect(new Set(items.map((r) => r.id)).size).toBe(items.length);
    expect(items.map((r) => r.id)).toEqual(expect.arrayContaining(sent));
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1]!, items[i]!];
      expect(
        rank(a) > rank(b) || (rank(a) === rank(b) && (a.sentAt > b.sentAt || (a.sentAt === b.sentAt && a.id > b.id))),
        `${a.id} before ${b.id}`,
      ).toBe(true);
    }
    // counts come with the first page only and count the inbox, not the page
    expect(pages[0]!.counts).toMatchObject({
      sent: items.filter((r) => r.status === 'sent').length,
      accepted: items.filter((r) => r.status === 'accepted').length,
    });
    expect(pages[0]!.counts!.sent).toBeGreaterThan(2);
    expect(pages.slice(1).every((p) => p.counts === null)).toBe(true);
  });

  it('leaves out the referrals the agency may no longer read, however many come before the next one it may', async () => {
    const refer = async () => {
      const c = await worker.post('/api/v1/cases', hotlineCase());
      const r = await worker.post(`/api/v1/cases/${c.body.id}/referrals`, {
        agencyId: policeAgency,
        request: '请协助处理此案',
      });
      expect(r.status).toBe(201);
      return r.body.referrals.at(-1).id as number;
    };
    const respond = (rid: number, body: Record<string, unknown>) =>
      police
        .post(`/api/v1/referrals/${rid}/respond`, body)
        .then((r) => expect(r.status, JSON.stringify(r.body)).toBe(200));
    // answered (the agency still reads its case), then six sent later and declined: newer, so before it in the inbox
    const answered = await refer();
    await respond(answered, { action: 'accept' });
    await respond(answered, { action: 'report', text: '已出具告诫书', final: true });
    const declined: number[] = [];
    for (let i = 0; i < 6; i++) declined.push(await refer());
    for (const rid of declined) await respond(rid, { action: 'decline', reason: '不属本单位管辖范围' });
    const stored = await t.sql(`select 1 from case_referrals where id = any($1) and status = 'declined'`, [declined]);
    expect(stored).toHaveLength(6); // they are there; the agency no longer reads their cases (no live referral)

    const all = await police.get('/api/v1/referrals?limit=200');
    expect(all.body.items.map((r: Item) => r.id)).toContain(answered);
    expect(all.body.items.map((r: Item) => r.id)).not.toEqual(expect.arrayContaining([declined[0]]));
    // a page of one looks at a few candidates at a time: the six hidden ones in a row do not end the walk early
    const { items } = await walk(police, '', 1);
    expect(items.map((r) => r.id)).toEqual(all.body.items.map((r: Item) => r.id));
    expect(items.some((r) => declined.includes(r.id))).toBe(false);
  });

  it('combines the status filter with paging', async () => {
    for (const status of ['sent', 'accepted', 'answered'] as const) {
      const all = await police.get(`/api/v1/referrals?limit=200&status=${status}`);
      const { items } = await walk(police, `&status=${status}`, 1);
      expect(items.every((r) => r.status === status)).toBe(true);
      expect(items.map((r) => r.id)).toEqual(all.body.items.map((r: Item) => r.id));
      if (status !== 'answered') expect(items.length).toBe(all.body.counts[status]);
    }
  });

  it("never shows an agency another agency's referrals, on any page", async () => {
    const court = await t.login('kaizhou.court');
    const { items } = await walk(court, '', 1);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.agency.id !== policeAgency)).toBe(true);
    expect(items.map((r) => r.id)).not.toEqual(expect.arrayContaining([sent[0]]));
    // a cursor taken from the police inbox lists the court's own referrals after it, nothing of the police
    const first = await police.get('/api/v1/referrals?limit=1');
    const after = await court.get(`/api/v1/referrals?limit=200&cursor=${first.body.nextCursor}`);
    expect(after.status).toBe(200);
    expect(after.body.items.every((r: Item) => r.agency.id !== policeAgency)).toBe(true);
  });

  it('refuses a bad cursor or limit with the field named, in both languages', async () => {
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of [
      'not-a-cursor!',
      forged({ k: 'yesterday', id: 1, p: 0 }),
      forged({ k: '2026-11-30T00:00:00.000000Z', id: 1 }),
      forged({ k: '2026-11-30T00:00:00.000000Z', id: 1, p: 9 }),
      forged({ k: '2026-11-30T00:00:00.000000Z', id: 'x', p: 1 }),
    ]) {
      const bad = await police.get(`/api/v1/referrals?cursor=${cursor}`);
      expect(bad.status, cursor).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body).toMatchObject({ field: 'cursor' });
      const en = await police.request('GET', `/api/v1/referrals?cursor=${cursor}`, undefined, {
        'accept-language': 'en-US',
      });
      expect(JSON.stringify(bad.body)).toContain('分页游标无效');
      expect(JSON.stringify(en.body)).toContain('page cursor');
    }
    for (const limit of ['0', '201', 'abc']) {
      const bad = await police.get(`/api/v1/referrals?limit=${limit}`);
      expect(bad.status, limit).toBe(400);
      expect(bad.body).toMatchObject({ field: 'querystring.limit' });
    }
  });
});

describe('break-glass', () => {
  it('gives a reasoned, time-limited, read-only view, alerts the supervisors and is audited', async () => {
    const [row] = await t.sql<{ id: number }>(
      `select id from cases where status = 'follow_up' and org_id = $1 order by id limit 1`,
      [village],
    );
    const id = Number(row!.id);
    const cadre = await t.login('village.a');
    expect((await cadre.get(`/api/v1/cases/${id}`)).status).toBe(403);
    const summary = await cadre.get(`/api/v1/cases/${id}/summary`);
    expect(summary.body.allowedActions).toEqual(['break_glass']);
    expect((await cadre.post(`/api/v1/cases/${id}/break-glass`, { reason: '短' })).status).toBe(400);
    const bg = await cadre.post(`/api/v1/cases/${id}/break-glass`, { reason: '当事人到社区求助，情况紧急需了解案情' });
    expect(bg.status, JSON.stringify(bg.body)).toBe(200);
    expect(bg.body.accessBasis).toBe('break_glass');
    expect(bg.body.allowedActions).toEqual([]);
    expect((await cadre.get(`/api/v1/cases/${id}`)).status).toBe(200);
    expect(
      (await cadre.request('PUT', `/api/v1/cases/${id}/safety-plan`, { text: '尝试修改', items: [] })).status,
    ).toBe(403);
    const inbox = await supervisor.get('/api/v1/notifications');
    expect(
      inbox.body.items.some(
        (n: { kind: string; link: string }) => n.kind === 'case.break_glass' && n.link === `/cases/${id}`,
      ),
    ).toBe(true);
    const audit = await t.sql<{ reason: string }>(
      `select reason from audit_events where action = 'case.break_glass' and target_id = $1`,
      [String(id)],
    );
    expect(audit[0]!.reason).toContain('情况紧急');
    const seen = await worker.get(`/api/v1/cases/${id}`);
    expect(seen.body.accessGrants[0]).toMatchObject({ user: expect.stringContaining('village.a'), active: true });
    await t.sql(`update case_access_grants set expires_at = now() - interval '1 minute' where case_id = $1`, [id]);
    expect((await cadre.get(`/api/v1/cases/${id}`)).status).toBe(403);
  });
});

describe('the sweeper raises what is late with nobody on any page', () => {
  it('escalates an uncontacted high-risk case and an overdue follow-up (督办), reminds before an order expires, once', async () => {
    const res = await worker.post('/api/v1/cases', hotlineCase({ indicators: ['weapon'] }));
    const id = res.body.id as number;
    await t.sql(`update case_details set contact_due_at = now() - interval '1 hour' where case_id = $1`, [id]);
    const [fu] = await t.sql<{ id: number; case_id: number }>(
      `select id, case_id from case_follow_ups where status = 'pending' order by id limit 1`,
    );
    await t.sql(`update case_follow_ups set due_on = current_date - 3 where id = $1`, [fu!.id]);
    await t.sql(
      `update case_instruments set remind_on = current_date - 1, reminder_sent_at = null where kind = 'protection_order' and status = 'issued'`,
    );
    const first = await t.platform.modules.cases.sweepNow();
    expect(first.contactsOverdue).toBeGreaterThanOrEqual(1);
    expect(first.followUpsOverdue).toBeGreaterThanOrEqual(1);
    expect(first.ordersExpiring).toBeGreaterThanOrEqual(1);
    const again = await t.platform.modules.cases.sweepNow();
    expect(again).toEqual({ contactsOverdue: 0, followUpsOverdue: 0, ordersExpiring: 0 });
    const c = await worker.get(`/api/v1/cases/${id}`);
    expect(c.body).toMatchObject({ supervised: true, contactOverdue: true });
    const inbox = await supervisor.get('/api/v1/notifications');
    expect(
      inbox.body.items.some(
        (n: { kind: string; link: string }) => n.kind === 'case.contact_overdue' && n.link === `/cases/${id}`,
      ),
    ).toBe(true);
    const workerInbox = await worker.get('/api/v1/notifications');
    expect(workerInbox.body.items.some((n: { kind: string }) => n.kind === 'case.order_expiring')).toBe(true);
    const fuCase = await supervisor.get(`/api/v1/cases/${fu!.case_id}`);
    expect(fuCase.body.supervised).toBe(true);
  });

  it('runs as a periodic job registered with the platform runner', async () => {
    await t.platform.jobs.ready();
    const rows = await t.sql<{ name: string }>(`select name from pgboss.queue where name = 'cases.sweep'`);
    expect(rows).toHaveLength(1);
  });
});

describe('exports are password-protected files, audited', () => {
  it('encrypts the workbook (ECMA-376 agile), holds only cases the user may read, masks victims, logs the export', async () => {
    expect((await worker.post('/api/v1/cases/export', { password: 'weak' })).body.field).toBe('password');
    const raw = await t.platform.http.inject({
      method: 'POST',
      url: '/api/v1/cases/export',
      headers: {
        cookie: [...worker.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': worker.cookies.get('jinguo_csrf')!,
        'content-type': 'application/json',
      },
      payload: JSON.stringify({ password: 'Export#2026' }),
    });
    expect(raw.statusCode).toBe(200);
    const file = Buffer.from(raw.rawPayload);
    expect(file.subarray(0, 4).toString('hex')).toBe('d0cf11e0');
    expect(officeCrypto.isEncrypted(file)).toBe(true);
    await expect(officeCrypto.decrypt(file, { password: 'Wrong#2026' })).rejects.toThrow();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await officeCrypto.decrypt(file, { password: 'Export#2026' })) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('维权案件')!;
    const nos = sheet.getColumn(1).values.slice(2) as string[];
    const readable = await t.sql<{ case_no: string }>(
      `select c.case_no from cases c join case_assignments a on a.case_id = c.id join users u on u.id = a.user_id where u.username = 'kaizhou.caseworker' and a.ended_at is null`,
    );
    expect(new Set(nos)).toEqual(new Set(readable.map((r) => r.case_no)));
    const text = JSON.stringify(sheet.getSheetValues());
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(text).not.toContain('王秀英');
    const audit = await t.sql<{ after: { rows: number } }>(
      `select after from audit_events where action = 'case.export' order by id desc limit 1`,
    );
    expect(audit[0]!.after.rows).toBe(nos.length);
  });
});

describe('figures, nil reports, timeline', () => {
  it('the five-mechanism figures roll up from the village to the district and the city, fresh at once', async () => {
    const q = (org: number, by = 'self') =>
      supervisor.get(`/api/v1/cases/figures?orgId=${org}&from=2020-01-01&to=2099-12-31&by=${by}`);
    const before = (await q(district)).body.rows[0].values;
    await worker.post('/api/v1/cases', hotlineCase());
    await worker.post('/api/v1/cases/screenings', {
      orgId: village,
      visitedOn: chinaToday(),
      households: 12,
      disputesFound: 1,
    });
    const after = (await q(district)).body.rows[0].values;
    expect(after['cases.reports']).toBe(before['cases.reports'] + 1);
    expect(after['cases.screening_visits']).toBe(before['cases.screening_visits'] + 12);
    expect(after['cases.referrals_answered']).toBeGreaterThanOrEqual(1);
    expect(after['cases.supervised']).toBeGreaterThanOrEqual(1);
    const towns = (await q(district, 'children')).body.rows;
    const hanfeng = towns.find((r: { org: { name: string } }) => r.org.name.includes('汉丰'));
    expect(hanfeng.values['cases.reports']).toBe(after['cases.reports']);
    const city = await t.login('city.cadre');
    const cityFig = await city.get(`/api/v1/cases/figures?from=2020-01-01&to=2099-12-31`);
    expect(cityFig.body.rows[0].values['cases.reports']).toBeGreaterThanOrEqual(after['cases.reports']);
  });

  it("by children, the org's own cases (本级) have a row of their own, and the rows add up to its total", async () => {
    const q = async (by: string) =>
      (await supervisor.get(`/api/v1/cases/figures?orgId=${district}&from=2020-01-01&to=2099-12-31&by=${by}`)).body;
    const before = await q('children');
    expect(before.rows[0]).toMatchObject({ org: { id: district }, own: true });
    expect(before.rows.slice(1).every((r: { own: boolean }) => !r.own)).toBe(true);
    // A case the district registers itself, in no town's subtree.
    expect((await worker.post('/api/v1/cases', hotlineCase({ orgId: district }))).status).toBe(201);
    const after = await q('children');
    expect(after.rows[0].values['cases.reports']).toBe(before.rows[0].values['cases.reports'] + 1);
    const towns = (rows: { org: { id: number }; own: boolean; values: Record<string, number> }[]) =>
      rows.filter((r) => !r.own).map((r) => [r.org.id, r.values['cases.reports']]);
    expect(towns(after.rows)).toEqual(towns(before.rows));
    const total = (await q('self')).rows[0].values;
    for (const m of after.metrics as string[])
      expect(after.rows.reduce((sum: number, r: { values: Record<string, number> }) => sum + r.values[m]!, 0)).toBe(
        total[m],
      );
  });

  it('a nil report is refused for a month with cases and accepted for one without', async () => {
    const month = chinaToday().slice(0, 7);
    const cadre = await t.login('village.a');
    expect((await cadre.post('/api/v1/cases/nil-reports', { orgId: village, period: month })).body.code).toBe(
      'NIL_REPORT_CONFLICT',
    );
    expect((await cadre.post('/api/v1/cases/nil-reports', { orgId: village, period: '2019-03' })).status).toBe(201);
    expect((await cadre.post('/api/v1/cases/nil-reports', { orgId: village, period: '2019-03' })).status).toBe(409);
    expect((await cadre.post('/api/v1/cases/nil-reports', { orgId: village, period: '2019-13' })).body.field).toBe(
      'period',
    );
  });

  it("a person's cases appear on her timeline only for those entitled", async () => {
    const [p] = await t.sql<{ person_id: number; case_id: number }>(
      `select person_id, case_id from case_parties where person_id is not null and role = 'victim' order by id limit 1`,
    );
    const entry = (items: { source: string; link: string }[]) =>
      items.find((i) => i.source === 'cases' && i.link === `/cases/${p!.case_id}`);
    expect(entry((await worker.get(`/api/v1/people/${p!.person_id}/timeline`)).body.items)).toBeTruthy();
    const cadre = await t.login('village.b');
    const hanfeng = await t.login('hanfeng.cadre');
    const a = await hanfeng.get(`/api/v1/people/${p!.person_id}/timeline`);
    expect(a.status).toBe(200);
    expect(entry(a.body.items)).toBeUndefined();
    void cadre;
  });
});

describe('reorganizations', () => {
  it('moving a community moves its cases with all their content, whoever reorganizes', async () => {
    const [c] = await t.sql<{ id: number }>(`select id from cases where org_id = $1 order by id limit 1`, [village]);
    const cadre = await t.login('kaizhou.cadre');
    const [other] = await t.sql<{ id: number }>(
      `select id from organizations where parent_id = $1 and type = 'town_federation' and code <> '500154001' order by code limit 1`,
      [district],
    );
    const moved = await cadre.post(`/api/v1/organizations/${village}/move`, {
      newParentId: Number(other!.id),
      effectiveDate: chinaToday(),
      reason: '区划调整：社区划归相邻街道',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const stale = await t.sql<{ t: string; n: number }>(`
      select 'details' as t, count(*)::int as n from case_details d join cases c on c.id = d.case_id where d.org_path <> c.org_path
      union all select 'parties', count(*)::int from case_parties p join cases c on c.id = p.case_id where p.org_path <> c.org_path
      union all select 'events', count(*)::int from case_events e join cases c on c.id = e.case_id where e.org_path <> c.org_path
      union all select 'files', count(*)::int from stored_files f join cases c on c.id = f.owner_id and f.owner_type = 'case' where f.org_path <> c.org_path`);
    expect(stale.filter((r) => r.n > 0)).toEqual([]);
    const [after] = await t.sql<{ case_path: string; org_path: string }>(
      `select c.org_path::text as case_path, o.path::text as org_path from cases c join organizations o on o.id = c.org_id where c.id = $1`,
      [c!.id],
    );
    expect(after!.case_path).toBe(after!.org_path);
    expect(after!.case_path.split('.')).toContain(String(other!.id));
    expect((await worker.get(`/api/v1/cases/${c!.id}`)).status).toBe(200);
  });
});

describe('reorganizations: merge', () => {
  it('merging a community re-binds its cases and their content to the absorbing org', async () => {
    const source = await t.org('500154001002');
    const [target] = await t.sql<{ id: number }>(
      `select id from organizations where parent_id = (select parent_id from organizations where id = $1) and id <> $1 and type = 'village_federation' and status = 'active' order by code limit 1`,
      [source],
    );
    const before = (await t.sql<{ n: number }>(`select count(*)::int as n from cases where org_id = $1`, [source]))[0]!
      .n;
    expect(before).toBeGreaterThan(0);
    const cadre = await t.login('hanfeng.cadre');
    const merged = await cadre.post(`/api/v1/organizations/${source}/merge`, {
      targetId: Number(target!.id),
      effectiveDate: chinaToday(),
      reason: '社区合并：两个社区合并为一个',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect((await t.sql<{ n: number }>(`select count(*)::int as n from cases where org_id = $1`, [source]))[0]!.n).toBe(
      0,
    );
    const stale = await t.sql<{ n: number }>(
      `select count(*)::int as n from case_details d join cases c on c.id = d.case_id where d.org_path <> c.org_path or c.org_path <> (select path from organizations where id = c.org_id)`,
    );
    expect(stale[0]!.n).toBe(0);
  });
});
