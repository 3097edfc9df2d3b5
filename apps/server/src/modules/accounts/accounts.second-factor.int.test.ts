// The TOTP second factor (issue 16, docs/decisions/0015): required of the roles that unmask personal data or read
// cases, enrolled at the first sign-in with recovery codes, reset only by the security officer.
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform; // JINGUO_SECOND_FACTOR=required, as in production
let demo: TestPlatform; // the tests' and the demo's default: only for users who enrolled
beforeAll(async () => {
  t = await startTestPlatform({ config: { secondFactor: 'required' } });
  demo = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
  await demo?.close();
});

const code = (secret: string, offsetMs = 0) =>
  new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + offsetMs });

async function signIn(p: TestPlatform, username: string, address = '198.51.100.50') {
  const c = p.anonymous(address);
  const r = await c.post('/api/v1/auth/login', { username, password: DEMO_PASSWORD });
  expect(r.status).toBe(200);
  return { c, me: r.body };
}

/** Enrols the signed-in client's user; returns the secret and the recovery codes. */
async function enrol(c: Client) {
  const started = await c.post('/api/v1/auth/second-factor/enrolment');
  expect(started.status).toBe(200);
  const confirmed = await c.post('/api/v1/auth/second-factor/enrolment/confirm', { code: code(started.body.secret) });
  expect(confirmed.status).toBe(200);
  return { secret: started.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

describe('second factor, required', () => {
  let secret = '';
  let recoveryCodes: string[] = [];
  let usedCode = ''; // the code the enrolment was confirmed with

  it('a case worker enrols at her first sign-in, and nothing else opens until she has', async () => {
    const { c, me } = await signIn(t, 'kaizhou.caseworker');
    expect(me.secondFactor).toBe('enrol');
    const blocked = await c.get('/api/v1/cases');
    expect([blocked.status, blocked.body.code]).toEqual([403, 'SECOND_FACTOR_REQUIRED']);
    expect((await c.get('/api/v1/auth/me')).body.secondFactor).toBe('enrol');

    const started = await c.post('/api/v1/auth/second-factor/enrolment');
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/.*kaizhou\.caseworker\?.*secret=/);
    const [row] = await t.sql<{ enc: string }>(
      `select totp_secret_enc as enc from users where username = 'kaizhou.caseworker'`,
    );
    expect(row!.enc).not.toContain(started.body.secret); // encrypted at rest

    const wrong = await c.post('/api/v1/auth/second-factor/enrolment/confirm', { code: '000000' });
    expect([wrong.status, wrong.body.code, wrong.body.field]).toEqual([400, 'SECOND_FACTOR_INVALID', 'code']);
    const malformed = await c.post('/api/v1/auth/second-factor/enrolment/confirm', { code: '12ab' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('code');

    usedCode = code(started.body.secret);
    const confirmed = await c.post('/api/v1/auth/second-factor/enrolment/confirm', { code: usedCode });
    expect(confirmed.status).toBe(200);
    secret = started.body.secret;
    recoveryCodes = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await c.get('/api/v1/cases')).status).toBe(200);
    expect((await c.get('/api/v1/auth/me')).body.secondFactor).toBe('done');
    // enrolled: a second enrolment would replace it behind the security officer's back
    expect((await c.post('/api/v1/auth/second-factor/enrolment')).body.code).toBe('SECOND_FACTOR_ENROLLED');
  });

  it('asks the code at each sign-in; a code works once, a recovery code once', async () => {
    const first = await signIn(t, 'kaizhou.caseworker');
    expect(first.me.secondFactor).toBe('verify');
    expect((await first.c.get('/api/v1/cases')).body.code).toBe('SECOND_FACTOR_REQUIRED');
    // the very code already used (a fresh one would be good if a 30-second step began since)
    const replay = await first.c.post('/api/v1/auth/second-factor', { code: usedCode });
    expect([replay.status, replay.body.code]).toEqual([400, 'SECOND_FACTOR_INVALID']);
    const ok = await first.c.post('/api/v1/auth/second-factor', { code: code(secret, 30_000) });
    expect([ok.status, ok.body.secondFactor]).toEqual([200, 'done']);
    expect((await first.c.get('/api/v1/cases')).status).toBe(200);

    const second = await signIn(t, 'kaizhou.caseworker', '198.51.100.51');
    const recovery = await second.c.post('/api/v1/auth/second-factor', { code: recoveryCodes[0] });
    expect(recovery.status).toBe(200);
    const third = await signIn(t, 'kaizhou.caseworker', '198.51.100.52');
    const again = await third.c.post('/api/v1/auth/second-factor', { code: recoveryCodes[0] });
    expect(again.body.code).toBe('SECOND_FACTOR_INVALID');
    const actions = await t.sql<{ action: string; result: string }>(
      `select action, result from audit_events where action like 'auth.second_factor.%' and actor_name = 'kaizhou.caseworker' order by id`,
    );
    expect(actions.map((a) => `${a.action} ${a.result}`)).toEqual([
      'auth.second_factor.enrol failure',
      'auth.second_factor.enrol success',
      'auth.second_factor.verify failure',
      'auth.second_factor.verify success',
      'auth.second_factor.recovery_code success',
      'auth.second_factor.verify failure',
    ]);
  });

  it('guessing codes locks the username at that address like wrong passwords', async () => {
    const { c } = await signIn(t, 'kaizhou.caseworker', '203.0.113.60');
    for (let i = 0; i < 4; i++) await c.post('/api/v1/auth/second-factor', { code: '000000' });
    const fifth = await c.post('/api/v1/auth/second-factor', { code: '000000' });
    expect(fifth.body.code).toBe('ACCOUNT_LOCKED');
    const right = await c.post('/api/v1/auth/second-factor', { code: code(secret, 60_000) });
    expect([right.status, right.body.code]).toEqual([423, 'ACCOUNT_LOCKED']);
  });

  it('a role that reads no personal data signs in without it', async () => {
    const { c, me } = await signIn(t, 'admin');
    expect(me.secondFactor).toBe('off');
    expect((await c.get('/api/v1/users')).status).toBe(200);
  });

  it('only the security officer resets an authenticator, within her subtree: audited, sessions end', async () => {
    const id = (await t.sql<{ id: number }>(`select id from users where username = 'kaizhou.caseworker'`))[0]!.id;
    const worker = await signIn(t, 'kaizhou.caseworker', '198.51.100.53');
    await worker.c.post('/api/v1/auth/second-factor', { code: recoveryCodes[1] });
    expect((await worker.c.get('/api/v1/cases')).status).toBe(200);

    const admin = (await signIn(t, 'admin')).c;
    expect((await admin.post(`/api/v1/users/${id}/second-factor/reset`)).status).toBe(403);
    // a district security officer does not reach the city's users
    await t.sql(
      `insert into users (username, display_name, org_id, org_path, roles, password_hash, must_change_password)
       select 'kz.security2', '开州区 安全管理员', o.id, o.path, '{security_officer}', u.password_hash, false
       from organizations o, users u where o.code = '500154' and u.username = 'security'`,
    );
    const kz = (await signIn(t, 'kz.security2')).c;
    const cityId = (await t.sql<{ id: number }>(`select id from users where username = 'city.cadre'`))[0]!.id;
    expect((await kz.post(`/api/v1/users/${cityId}/second-factor/reset`)).status).toBe(404);

    const security = (await signIn(t, 'security')).c;
    const reset = await security.post(`/api/v1/users/${id}/second-factor/reset`);
    expect([reset.status, reset.body.secondFactorEnrolled]).toEqual([200, false]);
    expect((await worker.c.get('/api/v1/auth/me')).status).toBe(401);
    const [audit] = await t.sql<{ actor_name: string }>(
      `select actor_name from audit_events where action = 'user.second_factor.reset'`,
    );
    expect(audit!.actor_name).toBe('security');
    expect((await signIn(t, 'kaizhou.caseworker', '198.51.100.54')).me.secondFactor).toBe('enrol');
  });
});

describe('second factor, enrolled (the demo and the tests)', () => {
  it('demo users sign in with the password alone until they enrol; then the code is asked', async () => {
    const { c, me } = await signIn(demo, 'hanfeng.caseworker');
    expect(me.secondFactor).toBe('off');
    expect((await c.get('/api/v1/cases')).status).toBe(200);
    const { secret } = await enrol(c);
    const next = await signIn(demo, 'hanfeng.caseworker', '198.51.100.55');
    expect(next.me.secondFactor).toBe('verify');
    expect((await next.c.get('/api/v1/cases')).body.code).toBe('SECOND_FACTOR_REQUIRED');
    expect((await next.c.post('/api/v1/auth/second-factor', { code: code(secret, 30_000) })).status).toBe(200);
  });
});
