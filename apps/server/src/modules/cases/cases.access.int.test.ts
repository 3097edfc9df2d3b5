import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

// The access matrix over every case endpoint and role (docs/decisions/0005-case-access.md), and row-level security
// alone (no app predicate) refusing content rows.
let t: TestPlatform;
let caseId: number;
let referralId: number;
let partyId: number;
let closedDemandId: number;
const users: Record<string, Client | null> = {};
const ROLES = {
  assigned: 'kaizhou.caseworker',
  supervisor: 'kaizhou.supervisor',
  villageCadre: 'village.a',
  districtCadre: 'kaizhou.cadre',
  agency: 'kaizhou.police',
  admin: 'admin',
  auditor: 'auditor',
  otherDistrict: 'liangjiang.cadre',
} as const;
type Who = keyof typeof ROLES | 'resident';

beforeAll(async () => {
  t = await startTestPlatform();
  for (const [k, u] of Object.entries(ROLES)) users[k] = await t.login(u);
  users.resident = t.anonymous();
  // the demo's high-risk domestic-violence case of 驷马社区, referred to the police
  const [row] = await t.sql<{ id: number }>(
    `select c.id from cases c join case_details d on d.case_id = c.id where d.risk_level = 'high' and c.status = 'handling' order by c.id limit 1`,
  );
  caseId = Number(row!.id);
  referralId = Number(
    (
      await t.sql<{ id: number }>(
        `select r.id from case_referrals r join partner_agencies a on a.id = r.agency_id where r.case_id = $1 and a.kind = 'police'`,
        [caseId],
      )
    )[0]!.id,
  );
  partyId = Number(
    (await t.sql<{ id: number }>(`select id from case_parties where case_id = $1 and role = 'victim'`, [caseId]))[0]!
      .id,
  );
  // a demand of 驷马社区 already answered and closed: converting it is illegal for everyone who may try
  closedDemandId = Number(
    (
      await t.sql<{ id: number }>(
        `select d.id from demands d join organizations o on o.id = d.org_id where o.code = '500154001001' and d.state = 'closed' order by d.id limit 1`,
      )
    )[0]!.id,
  );
});
afterAll(async () => {
  await t?.close();
});

type Cell = number;
interface Endpoint {
  name: string;
  call: (c: Client) => Promise<{ status: number }>;
  expect: Record<Who, Cell>;
}
const ANY_DENY = {
  villageCadre: 403,
  districtCadre: 403,
  agency: 403,
  admin: 403,
  auditor: 403,
  resident: 401,
  otherDistrict: 404,
};

const endpoints = (): Endpoint[] => [
  {
    name: 'GET /cases/:id',
    call: (c) => c.get(`/api/v1/cases/${caseId}`),
    expect: { assigned: 200, supervisor: 200, ...ANY_DENY },
  },
  {
    name: 'GET /cases/:id/summary',
    call: (c) => c.get(`/api/v1/cases/${caseId}/summary`),
    expect: {
      assigned: 200,
      supervisor: 200,
      villageCadre: 200,
      districtCadre: 200,
      agency: 403,
      admin: 403,
      auditor: 403,
      resident: 401,
      otherDistrict: 404,
    },
  },
  {
    name: 'GET /cases',
    call: (c) => c.get('/api/v1/cases?view=all'),
    expect: {
      assigned: 200,
      supervisor: 200,
      villageCadre: 200,
      districtCadre: 200,
      agency: 403,
      admin: 403,
      auditor: 403,
      resident: 401,
      otherDistrict: 200,
    },
  },
  {
    name: 'POST transitions (illegal for everyone: handling → closed)',
    call: (c) =>
      c.post(`/api/v1/cases/${caseId}/transitions`, { transition: 'close', outcome: 'resolved', reason: 'x1' }),
    expect: { assigned: 409, supervisor: 409, ...ANY_DENY },
  },
  {
    name: 'POST assessments (bad body)',
    call: (c) => c.post(`/api/v1/cases/${caseId}/assessments`, { indicators: ['no_such_indicator'] }),
    expect: {
      assigned: 400,
      supervisor: 400,
      villageCadre: 400,
      districtCadre: 400,
      agency: 403,
      admin: 403,
      auditor: 403,
      resident: 401,
      otherDistrict: 400,
    },
  },
  {
    name: 'POST contacted (already contacted)',
    call: (c) => c.post(`/api/v1/cases/${caseId}/contacted`, { note: '已联系' }),
    expect: { assigned: 409, supervisor: 409, ...ANY_DENY },
  },
  {
    name: 'POST assignments (supervisors only; assignee invalid)',
    call: (c) => c.post(`/api/v1/cases/${caseId}/assignments`, { userId: 1, role: 'worker' }),
    expect: { assigned: 403, supervisor: 400, ...ANY_DENY, otherDistrict: 403 },
  },
  {
    name: 'POST supervise',
    call: (c) => c.post(`/api/v1/cases/${caseId}/supervise`, { reason: '重点督办案件' }),
    expect: { assigned: 403, supervisor: 200, ...ANY_DENY, otherDistrict: 403 },
  },
  {
    name: 'PUT safety-plan',
    call: (c) =>
      c.request('PUT', `/api/v1/cases/${caseId}/safety-plan`, { text: '暂住娘家，保持联系', items: ['紧急联系人'] }),
    expect: { assigned: 200, supervisor: 200, ...ANY_DENY },
  },
  {
    name: 'POST party unmask',
    call: (c) =>
      c.post(`/api/v1/cases/${caseId}/parties/${partyId}/unmask`, { field: 'name', reason: '回访需要核实身份' }),
    expect: { assigned: 200, supervisor: 200, ...ANY_DENY },
  },
  {
    name: 'POST callback unmask',
    call: (c) => c.post(`/api/v1/cases/${caseId}/callback/unmask`, { reason: '回拨当事人电话' }),
    expect: { assigned: 200, supervisor: 200, ...ANY_DENY },
  },
  {
    name: 'POST follow-ups',
    call: (c) => c.post(`/api/v1/cases/${caseId}/follow-ups`, { dueOn: '2099-01-05' }),
    expect: { assigned: 201, supervisor: 201, ...ANY_DENY },
  },
  {
    name: 'POST referrals (unknown agency)',
    call: (c) => c.post(`/api/v1/cases/${caseId}/referrals`, { agencyId: 999999, request: '请协助处理' }),
    expect: { assigned: 404, supervisor: 404, ...ANY_DENY },
  },
  {
    name: 'POST instruments (bad: order issued without expiry)',
    call: (c) => c.post(`/api/v1/cases/${caseId}/instruments`, { kind: 'protection_order', status: 'issued' }),
    expect: { assigned: 400, supervisor: 400, ...ANY_DENY },
  },
  {
    name: 'POST mediations (unknown mediator)',
    call: (c) => c.post(`/api/v1/cases/${caseId}/mediations`, { mediatorId: 999999 }),
    expect: { assigned: 404, supervisor: 404, ...ANY_DENY },
  },
  {
    name: 'POST services',
    call: (c) =>
      c.post(`/api/v1/cases/${caseId}/services`, {
        kind: 'counselling',
        provider: '心理咨询师',
        providedOn: '2026-01-05',
      }),
    expect: { assigned: 201, supervisor: 201, ...ANY_DENY },
  },
  {
    name: 'POST attachments',
    call: (c) =>
      c.request('POST', `/api/v1/cases/${caseId}/attachments?name=note.txt`, '伤情照片说明', {
        'content-type': 'text/plain',
      }),
    expect: { assigned: 201, supervisor: 201, ...ANY_DENY },
  },
  {
    name: 'POST /cases/from-demand/:id (a closed demand)',
    call: (c) => c.post(`/api/v1/cases/from-demand/${closedDemandId}`, { caseType: 'domestic_violence' }),
    expect: {
      assigned: 403,
      supervisor: 403,
      villageCadre: 409,
      districtCadre: 403,
      agency: 403,
      admin: 403,
      auditor: 403,
      resident: 401,
      otherDistrict: 404,
    },
  },
  {
    name: 'POST export',
    call: (c) => c.post('/api/v1/cases/export', { password: 'Export#2026' }),
    expect: {
      assigned: 200,
      supervisor: 200,
      villageCadre: 403,
      districtCadre: 403,
      agency: 403,
      admin: 403,
      auditor: 403,
      resident: 401,
      otherDistrict: 403,
    },
  },
  {
    name: 'GET figures',
    call: (c) => c.get('/api/v1/cases/figures?from=2020-01-01&to=2099-12-31'),
    expect: {
      assigned: 200,
      supervisor: 200,
      villageCadre: 200,
      districtCadre: 200,
      agency: 403,
      admin: 403,
      auditor: 403,
      resident: 401,
      otherDistrict: 200,
    },
  },
  {
    name: 'GET /referrals (agency inbox)',
    call: (c) => c.get('/api/v1/referrals'),
    expect: {
      assigned: 403,
      supervisor: 403,
      villageCadre: 403,
      districtCadre: 403,
      agency: 200,
      admin: 403,
      auditor: 403,
      resident: 401,
      otherDistrict: 403,
    },
  },
  {
    name: 'GET /referrals/:id',
    call: (c) => c.get(`/api/v1/referrals/${referralId}`),
    expect: {
      assigned: 403,
      supervisor: 403,
      villageCadre: 403,
      districtCadre: 403,
      agency: 200,
      admin: 403,
      auditor: 403,
      resident: 401,
      otherDistrict: 403,
    },
  },
  {
    name: 'POST /referrals/:id/respond (report back)',
    call: (c) => c.post(`/api/v1/referrals/${referralId}/respond`, { action: 'accept' }),
    expect: {
      assigned: 403,
      supervisor: 403,
      villageCadre: 403,
      districtCadre: 403,
      agency: 409,
      admin: 403,
      auditor: 403,
      resident: 401,
      otherDistrict: 403,
    },
  },
];

describe('access matrix: every case endpoint × every role', () => {
  const whos: Who[] = [
    'assigned',
    'supervisor',
    'villageCadre',
    'districtCadre',
    'agency',
    'admin',
    'auditor',
    'resident',
    'otherDistrict',
  ];
  it('answers each cell as decision 0005 says', async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const e of endpoints()) {
      for (const who of whos) {
        const res = await e.call(users[who]!);
        cells++;
        if (res.status !== e.expect[who])
          failures.push(
            `${e.name} as ${who}: ${res.status}, expected ${e.expect[who]} ${JSON.stringify((res as { body?: unknown }).body).slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBeGreaterThanOrEqual(180);
  });

  it('a non-entitled cadre lists existence only: number, type, status — no risk, victim or channel', async () => {
    const res = await users.villageCadre!.get('/api/v1/cases?view=all');
    const row = res.body.items.find((i: { id: number }) => i.id === caseId);
    expect(row).toMatchObject({ access: 'existence', riskLevel: null, victim: null, channel: null, supervised: null });
    expect(JSON.stringify(res.body)).not.toContain('*');
    const mine = await users.assigned!.get('/api/v1/cases?view=mine');
    expect(mine.body.items.find((i: { id: number }) => i.id === caseId)).toMatchObject({
      access: 'full',
      riskLevel: 'high',
    });
  });

  it('pages through the list by cursor without gaps or repeats; an org filter narrows it, and an org outside the scope is not found', async () => {
    const all = await users.districtCadre!.get('/api/v1/cases?view=all&limit=200');
    expect(all.status).toBe(200);
    const ids: number[] = all.body.items.map((i: { id: number }) => i.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: number }[]; nextCursor: string | null } } =
        await users.districtCadre!.get(
          `/api/v1/cases?view=all&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...res.body.items.map((i: { id: number }) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(ids);
    const opened = all.body.items.map((i: { openedAt: string }) => i.openedAt);
    expect([...opened].sort().reverse()).toEqual(opened);

    const [village] = await t.sql<{ id: number }>(`select org_id as id from cases where id = $1`, [caseId]);
    const narrowed = await users.districtCadre!.get(`/api/v1/cases?view=all&limit=200&orgId=${village!.id}`);
    expect(narrowed.body.items.map((i: { id: number }) => i.id)).toContain(caseId);
    expect(narrowed.body.items.every((i: { org: { id: number } }) => i.org.id === Number(village!.id))).toBe(true);
    const outside = await users.otherDistrict!.get(`/api/v1/cases?view=all&orgId=${village!.id}`);
    expect(outside.status).toBe(404);
    expect(outside.body).toMatchObject({ field: 'orgId' });
    // a forged cursor is refused as bad input, not passed to the database
    for (const at of ['not-a-date', 'yesterday', '2026-13-45T99:99:99.000000Z', "2026-11-30T00:00:00.000000Z'"]) {
      const forged = Buffer.from(JSON.stringify({ at, id: 1 })).toString('base64url');
      const bad = await users.districtCadre!.get(`/api/v1/cases?view=all&cursor=${forged}`);
      expect(bad.status, at).toBe(400);
      expect(bad.body).toMatchObject({ field: 'cursor' });
    }
    const byNumber = await users.districtCadre!.get(
      `/api/v1/cases?view=all&q=${encodeURIComponent(all.body.items[0].caseNo.slice(-6))}`,
    );
    expect(byNumber.body.items.map((i: { id: number }) => i.id)).toContain(ids[0]);
  });

  it('every read of a case is audited, and so is a refused one', async () => {
    await users.assigned!.get(`/api/v1/cases/${caseId}`);
    await users.villageCadre!.get(`/api/v1/cases/${caseId}`);
    const rows = await t.sql<{ actor_name: string; result: string }>(
      `select actor_name, result from audit_events where action = 'case.read' and target_id = $1 order by id desc limit 2`,
      [String(caseId)],
    );
    expect(rows).toEqual([
      { actor_name: 'village.a', result: 'failure' },
      { actor_name: 'kaizhou.caseworker', result: 'success' },
    ]);
  });

  it("victims' addresses and contacts appear in no list, view, notice or export", async () => {
    const view = await users.assigned!.get(`/api/v1/cases/${caseId}`);
    const text = JSON.stringify(view.body);
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(text).not.toContain('汉丰街道0');
    const notices = await t.sql<{ title: string; body: string | null }>(
      `select title_zh as title, body_zh as body from notifications`,
    );
    for (const n of notices) expect(`${n.title}${n.body ?? ''}`).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)|汉丰街道\d/);
  });
});

describe('row-level security alone', () => {
  async function asUser(username: string, statement: string): Promise<number> {
    const h = t.platform.handle;
    const [u] = await t.sql<{ id: number; path: string }>(
      `select id, org_path::text as path from users where username = $1`,
      [username],
    );
    return h.db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('role', 'jinguo_app', true), set_config('jinguo.scope_path', ${u!.path}, true), set_config('jinguo.user_id', ${String(u!.id)}, true)`,
      );
      const rows = await queryRows<{ n: number }>(tx, sql.raw(statement));
      return Number(rows[0]!.n);
    });
  }
  const CONTENT = [
    'case_details',
    'case_parties',
    'case_assessments',
    'case_events',
    'case_referrals',
    'case_instruments',
    'case_services',
  ];

  it('admits the header to the subtree but content only to the entitled (no app predicate in these queries)', async () => {
    for (const table of CONTENT) {
      const q = `select count(*)::int as n from ${table} where case_id = ${caseId}`;
      expect(await asUser('kaizhou.caseworker', q), `${table} for the assigned worker`).toBeGreaterThan(0);
      expect(await asUser('kaizhou.supervisor', q), `${table} for the supervisor`).toBeGreaterThan(0);
      expect(await asUser('village.a', q), `${table} for a cadre of the same village`).toBe(0);
      expect(await asUser('kaizhou.cadre', q), `${table} for the district cadre`).toBe(0);
      expect(await asUser('admin', q), `${table} for the system admin`).toBe(0);
      expect(await asUser('kaizhou.court', q), `${table} for an agency the case was not referred to`).toBe(0);
    }
    expect(
      await asUser('kaizhou.police', `select count(*)::int as n from case_details where case_id = ${caseId}`),
    ).toBe(1);
    expect(await asUser('village.a', `select count(*)::int as n from cases where id = ${caseId}`)).toBe(1);
    expect(await asUser('kaizhou.court', `select count(*)::int as n from cases`)).toBe(0);
    expect(await asUser('village.a', `select count(*)::int as n from stored_files where owner_type = 'case'`)).toBe(0);
  });

  it('refuses a content write by a non-entitled user even without the service', async () => {
    await expect(
      asUser(
        'village.a',
        `with u as (update case_details set narrative_enc = 'x' where case_id = ${caseId} returning 1) select count(*)::int as n from u`,
      ),
    ).resolves.toBe(0);
    await expect(
      asUser(
        'kaizhou.cadre',
        `with u as (insert into case_assignments (case_id, org_path, user_id, role, assigned_by) select id, org_path, (select id from users where username = 'kaizhou.cadre'), 'worker', 'x' from cases where id = ${caseId} returning 1) select count(*)::int as n from u`,
      ),
    ).rejects.toThrow();
  });
});
