// The operator CLI, command by command, against a real database: a temporary PGlite data dir (int-pglite) or a
// fresh PostgreSQL database jinguo_cli_test_* (int-postgres). Commands run in-process through runCli, exactly as
// `npm run jinguo` runs them, with the configuration pointed at the temporary database.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../platform/auth/passwords.js';
import { loadConfig, type Config } from '../platform/config.js';
import { openDatabase } from '../platform/db/client.js';
import { applyMigrations } from '../platform/db/migrate.js';
import { openPlatform } from '../platform.js';
import { Client } from '../../test/harness.js';
import { runCli } from './cli.js';

const KIND = (process.env.JINGUO_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
const PG_ADMIN_URL = process.env.JINGUO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FIXTURE = resolve(import.meta.dirname, 'fixtures/99.tsv');

const root = mkdtempSync(join(tmpdir(), 'jinguo-cli-test-'));
const databases: string[] = [];
let template: string | null = null;
let counter = 0;

interface Db {
  config: Partial<Config>;
  /** Runs SQL on a connection of its own, closed afterwards (PGlite allows one process at a time). */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
}

/** A new empty database: a copy of a migrated PGlite template, or a new PostgreSQL database. */
async function freshDb(): Promise<Db> {
  const dataDir = join(root, `d${counter++}`);
  let databaseUrl: string | null = null;
  if (KIND === 'postgres') {
    const name = `jinguo_cli_test_${process.pid}_${counter}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    databases.push(name);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    const h = await openDatabase({ databaseUrl, dataDir: null, poolSize: 1 });
    await applyMigrations(h);
    await h.close();
  } else {
    if (!template) {
      template = join(root, 'template');
      const h = await openDatabase({ databaseUrl: null, dataDir: template });
      await applyMigrations(h);
      await h.close();
    }
    cpSync(join(template, 'pglite'), join(dataDir, 'pglite'), { recursive: true });
  }
  const withHandle = async <T>(fn: (h: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) => {
    const h = await openDatabase({ databaseUrl, dataDir, poolSize: 1 });
    try {
      return await fn(h);
    } finally {
      await h.close();
    }
  };
  return {
    config: { dataDir, databaseUrl, mode: 'production', logLevel: 'silent', webDistDir: '/nonexistent' },
    sql: (text, params = []) => withHandle(async (h) => (h.pglite ? (await h.pglite.query(text, params)).rows : (await h.pool!.query(text, params)).rows) as never),
    exec: (text) => withHandle((h) => h.exec(text)),
  };
}

async function cli(db: Db, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, config: db.config });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The password printed on the line after "One-time password for …". */
function otpOf(out: string): string {
  const lines = out.split('\n');
  const i = lines.findIndex((l) => l.startsWith('One-time password for'));
  expect(i, out).toBeGreaterThanOrEqual(0);
  return lines[i + 1]!.trim();
}

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  if (databases.length) {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

describe(`jinguo CLI on ${KIND}`, () => {
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

    const users = await prod.sql<{ username: string; roles: string[]; must_change_password: boolean; code: string }>(
      'select u.username, u.roles, u.must_change_password, o.code from users u join organizations o on o.id = u.org_id');
    expect(users).toEqual([{ username: 'admin', roles: ['system_admin'], must_change_password: true, code: '99' }]);
    const orgs = await prod.sql<{ n: number }>('select count(*)::int as n from organizations');
    expect(Number(orgs[0]!.n)).toBe(10);
    const settings = await prod.sql<{ key: string }>('select key from system_settings order by key');
    expect(settings.map((s) => s.key)).toEqual(['production_initialised']);
    const events = await prod.sql<{ action: string; actor_name: string }>('select action, actor_name from audit_events order by id');
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
      expect((await c.post('/api/v1/auth/password', { currentPassword: adminOtp, newPassword: 'Xinmima#2026' })).status).toBe(200);
      const list = await c.get('/api/v1/users');
      expect(list.status).toBe(200);
      expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(['admin']);
    } finally {
      await platform.close();
    }
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
    expect((await cli(prod, 'init', '--production', '--province', '99', '--root-name', 'x', '--root-code', 'X1')).code).toBe(2);
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
    const r = await cli(prod, 'users', 'create', '--username', 'east.cadre', '--name', '东区 王干事', '--org', '990101', '--roles', 'cadre,volunteer');
    expect(r.code, r.err).toBe(0);
    const otp = otpOf(r.out);
    const [u] = await prod.sql<{ password_hash: string; must_change_password: boolean; roles: string[]; display_name: string; code: string }>(
      `select u.*, o.code from users u join organizations o on o.id = u.org_id where username = 'east.cadre'`);
    expect(u).toMatchObject({ must_change_password: true, roles: ['cadre', 'volunteer'], display_name: '东区 王干事', code: '990101' });
    expect(await verifyPassword(u!.password_hash, otp)).toBe(true);

    const conflict = await cli(prod, 'users', 'create', '--username', 'bad.one', '--name', '某', '--org', '99', '--roles', 'auditor,cadre');
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain('三员分立');
    expect((await cli(prod, 'users', 'create', '--username', 'bad.two', '--name', '某', '--org', '99', '--roles', 'superuser')).code).toBe(2);
    const taken = await cli(prod, 'users', 'create', '--username', 'east.cadre', '--name', '某', '--org', '99', '--roles', 'cadre');
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('taken');
    const noOrg = await cli(prod, 'users', 'create', '--username', 'nowhere', '--name', '某', '--org', '123456', '--roles', 'cadre');
    expect(noOrg.code).toBe(1);
    expect(noOrg.err).toContain('no organization');
    // The security officer and the auditor come from the CLI (the admin cannot grant them).
    expect((await cli(prod, 'users', 'create', '--username', 'security', '--name', '安全管理员', '--org', '99', '--roles', 'security_officer')).code).toBe(0);
    expect(await prod.sql('select 1 from users where username in ($1, $2)', ['bad.one', 'nowhere'])).toEqual([]);
  });

  it('users reset-password gives a new one-time password, unlocks and ends sessions; users unlock lifts a lockout', async () => {
    await prod.exec(`update users set failed_attempts = 3, locked_until = now() + interval '10 minutes', must_change_password = false where username = 'east.cadre';
      insert into sessions (token_hash, user_id, csrf_token, expires_at) select 'h1', id, 'c', now() + interval '1 hour' from users where username = 'east.cadre'`);
    const unlocked = await cli(prod, 'users', 'unlock', '--username', 'east.cadre');
    expect(unlocked.code, unlocked.err).toBe(0);
    expect(unlocked.out).toContain('Unlocked east.cadre');
    let [u] = await prod.sql<{ failed_attempts: number; locked_until: unknown; password_hash: string }>(`select * from users where username = 'east.cadre'`);
    expect(u).toMatchObject({ failed_attempts: 0, locked_until: null });
    const oldHash = u!.password_hash;

    await prod.exec(`update users set failed_attempts = 5, locked_until = now() + interval '10 minutes' where username = 'east.cadre'`);
    const reset = await cli(prod, 'users', 'reset-password', '--username', 'east.cadre');
    expect(reset.code, reset.err).toBe(0);
    const otp = otpOf(reset.out);
    [u] = await prod.sql(`select * from users where username = 'east.cadre'`);
    expect(u).toMatchObject({ failed_attempts: 0, locked_until: null, must_change_password: true });
    expect(u!.password_hash).not.toBe(oldHash);
    expect(await verifyPassword(u!.password_hash, otp)).toBe(true);
    expect(await prod.sql(`select 1 from sessions s join users u on u.id = s.user_id where u.username = 'east.cadre'`)).toEqual([]);

    expect((await cli(prod, 'users', 'reset-password', '--username', 'nobody')).code).toBe(1);
    const events = await prod.sql<{ action: string; actor_name: string }>(`select action, actor_name from audit_events where target_type = 'user' order by id`);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'user.unlock', 'user.password.reset']));
    expect(events.filter((e) => e.action !== 'auth.login' && e.action !== 'auth.password.change').every((e) => e.actor_name === 'system:cli')).toBe(true);
  });

  it('audit verify passes on an intact chain and names the first tampered event', async () => {
    const ok = await cli(prod, 'audit', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/audit chain OK: \d+ events checked/);

    const [victim] = await prod.sql<{ id: number }>(`select id from audit_events where action = 'user.create' order by id limit 1`);
    const id = Number(victim!.id);
    // Only a superuser can do this: the append-only trigger stops everyone else.
    await prod.exec(`ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET reason = 'covered up' WHERE id = ${id}; ALTER TABLE audit_events ENABLE TRIGGER USER`);
    const bad = await cli(prod, 'audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`BROKEN at event id ${id}`);
    expect(bad.out).toContain('content changed');
  });

  it('orgs import-divisions is idempotent, and names the extraction script when the file is missing', async () => {
    const db = await freshDb();
    const init = await cli(db, 'init', '--production', '--root-name', '某某市妇联', '--root-code', 'ROOT', '--admin-username', 'it.admin');
    expect(init.code, init.err).toBe(0);
    expect(await db.sql('select code, name, type, depth from organizations')).toEqual([{ code: 'ROOT', name: '某某市妇联', type: 'city_federation', depth: 0 }]);

    const first = await cli(db, 'orgs', 'import-divisions', '--province', '99', '--file', FIXTURE, '--as-of', '2024-01-01');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('10 organizations created, 0 already present');
    const second = await cli(db, 'orgs', 'import-divisions', '--province', '99', '--file', FIXTURE);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain('0 organizations created, 10 already present');
    const counts = await db.sql<{ orgs: number; versions: number; villages: number }>(
      `select (select count(*)::int from organizations) as orgs, (select count(*)::int from organization_versions) as versions,
        (select count(*)::int from organizations where type = 'village_federation' and valid_from = '2024-01-01') as villages`);
    expect(counts[0]).toEqual({ orgs: 11, versions: 11, villages: 4 });
    const [village] = await db.sql<{ name: string; path: string }>(`select name, path::text as path from organizations where code = '990101100200'`);
    expect(village!.name).toBe('东山村妇联');
    expect(village!.path.split('.')).toHaveLength(4);

    const missing = await cli(db, 'orgs', 'import-divisions', '--province', '98');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('scripts/extract-divisions.mjs --province 98');
    const mismatch = await cli(db, 'orgs', 'import-divisions', '--province', '98', '--file', FIXTURE);
    expect(mismatch.code).toBe(1);
    expect(mismatch.err).toContain('not 98');
    expect((await db.sql(`select 1 from audit_events where action = 'org.import_divisions'`)).length).toBe(2);
  });

  it('backup, change, restore: the data is back, the chain verifies, and an existing database needs --force', async () => {
    const db = await freshDb();
    expect((await cli(db, 'init', '--production', '--province', '99', '--file', FIXTURE)).code).toBe(0);
    const file = join(root, `backup-${counter}.${KIND === 'pglite' ? 'tar.gz' : 'dump'}`);
    const backup = await cli(db, 'backup', '--out', file);
    expect(backup.code, backup.err).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect((await cli(db, 'backup', '--out', file)).code).toBe(1); // no silent overwrite

    expect((await cli(db, 'users', 'create', '--username', 'after.backup', '--name', '备份后', '--org', '99', '--roles', 'cadre')).code).toBe(0);
    await db.exec(`update organizations set name = '改名后妇联' where code = '990101'`);

    const refused = await cli(db, 'restore', '--from', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--force');

    const restored = await cli(db, 'restore', '--from', file, '--force');
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('Audit chain OK');
    expect(await db.sql(`select username from users order by id`)).toEqual([{ username: 'admin' }]);
    expect(await db.sql(`select name from organizations where code = '990101'`)).toEqual([{ name: '东区妇联' }]);
    const [last] = await db.sql<{ action: string }>('select action from audit_events order by id desc limit 1');
    expect(last!.action).toBe('system.restore');
    expect((await cli(db, 'audit', 'verify')).code).toBe(0);
    if (KIND === 'pglite') {
      const kept = readdirSync(db.config.dataDir!).filter((n) => n.startsWith('pglite.before-restore-'));
      expect(kept).toHaveLength(1);
    }
  });

  it.runIf(KIND === 'pglite')('refuses to touch an embedded database another process holds open', async () => {
    const db = await freshDb();
    const holder = await openDatabase({ databaseUrl: null, dataDir: db.config.dataDir! });
    try {
      const r = await cli(db, 'restore', '--from', FIXTURE, '--force');
      expect(r.code).toBe(1);
      expect(r.err).toContain('in use by another process');
      expect((await cli(db, 'users', 'unlock', '--username', 'admin')).err).toContain('in use by another process');
    } finally {
      await holder.close();
    }
  });

  it.runIf(KIND === 'pglite')('does not create a database for commands other than init', async () => {
    const dataDir = join(root, 'empty');
    const r = await runCli(['users', 'unlock', '--username', 'admin'], { io: { out: () => {}, err: () => {} }, config: { dataDir, databaseUrl: null } });
    expect(r).toBe(1);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
  });
});
