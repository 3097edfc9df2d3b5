import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let c: Client;
let root: number;

beforeAll(async () => {
  t = await startTestPlatform();
  c = await t.login('city.cadre');
  root = await t.org('50');
});
afterAll(() => t?.close());

const countOrgs = async () => (await t.sql<{ n: number }>('select count(*)::int as n from organizations'))[0]!.n;

function expectProblem(
  r: { status: number; body: any; headers: Record<string, unknown> },
  status: number,
  field?: string,
) {
  expect(r.status).toBe(status);
  expect(String(r.headers['content-type'])).toContain('application/problem+json');
  expect(r.body.message['zh-CN']).toBeTruthy();
  expect(r.body.message['en-US']).toBeTruthy();
  expect(r.body.requestId).toBeTruthy();
  if (field) expect(r.body.field).toBe(field);
}

describe('bad input gets a clear 4xx and writes nothing', () => {
  it('malformed JSON', async () => {
    const before = await countOrgs();
    const r = await c.request('POST', '/api/v1/organizations', '{"parentId": 1, "name": ', {
      'content-type': 'application/json',
    });
    expectProblem(r, 400, 'body');
    expect(r.body.code).toBe('MALFORMED_BODY');
    expect(await countOrgs()).toBe(before);
  });

  it('wrong types name the field in both languages', async () => {
    const r = await c.post('/api/v1/organizations', { parentId: 'one', type: 'womens_group', name: '小组' });
    expectProblem(r, 400, 'parentId');
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.errors[0].message['zh-CN']).toContain('parentId');
    expect(r.body.errors[0].message['en-US']).toContain('parentId');
  });

  it('unknown fields are refused, not ignored', async () => {
    const r = await c.post('/api/v1/organizations', {
      parentId: root,
      type: 'new_sector_federation',
      name: '多余字段',
      isAdmin: true,
    });
    expectProblem(r, 400, 'isAdmin');
    expect(r.body.errors[0].code).toBe('unrecognized_keys');
  });

  it('over-long strings', async () => {
    const r = await c.post('/api/v1/organizations', {
      parentId: root,
      type: 'new_sector_federation',
      name: '长'.repeat(101),
    });
    expectProblem(r, 400, 'name');
    expect(r.body.message['zh-CN']).toContain('最多 100 个字符');
  });

  it('oversized bodies', async () => {
    const before = await countOrgs();
    const r = await c.post('/api/v1/organizations', {
      parentId: root,
      type: 'new_sector_federation',
      name: 'x',
      address: 'a'.repeat(1_100_000),
    });
    expectProblem(r, 413, 'body');
    expect(await countOrgs()).toBe(before);
  });

  it('bad enum values, dates, ids and query strings', async () => {
    expectProblem(
      await c.post('/api/v1/organizations', { parentId: root, type: 'secret_society', name: 'x' }),
      400,
      'type',
    );
    expectProblem(
      await c.post(`/api/v1/organizations/${root}/terms`, { number: 1, dueOn: '2026-13-45' }),
      400,
      'dueOn',
    );
    expectProblem(await c.get('/api/v1/organizations/abc'), 400, 'params.orgId');
    expectProblem(await c.get(`/api/v1/organizations/${root}/children?at=yesterday`), 400, 'querystring.at');
    expectProblem(await c.get('/api/v1/organizations/search?q='), 400, 'querystring.q');
    expectProblem(await c.get('/api/v1/organizations/99999999999999999999'), 400);
    expectProblem(await c.get('/api/v1/organizations/reorganizations?cursor=%%%'), 400, 'cursor');
    // keyset cursors whose key the database casts: a forged key is bad input, not a database error
    const forge = (k: unknown, id: unknown = 1) => Buffer.from(JSON.stringify({ k, id })).toString('base64url');
    for (const cursor of [
      forge('not-a-date'),
      forge('yesterday'),
      forge('2026-13-45T99:99:99Z'),
      forge('2026-02-30T10:00:00.000Z'),
      forge('2026-11-30T24:00:00Z'),
      forge('2026-11-30T00:00:00.000Z', 'x'),
    ]) {
      expectProblem(await c.get(`/api/v1/demands?view=all&cursor=${cursor}`), 400, 'cursor');
      expectProblem(await c.get(`/api/v1/cases?view=all&cursor=${cursor}`), 400, 'cursor');
    }
    for (const cursor of [forge('tomorrow'), forge('2026-02-30'), forge('2026-11-30', null)])
      expectProblem(await c.get(`/api/v1/visits?cursor=${cursor}`), 400, 'cursor');
  });

  it('wrong content type', async () => {
    const r = await c.request('POST', '/api/v1/organizations', 'name=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });

  it('unknown API paths are problem+json 404', async () => {
    expectProblem(await c.get('/api/v1/no-such-thing'), 404);
  });

  it('a half-valid split writes nothing', async () => {
    const before = await countOrgs();
    const town = await t.org('500154001');
    const kids = (await c.get(`/api/v1/organizations/${town}/children`)).body.items;
    const r = await c.post(`/api/v1/organizations/${town}/split`, {
      effectiveDate: '2026-01-01',
      reason: '不完整拆分',
      parts: [
        { name: 'A', childIds: [kids[0].id] },
        { name: 'B', childIds: [] },
      ],
    });
    expectProblem(r, 400, 'parts');
    expect(await countOrgs()).toBe(before);
  });
});

describe("errors in the reader's language (Accept-Language)", () => {
  const bad = { type: 'new_sector_federation', name: '长'.repeat(101) };
  const send = (lang?: string) =>
    c.request('POST', '/api/v1/organizations', { ...bad, parentId: root }, lang ? { 'accept-language': lang } : {});

  it('gives the same bad request an English or a Chinese title and detail, Chinese by default', async () => {
    const en = await send('en-US');
    expectProblem(en, 400, 'name');
    expect(en.body.title).toBe('The submitted data is invalid');
    expect(en.body.detail).toBe('Invalid input: name is too long (at most 100 characters)');
    expect(en.headers['content-language']).toBe('en-US');
    const zh = await send('zh-CN');
    expectProblem(zh, 400, 'name');
    expect(zh.body.title).toBe('提交的数据有误');
    expect(zh.body.detail).toBe('提交的数据有误：name：过长，最多 100 个字符');
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(String(zh.headers.vary)).toContain('Accept-Language');
    // both messages travel either way; only title and detail follow the reader
    expect(en.body.message).toEqual(zh.body.message);
    expect(en.body.errors).toEqual(zh.body.errors);
    const none = await send();
    expect([none.body.title, none.body.detail]).toEqual([zh.body.title, zh.body.detail]);
    // a browser's list with weights, another English, a language the platform does not speak
    expect((await send('fr-FR, en-GB;q=0.8, zh;q=0.5')).body.title).toBe(en.body.title);
    expect((await send('zh-TW,zh;q=0.9,en-US;q=0.8')).body.title).toBe(zh.body.title);
    expect((await send('de-DE')).body.title).toBe(zh.body.title);
  });

  it("speaks the reader's language for every kind of problem: not found, forbidden, unauthenticated", async () => {
    const lost = await c.request('GET', '/api/v1/no-such-thing', undefined, { 'accept-language': 'en-US' });
    expect([lost.body.title, lost.body.detail]).toEqual(['Not found', 'Not found']);
    const lostZh = await c.request('GET', '/api/v1/no-such-thing', undefined, { 'accept-language': 'zh-CN' });
    expect([lostZh.body.title, lostZh.body.detail]).toEqual(['记录不存在', '记录不存在']);
    const outside = await (
      await t.login('village.a')
    ).request('GET', `/api/v1/organizations/${root}/coverage`, undefined, {
      'accept-language': 'en',
    });
    expect(outside.status).toBe(404);
    expect(outside.body.detail).toBe('Organization not found or outside your scope');
    const anon = await t.anonymous().request('GET', '/api/v1/auth/me', undefined, { 'accept-language': 'zh-CN' });
    expect([anon.status, anon.body.title]).toEqual([401, '请先登录']);
  });
});

describe('API surface', () => {
  it('reports health with the database kind and migration version', async () => {
    const r = await t.anonymous().get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body.database).toBe(process.env.JINGUO_TEST_DB ?? 'pglite');
    expect(r.body.migrations.applied).toBe(r.body.migrations.expected);
    expect(r.body.migrations.latest).toMatch(/^\d{4}_/);
    expect(r.body.timeZone).toBe('Asia/Shanghai'); // the web shows every time in it
  });

  it('publishes an OpenAPI document generated from the zod schemas, and a docs page', async () => {
    const doc = await t.anonymous().get('/api/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const create = doc.body.paths['/api/v1/organizations'].post;
    expect(JSON.stringify(create.requestBody)).toContain('parentId');
    expect(doc.body.paths['/api/v1/organizations/{orgId}/children']).toBeTruthy();
    const page = await t.anonymous().get('/api/docs/');
    expect(page.status).toBe(200);
  });

  it('sends secure headers', async () => {
    const r = await t.anonymous().get('/api/health');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(r.headers['strict-transport-security']).toBeUndefined(); // the TLS proxy sets HSTS
    // helmet's whole set (computed once at start-up) on every kind of response: signed in, refused, not found
    const { SECURITY_HEADERS } = await import('./app.js');
    expect(Object.keys(SECURITY_HEADERS).length).toBeGreaterThanOrEqual(10);
    const expected = Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k.toLowerCase(), v]));
    for (const res of [
      r,
      await c.get('/api/v1/auth/me'),
      await t.anonymous().get('/api/v1/auth/me'),
      await c.get('/api/v1/nothing-here'),
    ]) {
      expect(res.headers).toMatchObject(expected);
    }
  });

  it('no answer of the API is kept by a cache: Cache-Control no-store on every operation and outcome', async () => {
    const doc = (await t.anonymous().get('/api/docs/json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const seen: string[] = [];
    const kept: string[] = [];
    const check = (label: string, r: { status: number; headers: Record<string, unknown> }) => {
      seen.push(label);
      if (r.headers['cache-control'] !== 'no-store') kept.push(`${label} → ${r.status} ${r.headers['cache-control']}`);
    };
    // every read, signed in as a city cadre (ids that exist and ids that do not: answers, refusals, not found)
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!('get' in ops) || !path.startsWith('/api/')) continue;
      for (const id of path.includes('{') ? ['1', '999999'] : ['']) {
        const url = path.replace(/\{[^}]+\}/g, id);
        check(`GET ${url}`, await c.get(url));
      }
    }
    // writes, refusals and the signed-out
    check('POST people (bad body)', await c.post('/api/v1/people', { orgId: 'x' }));
    check('POST login (wrong)', await t.anonymous().post('/api/v1/auth/login', { username: 'x', password: 'y' }));
    check('GET me signed out', await t.anonymous().get('/api/v1/auth/me'));
    check('GET health', await t.anonymous().get('/api/health'));
    check('GET unknown', await c.get('/api/v1/nothing-here'));
    expect(seen.length).toBeGreaterThan(150);
    expect(kept).toEqual([]);
  });

  it('paginates with opaque cursors', async () => {
    const first = await c.get('/api/v1/users?limit=3');
    expect(first.body.items).toHaveLength(3);
    const second = await c.get(`/api/v1/users?limit=3&cursor=${first.body.nextCursor}`);
    const names = [...first.body.items, ...second.body.items].map((u: any) => u.username);
    expect(new Set(names).size).toBe(6);
    expect([...names]).toEqual([...names].sort());
  });
});
