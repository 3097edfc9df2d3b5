// Fuzzing in `npm test` (fuzz.ts): bad input, derived from each write operation's request schema, to every write
// operation of the OpenAPI document, on both databases. A fixed seed by default, printed with the figures:
// JINGUO_FUZZ_SEED, JINGUO_FUZZ_RUNS (cases in all) and JINGUO_FUZZ_ONLY (an operation's key, or part of it) rerun
// any case; `npm run bench -- --only fuzz` is the longer run.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@jinguo/contracts';
import { startTestPlatform, type Client, type TestPlatform } from './harness.js';
import { ACCESS_MATRIX } from './access-matrix.js';
import { IN_SCOPE_USERS, PNG, loadFixtures, signIn } from './access-matrix.fixtures.js';
import { caller, describeReport, fuzz, fuzzSettings, resident, tableDigest } from './fuzz.js';

let t: TestPlatform;
beforeAll(async () => {
  // sessions cached as in production: a session's last use is not written on every call
  t = await startTestPlatform({ config: { sessionCacheMs: 60_000 } });
});
afterAll(() => t?.close());

describe('fuzzing every write operation', () => {
  it('sees a row written, changed or deleted in any table', async () => {
    const digest = await tableDigest(t);
    const before = await digest();
    await t.sql("update organizations set name = name || '' where id = (select min(id) from organizations)");
    const updated = await digest();
    expect(Object.keys(updated).filter((k) => updated[k] !== before[k])).toEqual(['organizations']);
    await t.sql('delete from tag_definitions where code = (select max(code) from tag_definitions)');
    const deleted = await digest();
    expect(Object.keys(deleted).filter((k) => deleted[k] !== updated[k])).toEqual(['tag_definitions']);
  });

  const settings = fuzzSettings({ seed: 20261205, runs: 600 });

  it(
    'answers bad input with a problem naming the field, never a 5xx, and writes nothing when it refuses',
    { timeout: Math.max(180_000, settings.runs * 250) },
    async () => {
      const report = await fuzz(t, settings, (line) => console.log(line));
      console.log(describeReport(report));
      if (process.env.JINGUO_FUZZ_REPORT)
        writeFileSync(process.env.JINGUO_FUZZ_REPORT, JSON.stringify(report, null, 2));
      expect(report.cases).toBe(report.runs);
      expect(report.findings.map((f) => `${f.operation} [${f.kind}] ${f.note}: ${f.problem}`)).toEqual([]);
    },
  );
});

// What the fuzzer found, pinned: each call below answered 500, or a 4xx that was not problem+json or named no field.
describe('bad input the fuzzer found', () => {
  let fx: Awaited<ReturnType<typeof loadFixtures>>;
  const as = new Map<string, Client>();
  /** The operation called as the fuzzer calls it (a role through its gate, in scope; the portal's resident). */
  async function call(key: string, url: string, body?: string | Buffer, query = '') {
    const who = caller(key, ACCESS_MATRIX[key]!);
    if (!as.has(who))
      as.set(
        who,
        who === 'resident'
          ? await resident(t, '10.67.0.1', '13900002026')
          : await signIn(t, IN_SCOPE_USERS[who as Role]),
      );
    const c = as.get(who)!;
    const headers: Record<string, string> =
      body === undefined ? {} : { 'content-type': Buffer.isBuffer(body) ? 'image/png' : 'application/json' };
    if (who === 'resident') headers['x-csrf-token'] = c.cookies.get('jinguo_resident_csrf') ?? '';
    return c.request(key.slice(0, key.indexOf(' ')), `${url}${query}`, body, headers);
  }
  beforeAll(async () => {
    fx = await loadFixtures(t);
  });

  it('takes an empty patch as a change of nothing', async () => {
    const { userId, volunteerId, teamId, projectId } = fx.ids;
    const [before] = await t.sql<{ username: string; roles: string[] }>(
      'select username, roles from users where id = $1',
      [userId],
    );
    const user = await call('PATCH /api/v1/users/{userId}', `/api/v1/users/${userId}`, '{}');
    expect(user.status, JSON.stringify(user.body)).toBe(200);
    expect(user.body).toMatchObject({ id: userId, username: before!.username, roles: before!.roles });
    for (const [key, url] of [
      ['PATCH /api/v1/volunteers/teams/{teamId}', `/api/v1/volunteers/teams/${teamId}`],
      ['PATCH /api/v1/duties/projects/{projectId}', `/api/v1/duties/projects/${projectId}`],
      ['PATCH /api/v1/portal/me', '/api/v1/portal/me'],
    ] as const) {
      const res = await call(key, url, '{}');
      expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    // the teams alone: no column of the volunteer changes
    const teams = await call(
      'PATCH /api/v1/volunteers/{volunteerId}',
      `/api/v1/volunteers/${volunteerId}`,
      '{"teamIds":[]}',
    );
    expect(teams.status, JSON.stringify(teams.body)).toBe(200);
    expect(teams.body.teams ?? []).toEqual([]);
  });

  it('answers a bad escape or an over-long path parameter with a problem naming the url, with the usual headers', async () => {
    for (const url of ['/api/v1/organizations/%zz', `/api/v1/organizations/${'9'.repeat(300)}`]) {
      const res = await call('PATCH /api/v1/organizations/{orgId}', url, '{}');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'url' });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('refuses a NUL character or a lone surrogate naming the field, in the body, the query and the path', async () => {
    const { activityId, visitId } = fx.ids;
    const cases = [
      ['PATCH /api/v1/portal/me', '/api/v1/portal/me', '{"nickname":"a\\u0000b"}', '', 'nickname'],
      [
        'PATCH /api/v1/activities/{activityId}',
        `/api/v1/activities/${activityId}`,
        '{"audience":"\\ud800"}',
        '',
        'audience',
      ],
      ['POST /api/v1/people', '/api/v1/people', '{"orgId":1,"name":"x","tags":["ok","\\udc00x"]}', '', 'tags.1'],
      [
        'POST /api/v1/visits/{visitId}/photos',
        `/api/v1/visits/${visitId}/photos`,
        PNG,
        '?name=a%00b',
        'querystring.name',
      ],
      ['PATCH /api/v1/organizations/{orgId}', '/api/v1/organizations/1%00', '{}', '', 'params.orgId'],
      // a read too: the search ran to PostgreSQL and answered 500
      ['GET /api/v1/people', '/api/v1/people', undefined, '?q=a%00b', 'querystring.q'],
    ] as const;
    for (const [key, url, body, query, field] of cases) {
      const res = await call(key, url, body, query);
      expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body, key).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect(res.body.message['en-US'], key).toContain(field);
    }
  });
});
