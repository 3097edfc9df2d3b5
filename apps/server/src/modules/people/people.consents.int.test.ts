import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '@jinguo/contracts';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let villageA: Client, villageB: Client, kaizhou: Client;
let A: number, B: number;
let mother: { id: number }, child: { id: number }, woman: { id: number }, neighbour: { id: number };

const id = (birth: string, seq: number) => {
  const first17 = `500154${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const consents = (p: { id: number }) => `/api/v1/people/${p.id}/consents`;

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [villageA, villageB, kaizhou] = (await Promise.all(
    ['village.a', 'village.b', 'kaizhou.cadre'].map((u) => t.login(u)),
  )) as [Client, Client, Client];
  A = await t.org('500154001001');
  B = await t.org('500154001002');
  const reg = async (name: string, birth: string, seq: number) =>
    (await villageA.post('/api/v1/people', { orgId: A, name, idNumber: id(birth, seq) })).body as { id: number };
  mother = await reg('邓丽华', '1985-05-05', 812);
  neighbour = await reg('邓秀芳', '1980-02-02', 814);
  child = await reg('邓小雨', '2016-09-01', 822);
  woman = await reg('邓春燕', '1990-01-01', 842);
  await villageA.post(`/api/v1/people/${child.id}/guardians`, { guardianId: mother.id, relationship: '母亲' });
});
afterAll(() => t?.close());

const base = { purpose: '建立留守儿童关爱档案并开展结对帮扶', method: 'written', givenAt: '2026-11-20T10:00:00+08:00' };

describe('consent records', () => {
  it('records a guardian consent for a child under 14, audited, on her timeline; withdrawn with who, when, why', async () => {
    const r = await villageA.post(consents(child), {
      ...base,
      kind: 'guardian_child',
      guardianId: mother.id,
      evidenceNote: '书面同意书 2026-031 号',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'guardian_child',
      givenBy: { kind: 'guardian', personId: mother.id, name: '邓丽华' },
      method: 'written',
      recordedBy: 'village.a',
      active: true,
      withdrawnAt: null,
    });
    const w = await villageA.post(`${consents(child)}/${r.body.id}/withdraw`, { reason: '监护人书面撤回' });
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ active: false, withdrawnBy: 'village.a', withdrawalReason: '监护人书面撤回' });
    const again = await villageA.post(`${consents(child)}/${r.body.id}/withdraw`, { reason: '再次撤回' });
    expect(again.status).toBe(409);
    const list = await villageA.get(consents(child));
    expect(list.body.items).toHaveLength(1);
    const [audit] = await t.sql<{ n: number }>(
      `select count(*)::int n from audit_events where target_id = $1::text and action like 'person.consent.%'`,
      [child.id],
    );
    expect(audit!.n).toBe(2);
    const tl = await villageA.get(`/api/v1/people/${child.id}/timeline`);
    const kinds = tl.body.items.map((e: any) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['consent.given', 'consent.withdrawn']));
  });

  it('refuses a child under 14 consenting for herself, and a consenter who is not her guardian, naming the field', async () => {
    const self = await villageA.post(consents(child), { ...base, kind: 'sensitive' });
    expect(self.status).toBe(400);
    expect(self.body.field).toBe('guardianId');
    expect(self.body.message['zh-CN']).toContain('监护人');
    const stranger = await villageA.post(consents(child), { ...base, kind: 'sensitive', guardianId: neighbour.id });
    expect(stranger.status).toBe(400);
    expect(stranger.body.field).toBe('guardianId');
    const adultAsChild = await villageA.post(consents(woman), {
      ...base,
      kind: 'guardian_child',
      guardianId: mother.id,
    });
    expect(adultAsChild.body.field).toBe('kind');
    const future = await villageA.post(consents(woman), {
      ...base,
      kind: 'sensitive',
      givenAt: '2027-01-01T00:00:00Z',
    });
    expect(future.body.field).toBe('givenAt');
    const noPurpose = await villageA.post(consents(woman), { ...base, kind: 'sensitive', purpose: '' });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors[0].field).toBe('purpose');
    const badMethod = await villageA.post(consents(woman), { ...base, kind: 'sensitive', method: 'telepathy' });
    expect(badMethod.body.errors[0].field).toBe('method');
    expect((await villageA.get(consents(woman))).body.items).toHaveLength(0);
  });

  it('records a woman’s own separate consent to process sensitive data', async () => {
    const r = await villageA.post(consents(woman), { ...base, kind: 'sensitive', method: 'oral' });
    expect(r.status).toBe(201);
    expect(r.body.givenBy).toEqual({ kind: 'self', personId: woman.id, name: '邓春燕' });
    const early = await villageA.post(`${consents(woman)}/${r.body.id}/withdraw`, {
      reason: '本人撤回',
      withdrawnAt: '2026-11-01T00:00:00+08:00',
    });
    expect(early.status).toBe(400);
    expect(early.body.field).toBe('withdrawnAt');
  });

  it('hides consents of a person outside the scope (404), and refuses to record or withdraw them', async () => {
    const r = await villageA.post(consents(woman), { ...base, kind: 'other', method: 'portal' });
    expect((await villageB.get(consents(woman))).status).toBe(404);
    expect((await villageB.post(consents(woman), { ...base, kind: 'other' })).status).toBe(404);
    const w = await villageB.post(`${consents(woman)}/${r.body.id}/withdraw`, { reason: '越权撤回' });
    expect(w.status).toBe(404);
    // a consent id of another person is not found under this one
    expect((await villageA.post(`${consents(mother)}/${r.body.id}/withdraw`, { reason: '错位撤回' })).status).toBe(404);
    expect((await villageA.get(consents(woman))).body.items.find((c: any) => c.id === r.body.id).active).toBe(true);
  });

  it('consents go with the person: moved to another village, and merged into her other record', async () => {
    const p = (await villageA.post('/api/v1/people', { orgId: A, name: '邓月娥', idNumber: id('1966-06-06', 862) }))
      .body;
    await villageA.post(consents(p), { ...base, kind: 'sensitive' });
    const moved = await kaizhou.patch(`/api/v1/people/${p.id}`, { version: p.version, orgId: B });
    expect(moved.status).toBe(200);
    expect((await villageB.get(consents(p))).body.items).toHaveLength(1);
    expect((await villageA.get(consents(p))).status).toBe(404);

    const dup = (
      await villageB.post('/api/v1/people', { orgId: B, name: '邓月娥', birthDate: '1966-06-06', gender: 'female' })
    ).body;
    const merged = await kaizhou.post('/api/v1/people/merge', {
      sourceId: p.id,
      targetId: dup.id,
      reason: '同一人重复登记',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.moved.person_consents).toBe(1);
    const after = await villageB.get(consents(dup));
    expect(after.body.items).toHaveLength(1);
    expect(after.body.items[0].givenBy.personId).toBe(dup.id);
  });
});
