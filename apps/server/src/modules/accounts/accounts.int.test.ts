import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let admin: Client;
let security: Client;

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await t.login('admin');
  security = await t.login('security');
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

  it('locks the username at that address after 5 failures for 15 minutes, even for the right password, and audits each attempt', async () => {
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
      `select round(extract(epoch from blocked_until - now()) / 60)::int as minutes from sign_in_throttles where key = 'pair:village.b@127.0.0.1'`,
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

const userId = async (username: string) =>
  Number((await t.sql<{ id: number }>('select id from users where username = $1', [username]))[0]!.id);
/** The one-time password the user's own phone received (the development channel's log). */
const passwordOnPhone = (phone: string) => /一次性密码是 (\S{16})，/.exec(t.smsTo(phone) ?? '')?.[1] ?? null;
/** The admin's development SMS page, once the channel has recorded what it just sent (it writes after sending). */
async function devOutbox(to: string) {
  await t.platform.sms.flush(); // the development channel records its messages just after sending
  const r = await admin.get('/api/v1/dev/outbox');
  if (!r.body.items.some((m: any) => m.to === to)) throw new Error(`nothing recorded for ${to}`);
  return r.body as { items: any[] };
}
const trail = async (targetId: number) =>
  (
    await t.sql<{ action: string; actor_name: string; result: string }>(
      `select action, actor_name, result from audit_events where target_type = 'user' and target_id = $1 order by id`,
      [String(targetId)],
    )
  ).map((e) => `${e.action} ${e.actor_name}${e.result === 'failure' ? ' (refused)' : ''}`);

describe('三员分立: the admin creates accounts, the security officer grants what reads personal data', () => {
  it('a cadre created by the admin: no password in any answer, no personal data until the security officer approves', async () => {
    const org = await t.org('500154001');
    const phone = '13900001001';
    const created = await admin.post('/api/v1/users', {
      username: 'new.cadre',
      displayName: '新干部',
      homeOrgId: org,
      roles: ['cadre'],
      phone,
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      roles: [],
      pendingRoles: ['cadre'],
      phone: '139****1001',
      mustChangePassword: true,
    });
    expect(created.body.delivery).toEqual({ channel: 'development', sentTo: '139****1001' });
    // The password went to her phone only: not in the answer, not on the admin's development SMS page.
    const otp = passwordOnPhone(phone)!;
    expect(otp).toMatch(/^.{16}$/);
    expect(JSON.stringify(created.body)).not.toContain(otp);
    const outbox = await devOutbox('139****1001');
    const slip = outbox.items.find((m: any) => m.to === '139****1001' && m.purpose === 'account.password');
    expect(slip.text).toContain('******');
    expect(JSON.stringify(outbox)).not.toContain(otp);
    expect(JSON.stringify(await t.sql('select * from dev_outbox'))).not.toContain(otp);

    // She signs in with it, and can do nothing before setting her own password.
    const c = await t.login('new.cadre', otp);
    const blocked = await c.get(`/api/v1/organizations/${org}`);
    expect([blocked.status, blocked.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    const weak = await c.post('/api/v1/auth/password', { currentPassword: otp, newPassword: 'alllowercase' });
    expect([weak.status, weak.body.code, weak.body.field]).toEqual([400, 'PASSWORD_TOO_WEAK', 'newPassword']);
    const same = await c.post('/api/v1/auth/password', { currentPassword: otp, newPassword: otp });
    expect(same.body.code).toBe('PASSWORD_REUSED');
    const ok = await c.post('/api/v1/auth/password', { currentPassword: otp, newPassword: 'Hanfeng#2026' });
    expect(ok.status).toBe(200);
    expect(ok.body.mustChangePassword).toBe(false);
    expect(ok.body.permissions).toEqual([]);
    // The cadre role waits for the security officer: no registry, no cases.
    expect((await c.get('/api/v1/people')).status).toBe(403);
    expect((await c.get('/api/v1/cases')).status).toBe(403);

    // The security officer's queue has it, with the phone to check; the admin cannot approve.
    const queue = await security.get('/api/v1/role-grants');
    expect(queue.status).toBe(200);
    const grant = queue.body.items.find((g: any) => g.user.username === 'new.cadre');
    expect(grant).toMatchObject({
      roles: ['cadre'],
      status: 'pending',
      requestedBy: 'admin',
      user: { roles: [], phone: '139****1001', phoneSharedWith: [] },
    });
    expect((await admin.post(`/api/v1/role-grants/${grant.id}/approve`)).status).toBe(403);
    const approved = await security.post(`/api/v1/role-grants/${grant.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'security', user: { roles: ['cadre'] } });
    expect((await security.post(`/api/v1/role-grants/${grant.id}/approve`)).body.code).toBe('ROLE_GRANT_DECIDED');
    // Her sessions ended with the change; signed in again she reads the registry of her subtree.
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    const again = await t.login('new.cadre', 'Hanfeng#2026');
    expect((await again.get('/api/v1/people')).status).toBe(200);

    // The auditor sees every step.
    const id = await userId('new.cadre');
    expect(await trail(id)).toEqual([
      'user.create admin',
      'user.role_grant.request admin',
      'auth.login new.cadre',
      'auth.password.change new.cadre',
      'user.role_grant.approve security',
      'auth.login new.cadre',
    ]);
    const auditor = await t.login('auditor');
    const seen = await auditor.get(`/api/v1/audit/events?targetType=user&targetId=${id}&limit=50`);
    expect(seen.status).toBe(200);
    expect(seen.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['user.create', 'user.role_grant.request', 'user.role_grant.approve']),
    );
  });

  it('a reset sends the new password to her phone, never to the admin; a refused grant leaves the roles as they were', async () => {
    const phone = '13900001002';
    const created = await admin.post('/api/v1/users', {
      username: 'new.supervisor',
      displayName: '新督导',
      homeOrgId: await t.org('500154'),
      roles: ['case_supervisor'],
      phone,
    });
    expect(created.body.user).toMatchObject({ roles: [], pendingRoles: ['case_supervisor'] });
    const first = passwordOnPhone(phone)!;
    const id = created.body.user.id;
    const reset = await admin.post(`/api/v1/users/${id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.body.delivery).toEqual({ channel: 'development', sentTo: '139****1002' });
    const second = passwordOnPhone(phone)!;
    expect(second).not.toBe(first);
    expect(JSON.stringify(reset.body)).not.toContain(second);
    expect(JSON.stringify(await devOutbox('139****1002'))).not.toContain(second);
    expect(
      (await t.anonymous().post('/api/v1/auth/login', { username: 'new.supervisor', password: first })).status,
    ).toBe(401);

    const grant = (await security.get('/api/v1/role-grants')).body.items.find(
      (g: any) => g.user.username === 'new.supervisor',
    );
    const noReason = await security.post(`/api/v1/role-grants/${grant.id}/refuse`, {});
    expect([noReason.status, noReason.body.field]).toEqual([400, 'reason']);
    const refused = await security.post(`/api/v1/role-grants/${grant.id}/refuse`, { reason: '未经单位推荐' });
    expect(refused.body).toMatchObject({ status: 'refused', reason: '未经单位推荐', user: { roles: [] } });
    expect((await admin.get(`/api/v1/users/${id}`)).body).toMatchObject({ roles: [], pendingRoles: [] });
    const history = await security.get('/api/v1/role-grants?status=refused');
    expect(history.body.items.map((g: any) => g.id)).toContain(grant.id);
    const notice = await admin.get('/api/v1/notifications');
    expect(notice.body.items.some((n: any) => n.kind === 'user.role_grant.decided' && n.target?.id === id)).toBe(true);
    expect(await trail(id)).toEqual([
      'user.create admin',
      'user.role_grant.request admin',
      'user.password.reset admin',
      'auth.login new.supervisor (refused)', // the first password no longer works
      'user.role_grant.refuse security',
    ]);
  });

  it('asking again replaces the pending grant; roles that read no personal data and removals take effect at once', async () => {
    const created = await admin.post('/api/v1/users', {
      username: 'new.worker',
      displayName: '新专员',
      homeOrgId: await t.org('500154'),
      roles: ['case_worker'],
      phone: '13900001003',
    });
    const id = created.body.user.id;
    const changed = await admin.patch(`/api/v1/users/${id}`, { roles: ['case_worker', 'mediator'] });
    expect(changed.body).toMatchObject({ roles: [], pendingRoles: ['case_worker', 'mediator'] });
    const grants = await t.sql<{ status: string; roles: string[] }>(
      'select status, roles from role_grants where user_id = $1 order by id',
      [id],
    );
    expect(grants).toEqual([
      { status: 'withdrawn', roles: ['case_worker'] },
      { status: 'pending', roles: ['case_worker', 'mediator'] },
    ]);
    const district = await admin.post('/api/v1/users', {
      username: 'new.admin',
      displayName: '区系统管理员',
      homeOrgId: await t.org('500154'),
      roles: ['system_admin'],
      phone: '13900001004',
    });
    expect(district.body.user).toMatchObject({ roles: ['system_admin'], pendingRoles: [] });
    // an approved role taken away is gone at once; asked for again, it waits again
    const kz = await userId('kaizhou.supervisor');
    expect((await admin.patch(`/api/v1/users/${kz}`, { roles: ['case_worker'] })).body).toMatchObject({
      roles: [],
      pendingRoles: ['case_worker'],
    });
    expect((await admin.patch(`/api/v1/users/${kz}`, { roles: ['case_supervisor'] })).body).toMatchObject({
      roles: [],
      pendingRoles: ['case_supervisor'],
    });
  });

  it('only the security officer changes where passwords go; a shared phone is shown to her; no phone, no reset', async () => {
    const volunteer = await userId('village.a.volunteer');
    expect((await admin.request('PUT', `/api/v1/users/${volunteer}/phone`, { phone: '13900009999' })).status).toBe(403);
    const bad = await security.request('PUT', `/api/v1/users/${volunteer}/phone`, { phone: '12345' });
    expect([bad.status, bad.body.field]).toEqual([400, 'phone']);
    // an account without a phone of its own gets no reset (nowhere to send it but the admin)
    await t.sql('update users set phone_enc = null, phone_hash = null, phone_masked = null where id = $1', [volunteer]);
    const none = await admin.post(`/api/v1/users/${volunteer}/reset-password`);
    expect([none.status, none.body.code]).toEqual([409, 'USER_PHONE_MISSING']);
    const set = await security.request('PUT', `/api/v1/users/${volunteer}/phone`, { phone: '13900001005' });
    expect(set.body.phone).toBe('139****1005');
    const [row] = await t.sql<{ phone_enc: string }>('select phone_enc from users where id = $1', [volunteer]);
    expect(row!.phone_enc).not.toContain('13900001005');
    expect(await trail(volunteer)).toContain('user.phone.set security');

    // The admin gives a new cadre the phone of an existing account (here the volunteer's): the officer sees it.
    await admin.post('/api/v1/users', {
      username: 'new.twin',
      displayName: '同号账号',
      homeOrgId: await t.org('500154001001'),
      roles: ['cadre'],
      phone: '13900001005',
    });
    const grant = (await security.get('/api/v1/role-grants')).body.items.find(
      (g: any) => g.user.username === 'new.twin',
    );
    expect(grant.user.phoneSharedWith).toEqual(['village.a.volunteer']);
  });

  it('refuses bad input naming the field, and keeps the separated roles out of the admin’s hands', async () => {
    const org = await t.org('50');
    const noPhone = await admin.post('/api/v1/users', {
      username: 'x.nophone',
      displayName: 'x',
      homeOrgId: org,
      roles: ['cadre'],
    });
    expect([noPhone.status, noPhone.body.field]).toEqual([400, 'phone']);
    const r1 = await admin.post('/api/v1/users', {
      username: 'fake.auditor',
      displayName: 'x',
      homeOrgId: org,
      roles: ['auditor'],
      phone: '13900001010',
    });
    expect([r1.status, r1.body.code]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
    const r2 = await admin.post('/api/v1/users', {
      username: 'mixed',
      displayName: 'x',
      homeOrgId: org,
      roles: ['system_admin', 'cadre'],
      phone: '13900001011',
    });
    expect(r2.status).toBe(403);
    const r3 = await security.post('/api/v1/users', {
      username: 'x.y',
      displayName: 'x',
      homeOrgId: org,
      roles: ['auditor'],
      phone: '13900001012',
    });
    expect(r3.status).toBe(403); // the security officer creates no accounts: user.manage is the admin's
    expect(await t.sql(`select 1 from users where username in ('x.nophone', 'fake.auditor', 'mixed', 'x.y')`)).toEqual(
      [],
    );
    expect((await security.post('/api/v1/role-grants/999999/approve')).status).toBe(404);
    expect((await (await t.login('city.cadre')).post('/api/v1/role-grants/1/approve')).status).toBe(403);
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

  it("lists users and grants only in the actor's subtree, and refuses a home org outside it", async () => {
    const kaizhou = await t.login('kaizhou.cadre');
    const list = await kaizhou.get('/api/v1/users?limit=100');
    expect(list.status).toBe(200);
    const usernames = list.body.items.map((u: any) => u.username);
    expect(usernames).toContain('village.a');
    expect(usernames).not.toContain('city.cadre');
    const cityUser = await userId('city.cadre');
    expect((await kaizhou.get(`/api/v1/users/${cityUser}`)).status).toBe(404);
    const phone = '13900001020';
    const districtAdmin = await admin.post('/api/v1/users', {
      username: 'kz.admin',
      displayName: '开州系统管理员',
      homeOrgId: await t.org('500154'),
      roles: ['system_admin'],
      phone,
    });
    expect(districtAdmin.status).toBe(201);
    const otp = passwordOnPhone(phone)!;
    const c = await t.login('kz.admin', otp);
    await c.post('/api/v1/auth/password', { currentPassword: otp, newPassword: 'Kaizhou#2026a' });
    const outside = await c.post('/api/v1/users', {
      username: 'wz.user',
      displayName: 'x',
      homeOrgId: await t.org('500101'),
      roles: ['cadre'],
      phone: '13900001021',
    });
    expect(outside.status).toBe(404);
    expect(outside.body.field).toBe('homeOrgId');
    expect((await c.post(`/api/v1/users/${cityUser}/reset-password`)).status).toBe(404);
    expect((await c.patch(`/api/v1/users/${cityUser}`, { status: 'disabled' })).status).toBe(404);
    expect((await c.post(`/api/v1/users/${cityUser}/unlock`)).status).toBe(404);
    const still = await t.sql<{ status: string }>(`select status from users where username = 'city.cadre'`);
    expect(still[0]!.status).toBe('active');

    // A district security officer (granted as the CLI would) sees and decides only her district's grants.
    const [kz] = await t.sql<{ id: number; path: string }>(
      `select id, path::text as path from organizations where code = '500154'`,
    );
    await t.sql(
      `insert into users (username, display_name, org_id, org_path, roles, password_hash, must_change_password)
      select 'kz.security', '开州安全管理员', $1, $2::ltree, array['security_officer'], password_hash, false from users where username = 'security'`,
      [kz!.id, kz!.path],
    );
    await admin.post('/api/v1/users', {
      username: 'city.newcadre',
      displayName: '市妇联新干部',
      homeOrgId: await t.org('50'),
      roles: ['cadre'],
      phone: '13900001022',
    });
    const kzSecurity = await t.login('kz.security');
    const theirs = (await kzSecurity.get('/api/v1/role-grants?limit=200')).body.items.map((g: any) => g.user.username);
    expect(theirs).not.toContain('city.newcadre');
    const cityGrant = (await security.get('/api/v1/role-grants?limit=200')).body.items.find(
      (g: any) => g.user.username === 'city.newcadre',
    );
    const out = await kzSecurity.post(`/api/v1/role-grants/${cityGrant.id}/approve`);
    expect([out.status, out.body.code]).toEqual([404, 'ROLE_GRANT_NOT_FOUND']);
    expect((await kzSecurity.post(`/api/v1/role-grants/${cityGrant.id}/refuse`, { reason: '越权' })).status).toBe(404);
    expect((await kzSecurity.request('PUT', `/api/v1/users/${cityUser}/phone`, { phone: '13900001023' })).status).toBe(
      404,
    );
    const [g] = await t.sql<{ status: string }>('select status from role_grants where id = $1', [cityGrant.id]);
    expect(g!.status).toBe('pending');
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
    const victim = await t.login('hanfeng.counsellor');
    const id = await userId('hanfeng.counsellor');
    const r = await admin.post(`/api/v1/users/${id}/reset-password`);
    expect(r.status).toBe(200);
    expect((await victim.get('/api/v1/auth/me')).status).toBe(401);
    const [{ phone_masked }] = (await t.sql<{ phone_masked: string }>('select phone_masked from users where id = $1', [
      id,
    ])) as [{ phone_masked: string }];
    const otp = /一次性密码是 (\S{16})，/.exec(t.smsTo(phone_masked) ?? '')![1]!;
    const again = await t.login('hanfeng.counsellor', otp);
    expect((await again.get('/api/v1/auth/me')).body.mustChangePassword).toBe(true);
  });

  it('the admin’s development SMS page shows no sign-in code of the portal either', async () => {
    const phone = '13900001030';
    expect((await t.anonymous().post('/api/v1/portal/auth/code', { phone })).status).toBe(200);
    const code = /验证码是 (\d{6})/.exec(t.smsTo(phone) ?? '')![1]!;
    const outbox = await devOutbox('139****1030');
    const msg = outbox.items.find((m: any) => m.to === '139****1030');
    expect(msg.text).toContain('验证码是 ******');
    expect(JSON.stringify(outbox)).not.toContain(code);
  });
});
