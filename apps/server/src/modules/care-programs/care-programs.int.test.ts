import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionTree, person, signedIn } from '../../../test/factories.js';
import { chinaDate, chinaToday } from '../../platform/time.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

// Care programs over a bare platform: a city, two districts, a town, two villages; the 两癌 program exactly as
// published, up the levels to payment; once-only with an audited override; quotas; the woman on /h5; parcels and
// greetings; out-of-scope 404s and bad input naming the field.

const TODAY = chinaToday();
/** The year payments made today fall in (the figures and lists below are read over it). */
const YEAR = `from=${TODAY.slice(0, 4)}-01-01&to=${TODAY.slice(0, 4)}-12-31`;
let t: TestPlatform;
let city: Client, district: Client, town: Client, village: Client, other: Client, member: Client;
let ids: Record<string, number>;
let woman: number, man: number, lianAi: number, emergency: number;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const MATERIALS = ['id_card', 'diagnosis', 'category_proof', 'household_register', 'bank_card'];

async function upload(c: Client | null, url: string, cookies: Map<string, string>, csrf: string) {
  const res = await t.platform.http.inject({
    method: 'POST',
    url,
    payload: PNG,
    headers: {
      'content-type': 'image/png',
      cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': csrf,
    },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
const staffUpload = (c: Client, appId: number, code: string) =>
  upload(
    c,
    `/api/v1/care-programs/applications/${appId}/materials?code=${code}&name=${code}.png`,
    c.cookies,
    c.cookies.get('jinguo_csrf') ?? '',
  );

const lianAiProgram = (over: Record<string, unknown> = {}) => ({
  orgId: ids['50'],
  code: 'liangai-2026',
  name: '“两癌”患病困难妇女救助',
  kind: 'aid',
  eligibility: {
    sex: 'female',
    civilCategories: ['dibao', 'tekun', 'fanpin_risk', 'expenditure_hardship'],
    diagnoses: [
      { disease: 'cervical_cancer', invasive: true, minStage: 'IIB' },
      { disease: 'breast_cancer', invasive: true },
    ],
    applyWhereRegistered: true,
  },
  benefit: { kind: 'money', amount: 10000, description: '一次性救助金' },
  period: 'lifetime',
  materials: [
    { code: 'id_card', name: '身份证' },
    { code: 'diagnosis', name: '诊断证明' },
    { code: 'category_proof', name: '困难类别证明' },
    { code: 'household_register', name: '户口簿' },
    { code: 'bank_card', name: '银行卡' },
  ],
  reviewChain: [
    { code: 'initial', name: '初审', levels: ['village', 'town'], workdays: 10 },
    {
      code: 'second',
      name: '复审',
      levels: ['district'],
      workdays: 10,
      consult: ['health', 'medical_insurance', 'civil_affairs'],
    },
    { code: 'city_check', name: '市级审核', levels: ['city'], workdays: 10 },
    { code: 'approval', name: '审批', levels: ['city'], workdays: 15 },
  ],
  paymentLevels: ['district'],
  budget: 100000,
  quotas: [{ orgId: ids['500154'], quota: 1, budget: 20000 }],
  startsOn: '2026-01-01',
  ...over,
});
const application = (over: Record<string, unknown> = {}) => ({
  programId: lianAi,
  personId: woman,
  civilCategory: 'dibao',
  diagnosis: {
    disease: 'cervical_cancer',
    invasive: true,
    stage: 'IIIA',
    hospital: '开州区人民医院',
    diagnosedOn: '2026-09-02',
  },
  bankAccount: { bankName: '重庆农村商业银行', accountNumber: '6228480012345678901', accountHolder: '谭秀英' },
  ...over,
});
const review = (c: Client, id: number, body: Record<string, unknown>) =>
  c.post(`/api/v1/care-programs/applications/${id}/review`, { opinion: '情况属实', ...body });

/** A complete, submitted application of the woman. */
async function submitted(over: Record<string, unknown> = {}) {
  const a = await village.post('/api/v1/care-programs/applications', application(over));
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  for (const m of MATERIALS) expect((await staffUpload(village, a.body.id, m)).status).toBe(201);
  expect((await village.post(`/api/v1/care-programs/applications/${a.body.id}/submit`)).status).toBe(200);
  return Number(a.body.id);
}
const consults = [
  { agency: 'health', consultedOn: TODAY, opinion: '诊断属实' },
  { agency: 'medical_insurance', consultedOn: TODAY, opinion: '已参保，报销后自付较高' },
  { agency: 'civil_affairs', consultedOn: TODAY, opinion: '低保户属实' },
];
/** Initial, second and city check passed: the application waits for approval. */
async function upToApproval(id: number) {
  expect((await review(village, id, { action: 'pass' })).body.step.code).toBe('second');
  expect((await review(district, id, { action: 'pass', consultations: consults })).body.step.code).toBe('city_check');
  expect((await review(city, id, { action: 'pass' })).body.step.code).toBe('approval');
}

beforeAll(async () => {
  t = await startTestPlatform({ demo: false });
  ids = await divisionTree(t, [
    ['province', '50', '', '重庆市'],
    ['district', '500154', '50', '开州区'],
    ['district', '500101', '50', '万州区'],
    ['town', '500154001', '500154', '汉丰街道'],
    ['village', '500154001001', '500154001', '驷马社区'],
    ['village', '500154001002', '500154001', '安康社区'],
    ['town', '500101001', '500101', '高笋塘街道'],
  ]);
  [city, district, town, village, other, member] = await Promise.all([
    signedIn(t, { username: 'city.cadre', orgId: ids['50']!, roles: ['cadre'] }),
    signedIn(t, { username: 'kaizhou.cadre', orgId: ids['500154']!, roles: ['cadre'] }),
    signedIn(t, { username: 'hanfeng.cadre', orgId: ids['500154001']!, roles: ['cadre'] }),
    signedIn(t, { username: 'village.a', orgId: ids['500154001001']!, roles: ['cadre'] }),
    signedIn(t, { username: 'wanzhou.cadre', orgId: ids['500101']!, roles: ['cadre'] }),
    signedIn(t, { username: 'village.a.member', orgId: ids['500154001001']!, roles: ['executive_member'] }),
  ]);
  const A = ids['500154001001']!;
  woman = await person(village, {
    orgId: A,
    name: '谭秀英',
    gender: 'female',
    birthDate: '1975-04-02',
    tags: ['difficult_woman'],
  });
  man = await person(village, { orgId: A, name: '李国强', gender: 'male', birthDate: '1970-01-01' });
});
afterAll(() => t?.close());

describe('program definitions', () => {
  it('are data checked by the server: a chain must climb, tags exist, quotas go to districts', async () => {
    const down = lianAiProgram({
      reviewChain: [
        { code: 'district_first', name: '区审', levels: ['district'], workdays: 5 },
        { code: 'village_after', name: '村审', levels: ['village'], workdays: 5 },
      ],
    });
    const r1 = await city.post('/api/v1/care-programs/programs', down);
    expect([r1.status, r1.body.field]).toEqual([400, 'reviewChain.1.levels']);
    const r2 = await city.post(
      '/api/v1/care-programs/programs',
      lianAiProgram({ eligibility: { tagsAny: ['no_such_tag'] } }),
    );
    expect([r2.status, r2.body.field]).toEqual([400, 'eligibility.tagsAny.0']);
    const r3 = await city.post(
      '/api/v1/care-programs/programs',
      lianAiProgram({ quotas: [{ orgId: ids['500154001'], quota: 3 }] }),
    );
    expect([r3.status, r3.body.field]).toEqual([400, 'quotas.0.orgId']);
    const r4 = await city.post(
      '/api/v1/care-programs/programs',
      lianAiProgram({ benefit: { kind: 'money', amount: -5 } }),
    );
    expect([r4.status, r4.body.errors?.[0]?.field ?? r4.body.field]).toEqual([400, 'benefit.amount']);
    expect((await district.post('/api/v1/care-programs/programs', lianAiProgram())).status).toBe(404); // city org
    expect((await member.post('/api/v1/care-programs/programs', lianAiProgram())).status).toBe(403);
    const ok = await city.post('/api/v1/care-programs/programs', lianAiProgram());
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    lianAi = ok.body.id;
    expect(ok.body.quotas[0]).toMatchObject({ quota: 1, approved: 0, budget: 20000 });
    // lower orgs read the programs of their ancestors
    expect((await village.get(`/api/v1/care-programs/programs/${lianAi}`)).body.name).toContain('两癌');
    const e = await city.post('/api/v1/care-programs/programs', {
      ...lianAiProgram(),
      code: 'emergency-2026',
      name: '困难妇女应急救助',
      kind: 'emergency',
      eligibility: { sex: 'female' },
      benefit: { kind: 'money', amount: 2000 },
      period: 'year',
      materials: [{ code: 'id_card', name: '身份证' }],
      reviewChain: [{ code: 'initial', name: '初审', levels: ['village', 'town'], workdays: 3 }],
      quotas: [],
      budget: null,
    });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    emergency = e.body.id;
  });

  it('checks a person against every open program', async () => {
    const r = await village.get(`/api/v1/care-programs/eligibility?personId=${woman}`);
    expect(r.body.items.find((v: any) => v.program.id === lianAi)).toMatchObject({
      verdict: 'to_declare',
      toDeclare: ['civilCategory', 'diagnosis'],
    });
    const m = await village.get(`/api/v1/care-programs/eligibility?personId=${man}`);
    expect(m.body.items.find((v: any) => v.program.id === lianAi).verdict).toBe('ineligible');
    expect((await other.get(`/api/v1/care-programs/eligibility?personId=${woman}`)).status).toBe(404);
    expect((await village.get(`/api/v1/care-programs/eligibility?personId=999999`)).status).toBe(404);
    const badId = await village.get(`/api/v1/care-programs/eligibility?personId=x`);
    expect([badId.status, badId.body.field]).toEqual([400, 'querystring.personId']);
  });

  it('costs one round trip: the scope setup and one prepared statement in a single message', async () => {
    const url = `/api/v1/care-programs/eligibility?personId=${woman}`;
    expect((await village.get(url)).status).toBe(200); // prepares the statement on a connection
    // the messages sent to the database (the session lookup aside), as organizations.int.test.ts counts them
    const sent: string[] = [];
    const h = t.platform.handle;
    const pg = (await import('pg')).default;
    const target: Record<'query' | 'exec', (...a: unknown[]) => unknown> = (h.pglite ?? pg.Client.prototype) as never;
    const original = { query: target.query, exec: target.exec };
    for (const m of ['query', 'exec'] as const) {
      if (!original[m]) continue;
      target[m] = function (this: unknown, ...a: unknown[]) {
        const text = typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string })?.text ?? '');
        if (!text.includes('"sessions"')) sent.push(text);
        return original[m]!.apply(this, a);
      };
    }
    try {
      expect((await village.get(url)).status).toBe(200);
    } finally {
      target.query = original.query;
      if (original.exec) target.exec = original.exec;
    }
    // pg's pool may hand out another connection, which prepares once more: a PREPARE, then the one message
    const reads = sent.filter((m) => !m.startsWith('prepare '));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toContain("set_config('jinguo.scope_path'");
    expect(reads[0]).toMatch(/execute jinguo_[0-9a-f]+\(/);
  });

  it('evaluates every rule of every program from one read: age, tags, region (hidden regions admit nobody)', async () => {
    const rules = { sex: 'female', ageMin: 40, ageMax: 60, tagsAny: ['difficult_woman'] };
    const made: number[] = [];
    for (const [code, eligibility] of [
      ['region-kaizhou', { ...rules, regionOrgIds: [ids['500154']] }],
      ['region-wanzhou', { ...rules, regionOrgIds: [ids['500101']] }],
      ['too-young', { ...rules, ageMax: 45 }],
      ['single-mothers', { ...rules, tagsAny: ['single_mother'] }],
    ] as const) {
      const p = await city.post('/api/v1/care-programs/programs', {
        ...lianAiProgram(),
        code,
        name: code,
        kind: 'emergency',
        eligibility,
        benefit: { kind: 'money', amount: 500 },
        period: 'year',
        materials: [],
        reviewChain: [{ code: 'initial', name: '初审', levels: ['village', 'town'], workdays: 3 }],
        quotas: [],
        budget: null,
      });
      expect(p.status, JSON.stringify(p.body)).toBe(201);
      made.push(p.body.id);
    }
    const verdicts = async (c: Client) => {
      const r = await c.get(`/api/v1/care-programs/eligibility?personId=${woman}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return Object.fromEntries(
        r.body.items
          .filter((v: any) => made.includes(v.program.id))
          .map((v: any) => [v.program.code, [v.verdict, v.problems.map((x: any) => x.message['en-US'])]]),
      );
    };
    const expected = {
      'region-kaizhou': ['eligible', []],
      'region-wanzhou': ['ineligible', ['her household is not registered in the program’s region']],
      'too-young': ['ineligible', [expect.stringContaining('age must be 40–45')]],
      'single-mothers': ['ineligible', ['must carry one of the tags single_mother']],
    };
    // the city sees 万州区; the village cannot, and a region hidden from her admits nobody she may see
    expect(await verdicts(city)).toEqual(expected);
    expect(await verdicts(village)).toEqual(expected);
    for (const id of made) {
      const p = (await city.get(`/api/v1/care-programs/programs/${id}`)).body;
      const { id: _id, org, budgetUsed: _u, quotas: _q, version, ...rest } = p;
      const closed = await city.request('PUT', `/api/v1/care-programs/programs/${id}`, {
        ...rest,
        orgId: org.id,
        quotas: [],
        state: 'closed',
        version,
      });
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    }
    const after = await village.get(`/api/v1/care-programs/eligibility?personId=${woman}`);
    expect(after.body.items.some((v: any) => made.includes(v.program.id))).toBe(false);
  });
});

describe('两癌 aid up the levels', () => {
  let id: number;
  it('refuses applicants outside the rules and bad amounts, naming the field', async () => {
    const post = (over: Record<string, unknown>) =>
      village.post('/api/v1/care-programs/applications', application(over));
    const cases: [Record<string, unknown>, string][] = [
      [{ personId: man }, 'personId'],
      [
        {
          diagnosis: {
            disease: 'cervical_cancer',
            invasive: true,
            stage: 'IIA',
            hospital: '开州区人民医院',
            diagnosedOn: '2026-09-02',
          },
        },
        'diagnosis',
      ],
      [
        {
          diagnosis: {
            disease: 'breast_cancer',
            invasive: false,
            hospital: '开州区人民医院',
            diagnosedOn: '2026-09-02',
          },
        },
        'diagnosis',
      ],
      [{ amount: 12000 }, 'amount'],
    ];
    for (const [over, field] of cases) {
      const r = await post(over);
      expect([r.status, r.body.field], JSON.stringify(over)).toEqual([400, field]);
    }
    const negative = await post({ amount: -1 });
    expect([negative.status, negative.body.errors[0].field]).toEqual([400, 'amount']);
    expect((await other.post('/api/v1/care-programs/applications', application())).status).toBe(404);
  });

  it('a draft needs every material; sensitive fields are encrypted and masked', async () => {
    const a = await village.post('/api/v1/care-programs/applications', application());
    expect(a.status).toBe(201);
    id = a.body.id;
    expect(a.body).toMatchObject({
      state: 'draft',
      diagnosisMasked: '******',
      bankAccountMasked: '6228 **** **** 8901',
      amount: 10000,
    });
    expect(JSON.stringify(a.body)).not.toContain('6228480012345678901');
    const [row] = await t.sql<any>('select diagnosis_enc, bank_account_enc from care_applications where id = $1', [id]);
    expect(row.diagnosis_enc).not.toContain('cervical');
    expect(row.bank_account_enc).not.toContain('6228480012345678901');
    for (const m of MATERIALS.slice(0, 3)) await staffUpload(village, id, m);
    const missing = await village.post(`/api/v1/care-programs/applications/${id}/submit`);
    expect([missing.status, missing.body.code, missing.body.field]).toEqual([
      400,
      'CARE_MATERIALS_MISSING',
      'materials.household_register',
    ]);
    for (const m of MATERIALS.slice(3)) await staffUpload(village, id, m);
    const s = await village.post(`/api/v1/care-programs/applications/${id}/submit`);
    expect(s.body).toMatchObject({ state: 'in_review', step: { code: 'initial' }, overdue: false });
    // the deadline counts working days of the platform calendar: 10 working days after a Thursday
    const cal = t.platform.calendar;
    const due = new Date(s.body.deadline);
    expect(cal.workdaysBetween(chinaDate(new Date()), chinaDate(due))).toBe(10);
    expect(cal.isWorkday(chinaDate(due))).toBe(true);
  });

  it('each level sees its queue; nobody acts at a level not hers or skips one', async () => {
    expect(
      (await town.get('/api/v1/care-programs/applications?queue=true')).body.items.map((a: any) => a.id),
    ).toContain(id);
    expect((await district.get('/api/v1/care-programs/applications?queue=true')).body.items).toEqual([]);
    const skip = await review(district, id, { action: 'pass' });
    expect([skip.status, skip.body.code]).toEqual([403, 'CARE_NOT_YOUR_LEVEL']);
    expect((await review(other, id, { action: 'pass' })).status).toBe(404);
    expect((await review(member, id, { action: 'pass' })).status).toBe(403);
    expect((await review(village, id, { action: 'pass' })).body.step.code).toBe('second');
    expect((await review(village, id, { action: 'pass' })).body.code).toBe('CARE_NOT_YOUR_LEVEL');
    // 复审 records the consultation of health, medical insurance and civil affairs before it passes
    const noConsult = await review(district, id, { action: 'pass' });
    expect([noConsult.status, noConsult.body.field]).toEqual([400, 'consultations']);
    await review(district, id, { action: 'comment', consultations: consults.slice(0, 2) });
    const second = await review(district, id, { action: 'pass', consultations: consults.slice(2) });
    expect(second.body.step.code).toBe('city_check');
    expect(second.body.reviews.filter((r: any) => r.consultations.length).length).toBe(2);
    expect((await review(city, id, { action: 'pass' })).body.step.code).toBe('approval');
    // returned for more material: the applicant sees the reason, resubmits, and it comes back to the same level
    const back = await review(city, id, { action: 'return', opinion: '请补充病理报告原件' });
    expect(back.body).toMatchObject({ state: 'returned', reason: '请补充病理报告原件' });
    await staffUpload(village, id, 'diagnosis');
    expect((await village.post(`/api/v1/care-programs/applications/${id}/submit`)).body.step.code).toBe('approval');
    const over = await review(city, id, { action: 'pass', amount: 10000.5 });
    expect([over.status, over.body.field]).toEqual([400, 'amount']);
    const approved = await review(city, id, { action: 'pass' });
    expect(approved.body).toMatchObject({ state: 'approved', actions: [] });
    const p = await city.get(`/api/v1/care-programs/programs/${lianAi}`);
    expect(p.body.quotas[0]).toMatchObject({ approved: 1, approvedAmount: 10000 });
    expect(p.body.budgetUsed).toBe(10000);
  });

  it('unmasking the diagnosis and bank account needs the permission and a reason, and is audited', async () => {
    expect((await member.post(`/api/v1/care-programs/applications/${id}/unmask`, { reason: '核对账户' })).status).toBe(
      403,
    );
    const u = await district.post(`/api/v1/care-programs/applications/${id}/unmask`, { reason: '核对收款账户' });
    expect(u.body).toMatchObject({
      civilCategory: 'dibao',
      diagnosis: { stage: 'IIIA' },
      bankAccount: { accountNumber: '6228480012345678901' },
    });
    const audit = await t.sql<any>(`select reason, after from audit_events where action = 'care.application.unmask'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe('核对收款账户');
    expect(JSON.stringify(audit)).not.toContain('6228480012345678901');
  });

  it('a second application is refused naming the earlier benefit; an override needs a permission and a reason', async () => {
    const again = await village.post('/api/v1/care-programs/applications', application());
    expect([again.status, again.body.code]).toEqual([409, 'CARE_ALREADY_BENEFITED']);
    expect(again.body.message['zh-CN']).toContain(`申请 #${id}`);
    const byMember = await member.post(
      '/api/v1/care-programs/applications',
      application({ override: { reason: '复发再次救助' } }),
    );
    expect(byMember.status).toBe(403);
    const short = await village.post('/api/v1/care-programs/applications', application({ override: { reason: '短' } }));
    expect([short.status, short.body.errors[0].field]).toEqual([400, 'override.reason']);
    const second = await submitted({ override: { reason: '经市妇联研究同意复发再次救助' } });
    const audit = await t.sql<any>(`select reason from audit_events where action = 'care.application.override'`);
    expect(audit.map((a) => a.reason)).toEqual(['经市妇联研究同意复发再次救助']);
    // …but the district's quota (1) is used: the approval is refused, and nothing moved
    await upToApproval(second);
    const full = await review(city, second, { action: 'pass' });
    expect([full.status, full.body.code]).toEqual([409, 'CARE_QUOTA_EXHAUSTED']);
    expect((await city.get(`/api/v1/care-programs/applications/${second}`)).body.state).toBe('in_review');
    const refused = await review(city, second, { action: 'refuse', opinion: '本年度名额已满' });
    expect(refused.body).toMatchObject({ state: 'refused', reason: '本年度名额已满' });
  });

  it('payment: the list for finance, nothing half-done, then the benefit everywhere', async () => {
    const list = await t.platform.http.inject({
      method: 'POST',
      url: `/api/v1/care-programs/programs/${lianAi}/payment-list`,
      payload: { reason: '12月批量发放' },
      headers: {
        cookie: [...district.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': district.cookies.get('jinguo_csrf')!,
      },
    });
    expect(list.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(list.rawPayload as never);
    const rows = wb.getWorksheet('发放清单')!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[1]).toEqual(expect.arrayContaining(['谭秀英', '6228480012345678901', 10000]));
    const pay = { amount: 10000, paidOn: TODAY, channel: 'bank_transfer', reference: 'CQRCB-20261126-001' };
    expect((await village.post(`/api/v1/care-programs/applications/${id}/pay`, pay)).body.code).toBe(
      'CARE_NOT_YOUR_LEVEL',
    );
    expect((await other.post(`/api/v1/care-programs/applications/${id}/pay`, pay)).status).toBe(404);
    const tooMuch = await district.post(`/api/v1/care-programs/applications/${id}/pay`, { ...pay, amount: 10001 });
    expect([tooMuch.status, tooMuch.body.field]).toEqual([400, 'amount']);
    // a batch with one bad line records nothing
    const batch = await district.post('/api/v1/care-programs/payments', {
      items: [
        { ...pay, applicationId: id },
        { ...pay, applicationId: id + 1000 },
      ],
    });
    expect([batch.status, batch.body.field]).toEqual([404, 'items.1.applicationId']);
    expect((await district.get(`/api/v1/care-programs/applications/${id}`)).body.state).toBe('approved');
    expect(await t.sql('select id from care_disbursements')).toHaveLength(0);
    const paid = await district.post('/api/v1/care-programs/payments', { items: [{ ...pay, applicationId: id }] });
    expect(paid.body).toEqual({ paid: 1, amount: 10000 });
    expect((await district.get(`/api/v1/care-programs/applications/${id}`)).body.disbursement).toMatchObject({
      amount: 10000,
      channel: 'bank_transfer',
    });
    const b = await town.get(`/api/v1/care-programs/beneficiaries?programId=${lianAi}&${YEAR}`);
    expect(b.body.items).toEqual([
      expect.objectContaining({ person: expect.objectContaining({ name: '谭秀英' }), amount: 10000 }),
    ]);
    expect((await other.get('/api/v1/care-programs/beneficiaries')).body.items).toEqual([]);
    const timeline = await village.get(`/api/v1/people/${woman}/timeline`);
    expect(JSON.stringify(timeline.body)).toContain('获得「“两癌”患病困难妇女救助」10000 元');
    const f = await city.get(`/api/v1/care-programs/figures?${YEAR}`);
    expect(f.body.total).toMatchObject({ beneficiaries: 1, disbursed: 10000 });
    expect(f.body.children.find((c: any) => c.org.id === ids['500154'])).toMatchObject({ beneficiaries: 1 });
    // the cockpit's indicators (数她说) read the same counters, fen shown as yuan
    const codes = 'care.applications,care.beneficiaries,care.disbursed,care.parcels';
    const cockpit = await city.get(
      `/api/v1/dashboards/cockpit?from=${TODAY.slice(0, 4)}-01-01&to=${TODAY}&indicators=${codes}`,
    );
    expect(cockpit.status).toBe(200);
    expect(cockpit.body.total.values).toMatchObject({
      'care.applications': f.body.total.applications,
      'care.beneficiaries': 1,
      'care.disbursed': 10000,
    });
    const p = await city.get(`/api/v1/care-programs/programs/${lianAi}`);
    expect(p.body.quotas[0]).toMatchObject({ paid: 1, paidAmount: 10000 });
  });
});

describe('outside the subtree', () => {
  it('every application, program and list endpoint answers 404 (or nothing) to another district', async () => {
    const id = (await t.sql<{ id: number }>(`select id from care_applications where state = 'paid' limit 1`))[0]!.id;
    const fileId = (
      await t.sql<{ file_id: number }>(`select file_id from care_materials where application_id = $1 limit 1`, [id])
    )[0]!.file_id;
    const app = `/api/v1/care-programs/applications/${id}`;
    const calls: [string, () => Promise<{ status: number }>][] = [
      ['get', () => other.get(app)],
      ['patch', () => other.patch(app, { note: '越界修改' })],
      ['submit', () => other.post(`${app}/submit`)],
      ['withdraw', () => other.post(`${app}/withdraw`, { reason: '越界撤回' })],
      ['review', () => review(other, Number(id), { action: 'comment' })],
      ['unmask', () => other.post(`${app}/unmask`, { reason: '越界查看' })],
      ['pay', () => other.post(`${app}/pay`, { amount: 1, paidOn: TODAY, channel: 'cash', reference: 'X1' })],
      ['material', () => other.get(`${app}/materials/${fileId}`)],
      ['remove material', () => other.delete(`${app}/materials/${fileId}`)],
      ['upload', () => staffUpload(other, Number(id), 'id_card')],
      ['figures of 开州区', () => other.get(`/api/v1/care-programs/figures?orgId=${ids['500154']}&${YEAR}`)],
      ['beneficiaries of 开州区', () => other.get(`/api/v1/care-programs/beneficiaries?orgId=${ids['500154']}`)],
      ['applications of 开州区', () => other.get(`/api/v1/care-programs/applications?orgId=${ids['500154']}`)],
    ];
    for (const [name, call] of calls) expect((await call()).status, name).toBe(404);
    const list = await other.get('/api/v1/care-programs/applications');
    expect(list.body.items).toEqual([]);
    // the city's program is read below, changed only by the city
    const p = await district.get(`/api/v1/care-programs/programs/${lianAi}`);
    const put = await district.request('PUT', `/api/v1/care-programs/programs/${lianAi}`, {
      ...lianAiProgram(),
      version: p.body.version,
    });
    expect(put.status).toBe(403);
  });
});

describe('budgets and 春蕾 per school year', () => {
  const simple = (over: Record<string, unknown>) => ({
    ...lianAiProgram(),
    eligibility: { sex: 'female' },
    materials: [],
    reviewChain: [{ code: 'verify', name: '核实', levels: ['town'], workdays: 3 }],
    quotas: [],
    ...over,
  });
  it('an approval beyond the budget is refused, naming the amount', async () => {
    const p = await city.post(
      '/api/v1/care-programs/programs',
      simple({
        code: 'small-fund',
        name: '小额救助',
        kind: 'emergency',
        benefit: { kind: 'money', amount: 1000 },
        period: 'year',
        budget: 1500,
      }),
    );
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const second = await person(village, {
      orgId: ids['500154001001']!,
      name: '冉丽',
      gender: 'female',
      birthDate: '1980-02-02',
    });
    const ids2: number[] = [];
    for (const personId of [woman, second]) {
      const a = await village.post('/api/v1/care-programs/applications', { programId: p.body.id, personId });
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      await village.post(`/api/v1/care-programs/applications/${a.body.id}/submit`);
      ids2.push(a.body.id);
    }
    expect((await review(town, ids2[0]!, { action: 'pass' })).body.state).toBe('approved');
    const over = await review(town, ids2[1]!, { action: 'pass' });
    expect([over.status, over.body.code, over.body.field]).toEqual([409, 'CARE_BUDGET_EXHAUSTED', 'amount']);
    const under = await review(town, ids2[1]!, { action: 'pass', amount: 500 });
    expect(under.body).toMatchObject({ state: 'approved', amount: 500 });
  });

  it('春蕾: once per school year, for girls of the rule', async () => {
    const p = await city.post(
      '/api/v1/care-programs/programs',
      simple({
        code: 'chunlei',
        name: '春蕾计划',
        kind: 'school_aid',
        benefit: { kind: 'money', amount: 1000 },
        period: 'school_year',
        eligibility: { sex: 'female', ageMin: 6, ageMax: 18, tagsAny: ['left_behind_child'] },
      }),
    );
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const girl = await person(village, {
      orgId: ids['500154001001']!,
      name: '冉小雨',
      gender: 'female',
      birthDate: '2015-03-03',
      tags: ['left_behind_child'],
    });
    const a = await village.post('/api/v1/care-programs/applications', { programId: p.body.id, personId: girl });
    const y = Number(TODAY.slice(0, 4));
    const start = TODAY.slice(5) >= '09-01' ? y : y - 1;
    expect(a.body.periodKey).toBe(`${start}-${start + 1}`);
    const again = await village.post('/api/v1/care-programs/applications', { programId: p.body.id, personId: girl });
    expect([again.status, again.body.code]).toEqual([409, 'CARE_ALREADY_BENEFITED']);
    const adult = await village.post('/api/v1/care-programs/applications', { programId: p.body.id, personId: woman });
    expect([adult.status, adult.body.code, adult.body.field]).toEqual([400, 'CARE_NOT_ELIGIBLE', 'personId']);
  });
});

async function lastCode(masked: string): Promise<string> {
  // what her phone received: the development channel's log (the admin's outbox page blanks the code)
  const m = /验证码是 (\d{6})/.exec(t.smsTo(masked) ?? '');
  if (!m) throw new Error(`no code was sent to ${masked}`);
  return m[1]!;
}

class Resident {
  cookies = new Map<string, string>();
  async req(method: string, url: string, body?: unknown, raw?: Buffer) {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (method !== 'GET') headers['x-csrf-token'] = this.cookies.get('jinguo_resident_csrf') ?? '';
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw) headers['content-type'] = 'image/png';
    const res = await t.platform.http.inject({
      method: method as 'GET',
      url: `/api/v1/portal${url}`,
      headers,
      ...(raw ? { payload: raw } : body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    for (const c of res.cookies) if (c.value) this.cookies.set(c.name, c.value);
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  }
}

describe('the woman on /h5', () => {
  it('applies with uploads from her phone, follows it, and sees the reason of a refusal', async () => {
    const r = new Resident();
    await r.req('POST', '/auth/code', { phone: '13800000011' });
    expect(
      (await r.req('POST', '/auth/login', { phone: '13800000011', code: await lastCode('138****0011') })).status,
    ).toBe(200);
    await r.req('PATCH', '/me', { villageId: ids['500154001001'] });
    const unlinked = await r.req('POST', '/care-programs/applications', { programId: emergency });
    expect([unlinked.status, unlinked.body.field]).toEqual([409, 'personId']);
    const residentId = (await t.sql<{ id: number }>(`select id from residents order by id desc limit 1`))[0]!.id;
    expect(
      (
        await village.post(`/api/v1/residents/${residentId}/link`, {
          personId: woman,
          reason: '本人持身份证到社区核实',
        })
      ).status,
    ).toBe(200);
    expect((await r.req('GET', '/care-programs')).body.items.map((p: any) => p.id)).toContain(emergency);
    const a = await r.req('POST', '/care-programs/applications', { programId: emergency, note: '房屋受灾' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.missingMaterials).toEqual(['id_card']);
    expect((await r.req('POST', `/care-programs/applications/${a.body.id}/submit`)).body.code).toBe(
      'CARE_MATERIALS_MISSING',
    );
    const up = await r.req(
      'POST',
      `/care-programs/applications/${a.body.id}/materials?code=id_card&name=id.png`,
      undefined,
      PNG,
    );
    expect(up.body.missingMaterials).toEqual([]);
    expect((await r.req('POST', `/care-programs/applications/${a.body.id}/submit`)).body).toMatchObject({
      state: 'in_review',
      stepName: '初审',
    });
    // staff see where it came from; the town refuses with a reason she reads
    expect((await town.get(`/api/v1/care-programs/applications/${a.body.id}`)).body.source).toBe('resident');
    await review(town, a.body.id, { action: 'refuse', opinion: '经核实已获民政临时救助' });
    // she is told, with the reason (in her inbox; by SMS where a channel is configured)
    const notices = await r.req('GET', '/notifications');
    expect(JSON.stringify(notices.body)).toContain('经核实已获民政临时救助');
    // and the town was told it had an application waiting
    expect(JSON.stringify((await town.get('/api/v1/notifications')).body)).toContain(`#${a.body.id}`);
    const mine = await r.req('GET', '/care-programs/applications');
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: a.body.id, state: 'refused', reason: '经核实已获民政临时救助' }),
    ]);
    expect(JSON.stringify(mine.body)).not.toContain('town.cadre');
    // nobody else's applications: another resident sees none, and not hers by id
    const stranger = new Resident();
    await stranger.req('POST', '/auth/code', { phone: '13800000022' });
    await stranger.req('POST', '/auth/login', { phone: '13800000022', code: await lastCode('138****0022') });
    expect((await stranger.req('GET', '/care-programs/applications')).body.items).toEqual([]);
    expect((await stranger.req('GET', `/care-programs/applications/${a.body.id}`)).status).toBe(404);
    expect((await stranger.req('POST', `/care-programs/applications/${a.body.id}/submit`)).status).toBe(404);
  });
});

describe('母亲邮包 and 节日慰问', () => {
  it('parcels go down the tree, to verified mothers, each with its feedback card', async () => {
    const prog = await city.post('/api/v1/care-programs/programs', {
      ...lianAiProgram(),
      code: 'mother-parcel-2026',
      name: '母亲邮包',
      kind: 'parcel',
      eligibility: { sex: 'female', tagsAny: ['difficult_woman', 'single_mother'] },
      benefit: { kind: 'goods', amount: 200 },
      period: 'year',
      materials: [],
      reviewChain: [{ code: 'verify', name: '核实', levels: ['village'], workdays: 5 }],
      quotas: [],
      budget: null,
    });
    expect(prog.status, JSON.stringify(prog.body)).toBe(201);
    const batch = await city.post('/api/v1/care-programs/parcels', {
      programId: prog.body.id,
      orgId: ids['50'],
      name: '2026年第一批',
      tier: 100,
      quantity: 10,
    });
    expect(batch.status).toBe(201);
    const bid = batch.body.id;
    const tooMany = await city.post(`/api/v1/care-programs/parcels/${bid}/allocations`, {
      items: [{ orgId: ids['500154'], quantity: 11 }],
    });
    expect([tooMany.status, tooMany.body.code]).toEqual([409, 'PARCEL_SHORT']);
    const notChild = await city.post(`/api/v1/care-programs/parcels/${bid}/allocations`, {
      items: [{ orgId: ids['500154001'], quantity: 1 }],
    });
    expect([notChild.status, notChild.body.field]).toEqual([404, 'items.0.orgId']);
    await city.post(`/api/v1/care-programs/parcels/${bid}/allocations`, {
      items: [{ orgId: ids['500154'], quantity: 5 }],
    });
    await district.post(`/api/v1/care-programs/parcels/${bid}/allocations`, {
      items: [{ orgId: ids['500154001'], quantity: 3 }],
    });
    await town.post(`/api/v1/care-programs/parcels/${bid}/allocations`, {
      items: [{ orgId: ids['500154001001'], quantity: 2 }],
    });
    const noTag = await village.post(`/api/v1/care-programs/parcels/${bid}/deliveries`, {
      personId: man,
      deliveredOn: TODAY,
      verified: true,
    });
    expect([noTag.status, noTag.body.field]).toEqual([400, 'personId']);
    const d = await village.post(`/api/v1/care-programs/parcels/${bid}/deliveries`, {
      personId: woman,
      deliveredOn: TODAY,
      verified: true,
    });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const twice = await village.post(`/api/v1/care-programs/parcels/${bid}/deliveries`, {
      personId: woman,
      deliveredOn: TODAY,
      verified: true,
    });
    expect(twice.status).toBe(409);
    expect(
      (
        await other.post(`/api/v1/care-programs/deliveries/${d.body.id}/feedback`, {
          receivedOn: TODAY,
          satisfaction: 'satisfied',
          message: '谢谢',
        })
      ).status,
    ).toBe(404);
    const card = await village.post(`/api/v1/care-programs/deliveries/${d.body.id}/feedback`, {
      receivedOn: TODAY,
      satisfaction: 'satisfied',
      message: '感谢妇联的关心',
    });
    expect(card.body.feedback).toMatchObject({ message: '感谢妇联的关心' });
    const view = await town.get(`/api/v1/care-programs/parcels/${bid}`);
    const mine = view.body.allocations.find((a: any) => a.org.id === ids['500154001001']);
    expect(mine).toMatchObject({ quantity: 2, delivered: 1, feedback: 1 });
    expect(view.body.allocations.find((a: any) => a.org.id === ids['500154001'])).toMatchObject({
      quantity: 3,
      allocatedDown: 2,
    });
    expect((await other.get(`/api/v1/care-programs/parcels/${bid}/deliveries`)).body.items).toEqual([]);
  });

  it('holiday greeting lists are built from tags', async () => {
    const prog = await city.post('/api/v1/care-programs/programs', {
      ...lianAiProgram(),
      code: 'spring-greetings-2027',
      name: '2027年春节慰问',
      kind: 'greeting',
      eligibility: { sex: 'female' },
      benefit: { kind: 'goods', amount: 300 },
      period: 'year',
      materials: [],
      reviewChain: [{ code: 'verify', name: '核实', levels: ['town'], workdays: 5 }],
      quotas: [],
      budget: null,
    });
    const list = await town.post('/api/v1/care-programs/greetings', {
      programId: prog.body.id,
      orgId: ids['500154001'],
      name: '汉丰街道春节慰问名单',
      festival: '春节',
      tagsAny: ['difficult_woman', 'migrant_worker'],
      greetOn: '2027-02-01',
    });
    expect(list.status, JSON.stringify(list.body)).toBe(201);
    expect(list.body.entries.map((e: any) => e.person.name)).toEqual(['谭秀英']);
    const g = await village.get(`/api/v1/care-programs/greetings/${list.body.id}`);
    expect(g.status).toBe(404); // the town's list, above the village
    const done = await town.post(
      `/api/v1/care-programs/greetings/${list.body.id}/entries/${list.body.entries[0].id}/greeted`,
    );
    expect(done.body.entries[0].greetedAt).not.toBeNull();
    const bad = await town.post('/api/v1/care-programs/greetings', {
      programId: prog.body.id,
      orgId: ids['500154001'],
      name: '错误名单',
      festival: '春节',
      tagsAny: ['nope_tag'],
      greetOn: '2027-02-01',
    });
    expect([bad.status, bad.body.field]).toEqual([400, 'tagsAny.0']);
    const outside = await other.post('/api/v1/care-programs/greetings', {
      programId: prog.body.id,
      orgId: ids['500154001'],
      name: '越界名单',
      festival: '春节',
      tagsAny: ['difficult_woman'],
      greetOn: '2027-02-01',
    });
    expect([outside.status, outside.body.field]).toEqual([404, 'orgId']);
  });
});
