// A user's sessions (issue 16): the list of her signed-in browsers, and ending one of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionStore } from '../../platform/auth/sessions.js';
import { DEMO_PASSWORD, startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(() => t?.close());

async function signIn(username: string, address: string, agent: string): Promise<Client> {
  const c = t.anonymous(address);
  const r = await c.request(
    'POST',
    '/api/v1/auth/login',
    { username, password: DEMO_PASSWORD },
    { 'user-agent': agent },
  );
  expect(r.status).toBe(200);
  return c;
}

describe('my sessions', () => {
  it('lists my sessions with where they came from, and ends another one of them (audited)', async () => {
    const office = await signIn('hanfeng.cadre', '198.51.100.30', 'Office Chrome');
    const phone = await signIn('hanfeng.cadre', '198.51.100.31', 'Phone Safari');
    const list = await office.get('/api/v1/auth/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: any) => [s.ip, s.userAgent, s.current])).toEqual([
      ['198.51.100.31', 'Phone Safari', false],
      ['198.51.100.30', 'Office Chrome', true],
    ]);
    // a session is named by an id, never by its token or the token's hash
    const tokenHash = (
      await t.sql<{ token_hash: string }>(`select token_hash from sessions where ip = '198.51.100.31'`)
    )[0]!.token_hash;
    const other = list.body.items.find((s: any) => !s.current);
    expect(JSON.stringify(list.body)).not.toContain(tokenHash);
    expect(JSON.stringify(list.body)).not.toContain(phone.cookies.get('jinguo_session'));

    expect((await office.delete(`/api/v1/auth/sessions/${other.id}`)).status).toBe(204);
    expect((await phone.get('/api/v1/auth/me')).status).toBe(401);
    expect((await office.get('/api/v1/auth/me')).status).toBe(200);
    expect((await office.get('/api/v1/auth/sessions')).body.items).toHaveLength(1);
    const audit = await t.sql<{ actor_name: string }>(
      `select actor_name from audit_events where action = 'auth.session.revoke'`,
    );
    expect(audit.map((a) => a.actor_name)).toEqual(['hanfeng.cadre']);
  });

  it("cannot see or end another user's session: 404, and that session lives on", async () => {
    const victim = await signIn('village.a', '198.51.100.40', 'Victim');
    const victimId = (await victim.get('/api/v1/auth/sessions')).body.items[0].id;
    const other = await signIn('village.b', '198.51.100.41', 'Other');
    expect((await other.get('/api/v1/auth/sessions')).body.items.map((s: any) => s.id)).not.toContain(victimId);
    const r = await other.delete(`/api/v1/auth/sessions/${victimId}`);
    expect([r.status, r.body.code]).toEqual([404, 'SESSION_NOT_FOUND']);
    expect((await victim.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('names the field of a malformed id, and needs a session', async () => {
    const c = await signIn('village.b', '198.51.100.42', 'x');
    const r = await c.delete('/api/v1/auth/sessions/not-an-id');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('sessionId');
    expect((await t.anonymous().get('/api/v1/auth/sessions')).status).toBe(401);
  });

  it('ending my own current session signs me out', async () => {
    const c = await signIn('kaizhou.cadre', '198.51.100.43', 'x');
    const mine = (await c.get('/api/v1/auth/sessions')).body.items[0];
    expect((await c.delete(`/api/v1/auth/sessions/${mine.id}`)).status).toBe(204);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe('the session cache', () => {
  it('drops sessions nobody asked for since their few seconds were up, so it does not grow with every sign-in', async () => {
    let now = Date.now();
    const store = createSessionStore(t.platform.handle.db, {
      idleMinutes: 30,
      maxHours: 8,
      cacheMs: 20,
      now: () => now,
    });
    const [{ id: userId } = { id: 0 }] = await t.sql<{ id: number }>(
      `select id from users where username = 'hanfeng.cadre'`,
    );
    const tokens = [];
    for (let i = 0; i < 5; i++) tokens.push((await store.create(Number(userId), null, null)).token);
    for (const token of tokens) expect(await store.resolve(token)).toMatchObject({ userId: Number(userId) });
    expect(store.cached()).toBe(5);
    now += 20 * 12 + 30; // past the cache's time and the next sweep
    expect(await store.resolve(tokens[0]!)).toMatchObject({ userId: Number(userId) }); // read again, cached again
    expect(store.cached()).toBe(1);
  });
});
