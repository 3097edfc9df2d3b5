import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../platform/time.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

/* The endpoints behind the case forms: a mandatory report recorded on an open case, the 零报告 board by village. */

let t: TestPlatform;
let worker: Client;
let outsider: Client;
let village: number;
let caseId: number;

const hour = 3_600_000;
const reportedAt = new Date(Date.now() - 2 * hour).toISOString();
const report = (extra: Record<string, unknown> = {}) => ({
  reporterOrg: '汉丰第一小学',
  policeReportedAt: reportedAt,
  policeReceiptNo: '开公(汉)受案字〔2026〕0001号',
  ...extra,
});

beforeAll(async () => {
  t = await startTestPlatform();
  worker = await t.login('kaizhou.caseworker');
  outsider = await t.login('liangjiang.cadre');
  village = await t.org('500154001001');
  const walkIn = await worker.post('/api/v1/cases', {
    orgId: village,
    channel: 'walk_in',
    caseType: 'domestic_violence',
    narrative: '来访：母亲反映孩子在家遭父亲殴打',
    parties: [{ role: 'victim', unregistered: { gender: 'female' } }],
  });
  expect(walkIn.status).toBe(201);
  expect(walkIn.body.involvesMinor).toBe(false);
  caseId = walkIn.body.id;
});
afterAll(async () => {
  await t?.close();
});

describe('a mandatory report on an open case', () => {
  it('records the institution, police report time and receipt number, and marks the case as involving a minor', async () => {
    const res = await worker.request('PUT', `/api/v1/cases/${caseId}/mandatory-report`, report());
    expect(res.status).toBe(200);
    expect(res.body.intake.mandatoryReport).toEqual(report());
    expect(res.body.involvesMinor).toBe(true);
    expect(res.body.events.map((e: { kind: string }) => e.kind)).toContain('mandatory_report');
    const [audit] = await t.sql<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'case.mandatory_report' and target_id = $1`,
      [String(caseId)],
    );
    expect(audit!.n).toBe(1);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const short = await worker.request(
      'PUT',
      `/api/v1/cases/${caseId}/mandatory-report`,
      report({ policeReceiptNo: 'x' }),
    );
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toContain('policeReceiptNo');
    const future = await worker.request(
      'PUT',
      `/api/v1/cases/${caseId}/mandatory-report`,
      report({ policeReportedAt: new Date(Date.now() + 24 * hour).toISOString(), policeReceiptNo: 'KZ-0002' }),
    );
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'policeReportedAt' });
    expect(future.body.message['en-US']).toMatch(/future/);
    const after = await worker.get(`/api/v1/cases/${caseId}`);
    expect(after.body.intake.mandatoryReport.policeReceiptNo).toBe(report().policeReceiptNo);
  });

  it('is not found outside the subtree, and refused to those not on the case', async () => {
    const outside = await outsider.request('PUT', `/api/v1/cases/${caseId}/mandatory-report`, report());
    expect(outside.status).toBe(404);
    const cadre = await t.login('village.a');
    const notAssigned = await cadre.request('PUT', `/api/v1/cases/${caseId}/mandatory-report`, report());
    expect(notAssigned.status).toBe(403);
  });
});

describe('the 零报告 board', () => {
  it('lists each village of the org for the month: filed (by whom), had cases, or not reported', async () => {
    const town = await t.org('500154001');
    const other = await t.org('500154001002');
    expect((await worker.post('/api/v1/cases/nil-reports', { orgId: other, period: '2019-04' })).status).toBe(201);
    const board = await worker.get(`/api/v1/cases/nil-reports?orgId=${town}&period=2019-04`);
    expect(board.status).toBe(200);
    expect(board.body.org.id).toBe(town);
    const rows = board.body.rows as { org: { id: number }; state: string; reportedBy: string | null }[];
    const villages = await t.sql<{ id: number }>(
      `select id from organizations where parent_id = $1 and type = 'village_federation' and status = 'active'`,
      [town],
    );
    expect(rows.map((r) => r.org.id).sort()).toEqual(villages.map((v) => Number(v.id)).sort());
    expect(rows.find((r) => r.org.id === other)).toMatchObject({
      state: 'reported',
      reportedBy: '开州区妇联 维权专员',
    });
    expect(rows.filter((r) => r.org.id !== other).every((r) => r.state === 'missing')).toBe(true);
    // This month the village has the case opened above: it has cases to report, not a nil report to file.
    const now = await worker.get(`/api/v1/cases/nil-reports?orgId=${town}&period=${chinaToday().slice(0, 7)}`);
    expect(now.body.rows.find((r: { org: { id: number } }) => r.org.id === village)).toMatchObject({
      state: 'has_cases',
    });
  });

  it('refuses a malformed month naming the field, and an org outside the subtree as not found', async () => {
    const bad = await worker.get(`/api/v1/cases/nil-reports?period=2019-13`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('querystring.period');
    const district = await t.org('500154');
    const cadre = await t.login('village.a');
    const above = await cadre.get(`/api/v1/cases/nil-reports?orgId=${district}&period=2019-04`);
    expect(above.status).toBe(404);
    expect(above.body).toMatchObject({ code: 'ORG_NOT_FOUND', field: 'orgId' });
    const outside = await outsider.get(`/api/v1/cases/nil-reports?orgId=${village}&period=2019-04`);
    expect(outside.status).toBe(404);
  });
});
