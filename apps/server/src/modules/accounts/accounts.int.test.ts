import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let admin: Client;

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await t.login('admin');
});
afterAll(() => t?.close());

describe('sign-in', () => {
  it('sets an httpOnly SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const c = t.anonymous();
    const r = await c.post('/api/v1/auth/login', { username: 'city.cadre', password: 'Jinguo@2026' });
    expect(r.status).toBe(200);
    const cookies = ([] as string[]).concat(r.headers['set-cookie'] as string[]);
    const session = cookies.find((h) => h.startsWith('jinguo_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    const csrf = cookies.find((h) => h.startsWith('jinguo_csrf='))!;
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(r.body.csrfToken).toBe(c.cookies.get('jinguo_csrf'));
    expect(r.body.permissions).toContain('org.read');
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const a = await t.anonymous().post('/api/v1/auth/login', { username: 'nobody', password: 'Whatever1!' });
    const b = await t.anonymous().post('/api/v1/auth/login', { username: 'city.cadre', password: 'Wrong-pass1' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.code).toBe(b.body.code);
    expect(a.body.message['zh-CN']).toBe('用户名或密码错误');
  });

  it('locks the account after 5 failures for 15 minutes, even for the right password, and audits each attempt', async () => {
    for (let i = 0; i < 4; i++)
      expect(
        (await t.anonymous().post('/api/v1/auth/login', { username: 'village.b', password: 'Bad-pass-1' })).status,
      ).toBe(401);
    const fifth = await t.anonymous().post('/api/v1/auth/login', { username: 'village.b', password: 'Bad-pass-1' });
    expect(fifth.status).toBe(423);
    const right = await t.anonymous().post('/api/v1/auth/login', { username: 'village.b', password: 'Jinguo@2026' });
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('ACCOUNT_LOCKED');
    const [lock] = await t.sql<{ minutes: number }>(
      `select round(extract(epoch from locked_until - now()) / 60)::int as minutes from users where username = 'village.b'`,
    );
    expect(lock!.minutes).toBe(15);
    const failures = await t.sql<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'auth.login' and result = 'failure' and actor_name = 'village.b'`,
    );
    expect(failures[0]!.n).toBe(6);
    const unlocked = await admin.post(
      `/api/v1/users/${(await t.sql<{ id: number }>(`select id from users where username='village.b'`))[0]!.id}/unlock`,
    );
    expect(unlocked.status).toBe(200);
    expect(
      (await t.anonymous().post('/api/v1/auth/login', { username: 'village.b', password: 'Jinguo@2026' })).status,
    ).toBe(200);
  });

  it('ends a session idle for more than 30 minutes', async () => {
    const c = await t.login('hanfeng.cadre');
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    await t.sql(
      `update sessions set last_seen_at = now() - interval '31 minutes' where user_id = (select id from users where username = 'hanfeng.cadre')`,
    );
    const r = await c.get('/api/v1/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('SESSION_EXPIRED');
  });

  it('signs out: the cookie no longer works', async () => {
    const c = await t.login('kaizhou.cadre');
    const cookie = c.cookies.get('jinguo_session');
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    c.cookies.set('jinguo_session', cookie!);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token, and with a wrong one', async () => {
    const c = await t.login('city.cadre');
    const root = await t.org('50');
    const body = { parentId: root, type: 'new_sector_federation', name: '无令牌创建' };
    expect((await c.request('POST', '/api/v1/organizations', body, { 'x-csrf-token': '' })).status).toBe(403);
    const wrong = await c.request('POST', '/api/v1/organizations', body, { 'x-csrf-token': 'forged' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('CSRF_FAILED');
    const rows = await t.sql(`select 1 from organizations where name = '无令牌创建'`);
    expect(rows).toHaveLength(0);
    expect((await c.post('/api/v1/organizations', body)).status).toBe(201);
  });
});

describe('accounts created by an admin', () => {
  it('must change the initial one-time password before doing anything else', async () => {
    const org = await t.org('500154001');
    const created = await admin.post('/api/v1/users', {
      username: 'new.cadre',
      displayName: '新干部',
      homeOrgId: org,
      roles: ['cadre'],
    });
    expect(created.status).toBe(201);
    expect(created.body.oneTimePassword).toMatch(/^.{16}$/);
    expect(created.body.user.mustChangePassword).toBe(true);
    const c = await t.login('new.cadre', created.body.oneTimePassword);
    const blocked = await c.get(`/api/v1/organizations/${org}`);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.get('/api/v1/auth/me')).body.mustChangePassword).toBe(true);

    const weak = await c.post('/api/v1/auth/password', {
      currentPassword: created.body.oneTimePassword,
      newPassword: 'alllowercase',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_TOO_WEAK');
    expect(weak.body.field).toBe('newPassword');
    const same = await c.post('/api/v1/auth/password', {
      currentPassword: created.body.oneTimePassword,
      newPassword: created.body.oneTimePassword,
    });
    expect(same.body.code).toBe('PASSWORD_REUSED');
    const ok = await c.post('/api/v1/auth/password', {
      currentPassword: created.body.oneTimePassword,
      newPassword: 'Hanfeng#2026',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.mustChangePassword).toBe(false);
    expect((await c.get(`/api/v1/organizations/${org}`)).status).toBe(200);
    const stored = await t.sql<{ password_hash: string }>(
      `select password_hash from users where username = 'new.cadre'`,
    );
    expect(stored[0]!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('keeps 三员分立: the admin cannot grant the auditor role or combine separated roles', async () => {
    const org = await t.org('50');
    const r1 = await admin.post('/api/v1/users', {
      username: 'fake.auditor',
      displayName: 'x',
      homeOrgId: org,
      roles: ['auditor'],
    });
    expect(r1.status).toBe(403);
    expect(r1.body.code).toBe('ROLE_NOT_GRANTABLE');
    const r2 = await admin.post('/api/v1/users', {
      username: 'mixed',
      displayName: 'x',
      homeOrgId: org,
      roles: ['system_admin', 'cadre'],
    });
    expect(r2.status).toBe(403);
    const security = await t.login('security');
    const r3 = await security.post('/api/v1/users', {
      username: 'x.y',
      displayName: 'x',
      homeOrgId: org,
      roles: ['auditor'],
    });
    expect(r3.status).toBe(403); // the security officer grants no accounts either: user.manage is the admin's
  });

  it('the admin has no access to personal data permissions; the auditor only reads the audit log', async () => {
    const me = (await admin.get('/api/v1/auth/me')).body;
    expect(me.permissions).not.toContain('person.read');
    expect(me.permissions).not.toContain('person.unmask');
    expect(me.permissions).not.toContain('audit.read');
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/v1/audit/events')).status).toBe(200);
    expect((await auditor.get('/api/v1/users')).status).toBe(403);
    expect((await admin.get('/api/v1/audit/events')).status).toBe(403);
  });

  it("lists users only in the actor's subtree, and refuses a home org outside it", async () => {
    const kaizhou = await t.login('kaizhou.cadre');
    const list = await kaizhou.get('/api/v1/users?limit=100');
    expect(list.status).toBe(200);
    const usernames = list.body.items.map((u: any) => u.username);
    expect(usernames).toContain('village.a');
    expect(usernames).not.toContain('city.cadre');
    const cityUser = (await t.sql<{ id: number }>(`select id from users where username = 'city.cadre'`))[0]!.id;
    expect((await kaizhou.get(`/api/v1/users/${cityUser}`)).status).toBe(404);
    const districtAdmin = await admin.post('/api/v1/users', {
      username: 'kz.admin',
      displayName: '开州系统管理员',
      homeOrgId: await t.org('500154'),
      roles: ['system_admin'],
    });
    const c = await t.login('kz.admin', districtAdmin.body.oneTimePassword);
    await c.post('/api/v1/auth/password', {
      currentPassword: districtAdmin.body.oneTimePassword,
      newPassword: 'Kaizhou#2026a',
    });
    const outside = await c.post('/api/v1/users', {
      username: 'wz.user',
      displayName: 'x',
      homeOrgId: await t.org('500101'),
      roles: ['cadre'],
    });
    expect(outside.status).toBe(404);
    expect(outside.body.field).toBe('homeOrgId');
    expect((await c.post(`/api/v1/users/${cityUser}/reset-password`)).status).toBe(404);
    expect((await c.patch(`/api/v1/users/${cityUser}`, { status: 'disabled' })).status).toBe(404);
    expect((await c.post(`/api/v1/users/${cityUser}/unlock`)).status).toBe(404);
    const still = await t.sql<{ status: string }>(`select status from users where username = 'city.cadre'`);
    expect(still[0]!.status).toBe('active');
  });

  it("a district auditor reads only her district's part of the trail", async () => {
    // Auditor accounts are not the admin's to grant (三员分立); here one is created directly, as the CLI would.
    const [kz] = await t.sql<{ id: number; path: string }>(
      `select id, path::text as path from organizations where code = '500154'`,
    );
    await t.sql(
      `insert into users (username, display_name, org_id, org_path, roles, password_hash, must_change_password)
      select 'kz.auditor', '开州审计员', $1, $2::ltree, array['auditor'], password_hash, false from users where username = 'auditor'`,
      [kz!.id, kz!.path],
    );
    const a = await t.login('kz.auditor');
    const page = await a.get('/api/v1/audit/events?limit=200');
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeGreaterThan(0);
    const inKaizhou = await t.sql<{ id: number }>(`select id from organizations where path <@ $1::ltree`, [kz!.path]);
    const allowed = new Set(inKaizhou.map((r) => Number(r.id)));
    const outside = page.body.items.filter((e: any) => !allowed.has(Number(e.orgId)));
    expect(outside.map((e: any) => [e.action, e.orgId, e.targetType])).toEqual([]);
  });

  it("resetting a password ends the user's sessions and forces a change", async () => {
    const victim = await t.login('village.a.volunteer');
    const id = (await t.sql<{ id: number }>(`select id from users where username = 'village.a.volunteer'`))[0]!.id;
    const r = await admin.post(`/api/v1/users/${id}/reset-password`);
    expect(r.status).toBe(200);
    expect((await victim.get('/api/v1/auth/me')).status).toBe(401);
    const again = await t.login('village.a.volunteer', r.body.oneTimePassword);
    expect((await again.get('/api/v1/auth/me')).body.mustChangePassword).toBe(true);
  });
});
