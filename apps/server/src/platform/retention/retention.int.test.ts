import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '@jinguo/contracts';
import { signedIn } from '../../../test/factories.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { createRetention } from './index.js';

let t: TestPlatform;
let admin: Client, villageA: Client;
let A: number;
let plain: number, consenting: number, caseParty: number, recent: number, tagged: number, demand: number;

const id = (birth: string, seq: number) => {
  const first17 = `500154${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const personRow = async (pid: number) =>
  (
    await t.sql<any>(
      `select name, id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_hash, household_address_enc,
        birth_date, anonymised_at from persons where id = $1`,
      [pid],
    )
  )[0];
const itemOf = (run: any, type: string) => run.items.find((i: any) => i.recordType === type);
const audits = async (action: string, target?: number) =>
  (
    await t.sql<{ n: number }>(
      `select count(*)::int n from audit_events where action = $1 and ($2::text is null or target_id = $2::text)`,
      [action, target === undefined ? null : String(target)],
    )
  )[0]!.n;

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [admin, villageA] = (await Promise.all(['admin', 'village.a'].map((u) => t.login(u)))) as [Client, Client];
  A = await t.org('500154001001');
  const reg = async (body: Record<string, unknown>) =>
    (await villageA.post('/api/v1/people', { orgId: A, ...body })).body.id as number;
  plain = await reg({
    name: '周淑芬',
    idNumber: id('1970-04-04', 911),
    phone: '13800009911',
    householdAddress: '驷马社区1号',
  });
  consenting = await reg({ name: '周玉兰', idNumber: id('1971-04-04', 922) });
  recent = await reg({ name: '周小琴', idNumber: id('1972-04-04', 933) });
  tagged = await reg({ name: '周桂英', idNumber: id('1973-04-04', 944), tags: ['difficult_woman'] });
  await villageA.post(`/api/v1/people/${consenting}/consents`, {
    kind: 'other',
    purpose: '长期参与巾帼志愿服务联络',
    method: 'written',
    givenAt: '2026-01-05T09:00:00+08:00',
  });
  // a victim of a demo case still open, made due: no category left, untouched for years
  const [party] = await t.sql<{ person_id: number }>(
    `select p.person_id from case_parties p join cases c on c.id = p.case_id
      where p.person_id is not null and c.status <> 'closed' order by p.id limit 1`,
  );
  caseParty = Number(party!.person_id);
  await t.sql(`update person_tags set removed_at = now() where person_id = $1 and removed_at is null`, [caseParty]);
  await t.sql(`update family_members set until = current_date where person_id = $1`, [caseParty]);
  await t.sql(`delete from person_guardians where child_id = $1 or guardian_id = $1`, [caseParty]);
  await t.sql(`update persons set updated_at = now() - interval '4 years' where id = any($1::bigint[])`, [
    [plain, consenting, caseParty, tagged],
  ]);
  const [d] = await t.sql<{ id: number }>(
    `update demands set state = 'closed', closed_at = now() - interval '3 years', requester_name = '周淑芬',
      contact_phone_enc = 'v1:test', contact_phone_hash = 'h', contact_phone_masked = '138****9911', person_id = $1
      where id = (select min(id) from demands) returning id`,
    [plain],
  );
  demand = Number(d!.id);
});
afterAll(() => t?.close());

describe('retention', () => {
  let report: any;

  it('seeds a default policy per record type; the admin edits it with validation, audited', async () => {
    const list = await admin.get('/api/v1/retention/policies');
    expect(list.status).toBe(200);
    const types = list.body.items.map((p: any) => p.recordType);
    expect(types).toEqual(expect.arrayContaining(['person', 'demand']));
    const person = list.body.items.find((p: any) => p.recordType === 'person');
    expect(person).toMatchObject({ retentionDays: 1095, action: 'anonymise', enabled: true });
    expect(person.purpose.length).toBeGreaterThan(5);
    const tooShort = await admin.request('PUT', '/api/v1/retention/policies/person', { ...person, retentionDays: 7 });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.errors[0].field).toBe('retentionDays');
    const unknown = await admin.request('PUT', '/api/v1/retention/policies/no_such_type', {
      purpose: '无此类型',
      retentionDays: 365,
      enabled: true,
    });
    expect(unknown.status).toBe(404);
    const ok = await admin.request('PUT', '/api/v1/retention/policies/person', {
      purpose: person.purpose,
      retentionDays: 1000,
      enabled: true,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ retentionDays: 1000, updatedBy: 'admin' });
    expect(await audits('retention.policy.change')).toBe(1);
  });

  it('a dry run reports what is due and what is kept and why, stores the report and changes nothing', async () => {
    const r = await admin.post('/api/v1/retention/runs', {});
    expect(r.status).toBe(201);
    report = r.body;
    expect(report.dryRun).toBe(true);
    const persons = itemOf(report, 'person');
    expect(persons.ids).toContain(plain);
    for (const kept of [consenting, caseParty, recent, tagged]) expect(persons.ids).not.toContain(kept);
    const reasons = Object.fromEntries(persons.kept.map((k: any) => [k.reason, k.count]));
    expect(reasons.active_consent).toBeGreaterThanOrEqual(1);
    expect(reasons.open_case).toBeGreaterThanOrEqual(1);
    expect(persons.due).toBe(persons.ids.length);
    expect(itemOf(report, 'demand').ids).toContain(demand);
    expect((await personRow(plain)).name).toBe('周淑芬');
    expect((await personRow(plain)).anonymised_at).toBeNull();
    expect((await admin.get(`/api/v1/retention/runs/${report.id}`)).body.items).toEqual(report.items);
    expect(await audits('retention.run.dry_run', report.id)).toBe(1);
    expect(await audits('retention.record.anonymise')).toBe(0);
  });

  it('a confirmed run anonymises what the report named and is still due, each record audited; once only', async () => {
    // withdrawn after the report: no longer held, but not in the report either — it waits for the next one
    const [c] = await t.sql<{ id: number }>(`select id from person_consents where person_id = $1`, [consenting]);
    await villageA.post(`/api/v1/people/${consenting}/consents/${c!.id}/withdraw`, { reason: '本人撤回' });
    const r = await admin.post(`/api/v1/retention/runs/${report.id}/apply`, {});
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ dryRun: false, reportId: report.id });
    expect(itemOf(r.body, 'person').ids).toContain(plain);
    const row = await personRow(plain);
    expect(row.name).toBe(`匿名${plain}`);
    for (const f of ['id_number_enc', 'id_number_hash', 'id_number_masked', 'phone_enc', 'phone_hash'])
      expect(row[f]).toBeNull();
    expect(row.household_address_enc).toBeNull();
    expect(row.birth_date).toBeNull();
    expect(row.anonymised_at).not.toBeNull();
    expect((await personRow(consenting)).name).toBe('周玉兰');
    expect((await personRow(caseParty)).anonymised_at).toBeNull();
    const [d] = await t.sql<any>(`select * from demands where id = $1`, [demand]);
    expect(d).toMatchObject({
      requester_name: '匿名',
      contact_phone_enc: null,
      contact_phone_hash: null,
      person_id: null,
    });
    expect(d.title.length).toBeGreaterThan(0);
    expect(await audits('retention.record.anonymise', plain)).toBe(1);
    expect(await audits('retention.record.anonymise', demand)).toBe(1);
    expect(await audits('retention.run.apply', r.body.id)).toBe(1);
    const [e] = await t.sql<any>(`select after, before from audit_events where action = 'retention.record.anonymise'`);
    expect(JSON.stringify(e)).not.toContain('周淑芬');
    const again = await admin.post(`/api/v1/retention/runs/${report.id}/apply`, {});
    expect(again.status).toBe(409);
    expect((await admin.post(`/api/v1/retention/runs/${r.body.id}/apply`, {})).status).toBe(409);
    // the next report: the withdrawn consent no longer holds her; the anonymised one is not due again
    const next = (await admin.post('/api/v1/retention/runs', {})).body;
    expect(itemOf(next, 'person').ids).toContain(consenting);
    expect(itemOf(next, 'person').ids).not.toContain(plain);
    expect(itemOf(next, 'demand').ids).not.toContain(demand);
  });

  it('a disabled policy is left out of the report', async () => {
    const off = await admin.request('PUT', '/api/v1/retention/policies/demand', {
      purpose: '暂停清理',
      retentionDays: 730,
      enabled: false,
    });
    expect(off.status).toBe(200);
    const r = (await admin.post('/api/v1/retention/runs', {})).body;
    expect(itemOf(r, 'demand')).toBeUndefined();
    await admin.request('PUT', '/api/v1/retention/policies/demand', {
      purpose: '恢复清理',
      retentionDays: 730,
      enabled: true,
    });
  });

  it('the scheduled job writes a dry-run report, and carries it out only when the setting says so', async () => {
    const retention = createRetention(t.platform);
    const report = await retention.scheduled(false);
    expect(report.dryRun).toBe(true);
    expect(itemOf(report, 'person').ids).toContain(consenting);
    expect((await personRow(consenting)).anonymised_at).toBeNull();
    const done = await retention.scheduled(true);
    expect(done.dryRun).toBe(false);
    expect(itemOf(done, 'person').ids).toContain(consenting);
    expect((await personRow(consenting)).anonymised_at).not.toBeNull();
    const [who] = await t.sql<{ actor_name: string }>(
      `select actor_name from audit_events where action = 'retention.run.apply' order by id desc limit 1`,
    );
    expect(who!.actor_name).toContain('retention');
  });

  it('is for the system admin at the top only: others get 403, an admin of a district 404, an unknown run 404', async () => {
    expect((await villageA.get('/api/v1/retention/policies')).status).toBe(403);
    expect((await villageA.post('/api/v1/retention/runs', {})).status).toBe(403);
    const district = await signedIn(t, {
      username: 'kaizhou.admin',
      orgId: await t.org('500154'),
      roles: ['system_admin'],
    });
    expect((await district.get('/api/v1/retention/policies')).status).toBe(404);
    expect((await district.post('/api/v1/retention/runs', {})).status).toBe(404);
    expect((await district.post(`/api/v1/retention/runs/${report.id}/apply`, {})).status).toBe(404);
    expect((await admin.get('/api/v1/retention/runs/999999')).status).toBe(404);
    expect((await admin.post('/api/v1/retention/runs/999999/apply', {})).status).toBe(404);
  });
});
