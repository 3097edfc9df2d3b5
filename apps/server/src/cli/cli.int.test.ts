// The operator CLI, command by command, against a real database: a temporary PGlite data dir (int-pglite) or a
// fresh PostgreSQL database jinguo_cli_test_* (int-postgres). Commands run in-process through runCli, exactly as
// `npm run jinguo` runs them. This file: init --production, users, audit verify.
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../platform/auth/passwords.js';
import { loadConfig } from '../platform/config.js';
import { openPlatform } from '../platform.js';
import { Client, SMALL_DIVISIONS, startTestPlatform } from '../../test/harness.js';
import { cli, FIXTURE, freshDb, KIND, otpOf, type Db, type Q, cliTestFile } from './testing.js';

cliTestFile();

describe(`jinguo CLI on ${KIND}: init, users, audit`, () => {
  let prod: Db; // initialised from the fixture province; used by the users and audit tests
  let adminOtp = '';

  beforeAll(async () => {
    prod = await freshDb();
  });

  it('init --production imports the divisions and creates exactly one admin with a forced-change one-time password, and no demo', async () => {
    const r = await cli(prod, 'init', '--production', '--province', '99', '--file', FIXTURE);
    expect(r.code, r.err).toBe(0);
    adminOtp = otpOf(r.out);
    expect(adminOtp).toMatch(/^.{16}$/);

    const { users, orgs, settings, events } = await prod.run(async (q) => ({
      users: await q.sql(
        'select u.username, u.roles, u.must_change_password, o.code from users u join organizations o on o.id = u.org_id',
      ),
      orgs: await q.sql<{ n: number }>('select count(*)::int as n from organizations'),
      settings: await q.sql<{ key: string }>('select key from system_settings order by key'),
      events: await q.sql<{ action: string; actor_name: string }>(
        'select action, actor_name from audit_events order by id',
      ),
    }));
    expect(users).toEqual([{ username: 'admin', roles: ['system_admin'], must_change_password: true, code: '99' }]);
    expect(Number(orgs[0]!.n)).toBe(10);
    expect(settings.map((s) => s.key)).toEqual(['data_key', 'production_initialised']); // the key's fingerprint: data-key.ts
    expect(events.map((e) => e.action)).toEqual(['org.import_divisions', 'user.create', 'system.production.init']);
    expect(new Set(events.map((e) => e.actor_name))).toEqual(new Set(['system:cli']));

    // The one-time password signs in, but nothing works until it is changed.
    const platform = await openPlatform(loadConfig(prod.config));
    try {
      const c = new Client(platform);
      expect((await c.post('/api/v1/auth/login', { username: 'admin', password: 'Jinguo@2026' })).status).toBe(401);
      const login = await c.post('/api/v1/auth/login', { username: 'admin', password: adminOtp });
      expect(login.status).toBe(200);
      expect(login.body.mustChangePassword).toBe(true);
      const blocked = await c.get('/api/v1/users');
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect(
        (await c.post('/api/v1/auth/password', { currentPassword: adminOtp, newPassword: 'Xinmima#2026' })).status,
      ).toBe(200);
      const list = await c.get('/api/v1/users');
      expect(list.status).toBe(200);
      expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(['admin']);
    } finally {
      await platform.close();
    }
  });

  it("init --production --province 50 brings Chongqing to today's structure, the same as the demo, with no demo data", async () => {
    const db = await freshDb();
    const r = await cli(db, 'init', '--production', '--province', '50', '--file', SMALL_DIVISIONS);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('functional zones WSJKQ');
    expect(r.out).toContain('2025-11-06 reorganization (两江新区) replayed');
    // the division-level network (demo organizations have codes with a dash; none may exist here)
    const network = (q: Pick<Q, 'sql'>) =>
      q.sql<{ code: string; type: string; status: string; parent: string | null; merged_into: string | null }>(`
      select o.code, o.type, o.status, p.code as parent, m.code as merged_into
      from organizations o left join organizations p on p.id = o.parent_id left join organizations m on m.id = o.merged_into_id
      where o.code !~ '-' order by o.code`);
    const history = (q: Pick<Q, 'sql'>) =>
      q.sql<{ kind: string; effective_date: string }>(
        `select kind, effective_date::text from reorganizations order by id`,
      );
    const prod = await db.run(async (q) => ({
      network: await network(q),
      history: await history(q),
      users: await q.sql<{ username: string }>('select username from users'),
      settings: await q.sql<{ key: string }>('select key from system_settings order by key'),
      demoOrgs: await q.sql<{ n: number }>(`select count(*)::int as n from organizations where code ~ '-'`),
      persons: await q.sql<{ n: number }>('select count(*)::int as n from persons'),
    }));
    const byCode = new Map(prod.network.map((o) => [o.code, o]));
    expect(byCode.get('LJXQ')).toMatchObject({ type: 'district_federation', status: 'active', parent: '50' });
    expect(byCode.get('500105')).toMatchObject({ status: 'merged', merged_into: 'LJXQ' }); // 江北区
    expect(byCode.get('500112')).toMatchObject({ status: 'merged', merged_into: 'LJXQ' }); // 渝北区
    expect(byCode.get('WSJKQ')).toMatchObject({ type: 'functional_zone_federation', status: 'active', parent: '50' });
    expect(byCode.get('500110004')?.parent).toBe('WSJKQ'); // 万盛街道 belongs to 万盛经开区, not 綦江区
    expect(prod.history.map((h) => h.kind)).toEqual(['import', 'merge']);
    expect(prod.history[1]!.effective_date).toBe('2025-11-06');
    expect(prod.users.map((u) => u.username)).toEqual(['admin']);
    expect(prod.settings.map((x) => x.key)).toEqual(['data_key', 'production_initialised']);
    expect(Number(prod.demoOrgs[0]!.n)).toBe(0);
    expect(Number(prod.persons[0]!.n)).toBe(0);

    // the demo on the same divisions builds exactly the same network (one shared import, not a copy): the tests'
    // demo template is that demo, loaded once for the run
    const demo = await startTestPlatform();
    try {
      const shown = { network: await network(demo), history: await history(demo) };
      expect(prod.network).toEqual(shown.network);
      expect(shown.history.slice(0, 2)).toEqual(prod.history);
    } finally {
      await demo.close();
    }
  });

  it('init --production for another province stays a plain import', async () => {
    const db = await freshDb();
    expect((await cli(db, 'init', '--production', '--province', '99', '--file', FIXTURE)).code).toBe(0);
    const kinds = await db.run((q) => q.sql<{ kind: string }>('select kind from reorganizations'));
    expect(kinds.map((k) => k.kind)).toEqual(['import']);
  });

  it('init refuses a second time, and refuses any database that has users', async () => {
    const again = await cli(prod, 'init', '--production', '--province', '99', '--file', FIXTURE);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already initialised');

    const other = await freshDb();
    await other.exec(`insert into organizations (code, name, type, path, depth, valid_from) values ('X1', '某妇联', 'city_federation', '1', 0, '2024-01-01');
      insert into users (username, display_name, org_id, org_path, roles, password_hash) values ('someone', '某人', 1, '1', '{cadre}', 'x')`);
    const refused = await cli(other, 'init', '--production', '--root-name', '某某市妇联', '--root-code', 'ROOT');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('1 user account(s) already exist');
  });

  it('init and the other commands reject wrong usage with exit code 2', async () => {
    expect((await cli(prod, 'init')).code).toBe(2);
    expect((await cli(prod, 'init', '--production')).code).toBe(2);
    expect(
      (await cli(prod, 'init', '--production', '--province', '99', '--root-name', 'x', '--root-code', 'X1')).code,
    ).toBe(2);
    expect((await cli(prod, 'init', '--production', '--province', 'chongqing')).code).toBe(2);
    expect((await cli(prod, 'users', 'create', '--username', 'ab')).code).toBe(2);
    expect((await cli(prod, 'users', 'frobnicate')).code).toBe(2);
    expect((await cli(prod, 'audit', 'verify', '--bogus')).code).toBe(2);
    expect((await cli(prod, 'backup')).code).toBe(2);
    const help = await cli(prod, 'users', 'create', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--roles');
  });

  it('users create makes an account with a one-time password and a forced change, respecting 三员分立', async () => {
    const r = await cli(
      prod,
      'users',
      'create',
      '--username',
      'east.cadre',
      '--name',
      '东区 王干事',
      '--org',
      '990101',
      '--roles',
      'cadre,volunteer',
    );
    expect(r.code, r.err).toBe(0);
    const otp = otpOf(r.out);
    const [u] = await prod.sql<{
      password_hash: string;
      must_change_password: boolean;
      roles: string[];
      display_name: string;
      code: string;
    }>(`select u.*, o.code from users u join organizations o on o.id = u.org_id where username = 'east.cadre'`);
    expect(u).toMatchObject({
      must_change_password: true,
      roles: ['cadre', 'volunteer'],
      display_name: '东区 王干事',
      code: '990101',
    });
    expect(await verifyPassword(u!.password_hash, otp)).toBe(true);

    const conflict = await cli(
      prod,
      'users',
      'create',
      '--username',
      'bad.one',
      '--name',
      '某',
      '--org',
      '99',
      '--roles',
      'auditor,cadre',
    );
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain('三员分立');
    expect(
      (
        await cli(
          prod,
          'users',
          'create',
          '--username',
          'bad.two',
          '--name',
          '某',
          '--org',
          '99',
          '--roles',
          'superuser',
        )
      ).code,
    ).toBe(2);
    const taken = await cli(
      prod,
      'users',
      'create',
      '--username',
      'east.cadre',
      '--name',
      '某',
      '--org',
      '99',
      '--roles',
      'cadre',
    );
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('taken');
    const noOrg = await cli(
      prod,
      'users',
      'create',
      '--username',
      'nowhere',
      '--name',
      '某',
      '--org',
      '123456',
      '--roles',
      'cadre',
    );
    expect(noOrg.code).toBe(1);
    expect(noOrg.err).toContain('no organization');
    // The security officer and the auditor come from the CLI (the admin cannot grant them).
    expect(
      (
        await cli(
          prod,
          'users',
          'create',
          '--username',
          'security',
          '--name',
          '安全管理员',
          '--org',
          '99',
          '--roles',
          'security_officer',
        )
      ).code,
    ).toBe(0);
    expect(await prod.sql('select 1 from users where username in ($1, $2)', ['bad.one', 'nowhere'])).toEqual([]);
  });

  it('users reset-password gives a new one-time password, unlocks and ends sessions; users unlock lifts a lockout', async () => {
    await prod.exec(`update users set failed_attempts = 3, locked_until = now() + interval '10 minutes', must_change_password = false where username = 'east.cadre';
      insert into sessions (token_hash, user_id, csrf_token, expires_at) select 'h1', id, 'c', now() + interval '1 hour' from users where username = 'east.cadre';
      insert into sign_in_throttles (key, kind, username, address, failures, blocked_until) values
        ('pair:east.cadre@203.0.113.1', 'pair', 'east.cadre', '203.0.113.1', 5, now() + interval '15 minutes'),
        ('account:east.cadre', 'account', 'east.cadre', null, 20, now() + interval '2 seconds')`);
    const unlocked = await cli(prod, 'users', 'unlock', '--username', 'east.cadre');
    expect(unlocked.code, unlocked.err).toBe(0);
    // the sign-in throttle's locks of the username go too, from one address and from all
    expect(await prod.sql(`select key from sign_in_throttles where username = 'east.cadre'`)).toEqual([]);
    expect(unlocked.out).toContain('Unlocked east.cadre');
    let [u] = await prod.run(async (q) => {
      const rows = await q.sql<{ failed_attempts: number; locked_until: unknown; password_hash: string }>(
        `select * from users where username = 'east.cadre'`,
      );
      await q.exec(
        `update users set failed_attempts = 5, locked_until = now() + interval '10 minutes' where username = 'east.cadre'`,
      );
      return rows;
    });
    expect(u).toMatchObject({ failed_attempts: 0, locked_until: null });
    const oldHash = u!.password_hash;

    const reset = await cli(prod, 'users', 'reset-password', '--username', 'east.cadre');
    expect(reset.code, reset.err).toBe(0);
    const otp = otpOf(reset.out);
    expect((await cli(prod, 'users', 'reset-password', '--username', 'nobody')).code).toBe(1);
    const { sessions, events } = await prod.run(async (q) => {
      [u] = await q.sql(`select * from users where username = 'east.cadre'`);
      return {
        sessions: await q.sql(
          `select 1 from sessions s join users u on u.id = s.user_id where u.username = 'east.cadre'`,
        ),
        events: await q.sql<{ action: string; actor_name: string }>(
          `select action, actor_name from audit_events where target_type = 'user' order by id`,
        ),
      };
    });
    expect(u).toMatchObject({ failed_attempts: 0, locked_until: null, must_change_password: true });
    expect(u!.password_hash).not.toBe(oldHash);
    expect(await verifyPassword(u!.password_hash, otp)).toBe(true);
    expect(sessions).toEqual([]);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.create', 'user.unlock', 'user.password.reset']),
    );
    expect(
      events
        .filter((e) => e.action !== 'auth.login' && e.action !== 'auth.password.change')
        .every((e) => e.actor_name === 'system:cli'),
    ).toBe(true);
  });

  it('audit verify passes on an intact chain and names the first tampered event', async () => {
    const ok = await cli(prod, 'audit', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/audit chain OK: \d+ events checked/);

    const id = await prod.run(async (q) => {
      const [victim] = await q.sql<{ id: number }>(
        `select id from audit_events where action = 'user.create' order by id limit 1`,
      );
      // Only a superuser can do this: the append-only trigger stops everyone else.
      await q.exec(
        `ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET reason = 'covered up' WHERE id = ${Number(victim!.id)}; ALTER TABLE audit_events ENABLE TRIGGER USER`,
      );
      return Number(victim!.id);
    });
    const bad = await cli(prod, 'audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`BROKEN at event id ${id}`);
    expect(bad.out).toContain('content changed');
  });
});
