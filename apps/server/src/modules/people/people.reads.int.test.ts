import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '@jinguo/contracts';
import { readScopedLifted } from '../../platform/scope.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { keepCandidatesStatement, personPageStatement, type PersonListJson } from './people.reads.repository.js';

/*
 * The registry's reads in one round trip (docs/decisions/0017): the same answers as the write paths give, the scope
 * held (404 outside it), masks in the answer, and the search's second lock (row-level security) holding even when its
 * first phase, run with RLS lifted, hands forward ids outside the scope.
 */

let t: TestPlatform;
let kaizhou: Client, villageA: Client, villageB: Client, mobile: Client;
let A: number, B: number;
const id = (birth: string, seq: number) => {
  const first17 = `500154${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [kaizhou, villageA, villageB, mobile] = (await Promise.all(
    ['kaizhou.cadre', 'village.a', 'village.b', 'shanghai.mobile'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client];
  A = await t.org('500154001001');
  B = await t.org('500154001002');
});
afterAll(() => t?.close());

describe('a person by id', () => {
  it('answers exactly what the write path answers: org, tags in order, guardians, masks, dates', async () => {
    const mother = (
      await villageA.post('/api/v1/people', { orgId: A, name: '罗秀英', idNumber: id('1984-02-03', 611) })
    ).body;
    const child = (
      await villageA.post('/api/v1/people', {
        orgId: A,
        name: '罗小溪',
        idNumber: id('2017-06-01', 612),
        phone: '13700001234',
        householdAddress: '重庆市开州区汉丰街道驷马社区9号',
        residenceAddress: '重庆市开州区汉丰街道驷马社区10号',
        tags: ['left_behind_child'],
      })
    ).body;
    await villageA.post(`/api/v1/people/${child.id}/tags`, { add: ['volunteer'] });
    const written = await villageA.post(`/api/v1/people/${child.id}/guardians`, {
      guardianId: mother.id,
      relationship: '母亲',
    });
    expect(written.status).toBe(200);
    const read = await villageA.get(`/api/v1/people/${child.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(written.body);
    expect(read.body.tags.map((x: any) => x.code)).toEqual(['left_behind_child', 'volunteer']);
    expect(read.body.guardians).toEqual([{ personId: mother.id, name: '罗秀英', relationship: '母亲' }]);
    expect(read.body.phone).toBe('137****1234');
    expect(read.body.householdAddress).toBe('重庆市开州区********');
    expect(JSON.stringify(read.body)).not.toContain('13700001234');
    expect(read.body.org).toMatchObject({ id: A, code: '500154001001' });
    expect(read.body.createdAt).toBe(new Date(read.body.createdAt).toISOString());
  });

  it('is not found outside the scope, and a mobile federation reads only the women it serves', async () => {
    const p = (await villageA.post('/api/v1/people', { orgId: A, name: '范冬梅' })).body;
    const other = await villageB.get(`/api/v1/people/${p.id}`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('PERSON_NOT_FOUND');
    expect((await kaizhou.get(`/api/v1/people/${p.id}`)).status).toBe(200);
    expect((await mobile.get(`/api/v1/people/${p.id}`)).status).toBe(404);
    expect((await villageA.get('/api/v1/people/999999999')).status).toBe(404);
  });
});

describe('lists and searches', () => {
  it('pages a list in order with every row once, each with her org and current tags', async () => {
    const names = ['甘一梅', '甘二梅', '甘三梅', '甘四梅', '甘五梅'];
    for (const name of names)
      await villageB.post('/api/v1/people', { orgId: B, name, tags: ['difficult_woman', 'volunteer'] });
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await villageB.get(
        `/api/v1/people?q=${encodeURIComponent('梅')}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const ours = seen.filter((p) => p.name.startsWith('甘'));
    expect(ours.map((p) => p.name).sort()).toEqual([...names].sort());
    expect(new Set(seen.map((p) => p.id)).size).toBe(seen.length);
    for (const p of ours) {
      expect(p.org).toMatchObject({ id: B, code: '500154001002' });
      expect(p.tags).toEqual(['difficult_woman', 'volunteer']);
    }
    const all = await villageB.get(`/api/v1/people?q=${encodeURIComponent('梅')}&limit=200`);
    expect(seen.map((p) => p.id)).toEqual(all.body.items.map((p: any) => p.id));
    expect(all.body.nextCursor).toBeNull();
  });

  it('finds nobody outside the scope, by name, phone or the list', async () => {
    await villageA.post('/api/v1/people', { orgId: A, name: '庞秋菊', phone: '13600004321' });
    const asB = await villageB.get(`/api/v1/people?q=${encodeURIComponent('秋菊')}`);
    expect(asB.status).toBe(200);
    expect(asB.body.items).toEqual([]);
    expect((await villageB.get('/api/v1/people?q=13600004321')).body.items).toEqual([]);
    const asA = await villageA.get('/api/v1/people?q=13600004321');
    expect(asA.body.items.map((p: any) => p.name)).toEqual(['庞秋菊']);
    expect(asA.body.items[0].phone).toBe('136****4321');
    const list = await villageB.get('/api/v1/people?limit=200');
    expect(list.body.items.every((p: any) => p.org.id === B)).toBe(true);
  });

  it('drops candidates outside the scope in the second phase even if the first phase handed them on', async () => {
    const inA = (await villageA.post('/api/v1/people', { orgId: A, name: '外溢甲' })).body;
    const inB = (await villageB.post('/api/v1/people', { orgId: B, name: '外溢乙' })).body;
    const actor = await t.actor('village.b');
    // a first phase that forgot the scope: both ids go forward with row-level security lifted
    const [row] = await readScopedLifted<{ items: PersonListJson[] }>(
      t.platform.handle,
      actor,
      () => [
        keepCandidatesStatement(
          sql`select p.id, p.name_pinyin as sk, p.name_pinyin as k from persons p where p.id in (${inA.id}, ${inB.id})`,
          false,
        ),
      ],
      (s) => personPageStatement(s),
    );
    expect(row!.items.map((p) => p.id)).toEqual([inB.id]);
    // with the statement's own scope predicate left out, row-level security alone still drops her
    const [again] = await readScopedLifted<{ items: PersonListJson[] }>(
      t.platform.handle,
      actor,
      () => [keepCandidatesStatement(sql`select ${inA.id}::bigint as id, '' as sk, '' as k`, false)],
      (s) => personPageStatement({ ...s, scopePath: null }),
    );
    expect(again!.items).toEqual([]);
  });
});
