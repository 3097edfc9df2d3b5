// Sign-in hardening (issue 16): one answer for an unknown user and a wrong password, throttling per address, per
// username and per both, so that one address cannot lock a named account out of reach of its owner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformJobs } from '../../platform/routes.js';
import { startTestPlatform, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(() => t?.close());

const attempt = (username: string, password: string, address: string) =>
  t.anonymous(address).post('/api/v1/auth/login', { username, password });
const answer = (r: { status: number; body: any }) => [r.status, r.body.code, r.body.message?.['zh-CN']];

describe('sign-in throttling', () => {
  it('an attacker at one address cannot lock a named account: its owner signs in from her own', async () => {
    for (let i = 0; i < 5; i++) await attempt('city.cadre', 'Bad-pass-1', '203.0.113.7');
    const attacker = await attempt('city.cadre', 'Jinguo@2026', '203.0.113.7');
    expect(answer(attacker)[1]).toBe('ACCOUNT_LOCKED');
    const owner = await attempt('city.cadre', 'Jinguo@2026', '198.51.100.20');
    expect(owner.status).toBe(200);
    // and the lock at the attacker's address outlives the owner's success there
    expect((await attempt('city.cadre', 'Jinguo@2026', '203.0.113.7')).status).toBe(423);
  });

  it('gives an unknown username the same answers as a known one, through the lock', async () => {
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(answer(await attempt('hanfeng.cadre', 'Bad-pass-1', '203.0.113.8')));
      unknown.push(answer(await attempt('no.such.user', 'Bad-pass-1', '203.0.113.8')));
    }
    expect(unknown).toEqual(known);
    expect(known[0]).toEqual([401, 'INVALID_CREDENTIALS', '用户名或密码错误']);
    expect(known[6]).toEqual([423, 'ACCOUNT_LOCKED', '账号已被锁定，请稍后再试']);
  });

  it('locks a pair for longer at each further failure (progressive), up to a day', async () => {
    const minutes = async () =>
      (
        await t.sql<{ m: number }>(
          `select round(extract(epoch from blocked_until - now()) / 60)::int as m from sign_in_throttles where key = 'pair:kaizhou.cadre@203.0.113.9'`,
        )
      )[0]!.m;
    for (let i = 0; i < 5; i++) await attempt('kaizhou.cadre', 'Bad-pass-1', '203.0.113.9');
    expect(await minutes()).toBe(15);
    // a further failure only counts once the lock has run out: move it back rather than wait
    await t.sql(`update sign_in_throttles set blocked_until = now() - interval '1 second' where kind = 'pair'`);
    expect((await attempt('kaizhou.cadre', 'Bad-pass-1', '203.0.113.9')).status).toBe(423);
    expect(await minutes()).toBe(30);
  });

  it('slows one address trying many usernames, without touching other addresses', async () => {
    for (let i = 0; i < 20; i++) await attempt(`guess${i}`, 'Bad-pass-1', '203.0.113.10');
    const spray = await attempt('village.a', 'Jinguo@2026', '203.0.113.10');
    expect([spray.status, spray.body.code]).toEqual([429, 'SIGN_IN_THROTTLED']);
    expect((await attempt('village.a', 'Jinguo@2026', '198.51.100.21')).status).toBe(200);
  });

  it('slows attempts at one username from many addresses with a doubling delay, capped at the lock minutes', async () => {
    const seconds = async () =>
      (
        await t.sql<{ s: number }>(
          // the delay the server set, measured from the failure it counted (not from now: the test may be slow)
          `select round(extract(epoch from blocked_until - last_failure_at))::int as s
           from sign_in_throttles where key = 'account:liangjiang.cadre'`,
        )
      )[0]?.s ?? 0;
    for (let i = 0; i < 19; i++) await attempt('liangjiang.cadre', 'Bad-pass-1', `192.0.2.${i + 1}`);
    expect(await seconds()).toBe(0);
    await attempt('liangjiang.cadre', 'Bad-pass-1', '192.0.2.100');
    expect(await seconds()).toBe(2);
    // while it waits, even the right password from a fresh address is turned away, with the locked answer (the wait
    // made a minute long, so that a slow machine cannot outlast it before the attempt)
    await t.sql(
      `update sign_in_throttles set blocked_until = now() + interval '1 minute' where key = 'account:liangjiang.cadre'`,
    );
    const waiting = await attempt('liangjiang.cadre', 'Jinguo@2026', '192.0.2.101');
    expect(waiting.body.code).toBe('ACCOUNT_LOCKED');
    await t.sql(`update sign_in_throttles set blocked_until = null where key = 'account:liangjiang.cadre'`);
    await attempt('liangjiang.cadre', 'Bad-pass-1', '192.0.2.102');
    expect(await seconds()).toBe(4);
    await t.sql(
      `update sign_in_throttles set blocked_until = null, failures = 40 where key = 'account:liangjiang.cadre'`,
    );
    await attempt('liangjiang.cadre', 'Bad-pass-1', '192.0.2.103');
    expect(await seconds()).toBe(15 * 60);
    // the user list shows the wait; an unlock lifts it
    const admin = await t.login('admin');
    const [u] = await t.sql<{ id: number }>(`select id from users where username = 'liangjiang.cadre'`);
    expect((await admin.get(`/api/v1/users/${u!.id}`)).body.lockedUntil).not.toBeNull();
    expect((await admin.post(`/api/v1/users/${u!.id}/unlock`)).status).toBe(200);
    expect((await attempt('liangjiang.cadre', 'Jinguo@2026', '192.0.2.104')).status).toBe(200);
  });

  it('forgets counts a day old that no longer block, hourly', async () => {
    await attempt('hanfeng.mediator', 'Bad-pass-1', '203.0.113.70');
    await t.sql(`insert into sign_in_throttles (key, kind, username, address, failures, blocked_until, last_failure_at) values
      ('pair:old@203.0.113.71', 'pair', 'old', '203.0.113.71', 3, null, now() - interval '25 hours'),
      ('pair:held@203.0.113.71', 'pair', 'held', '203.0.113.71', 9, now() + interval '1 hour', now() - interval '25 hours')`);
    const purge = platformJobs(t.platform).find((j) => j.name === 'auth.throttle.purge')!;
    await purge.run({ id: 'test', name: purge.name, data: {}, attempt: 1 } as never);
    const keys = await t.sql<{ key: string }>(
      `select key from sign_in_throttles where key = any($1::text[]) order by key`,
      [
        [
          'account:hanfeng.mediator',
          'address:203.0.113.70',
          'pair:hanfeng.mediator@203.0.113.70',
          'pair:old@203.0.113.71',
          'pair:held@203.0.113.71',
        ],
      ],
    );
    // the fresh counts and the old one still blocking stay; the old one that blocks nothing goes
    expect(keys.map((r) => r.key)).toEqual([
      'account:hanfeng.mediator',
      'address:203.0.113.70',
      'pair:hanfeng.mediator@203.0.113.70',
      'pair:held@203.0.113.71',
    ]);
  });
});
