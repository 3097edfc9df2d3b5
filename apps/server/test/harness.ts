// Integration-test harness: a whole platform on a fresh database (PGlite in memory, or a new PostgreSQL database),
// loaded with the Chongqing demo over a small slice of the real divisions, driven through HTTP with app.inject.
// The database is a copy of a template built once per test run (templates.ts): migrated, with the demo (the default)
// or bare ({ demo: false }: build what the test needs with factories.ts).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { maskPhone, permissionsOf, type Role } from '@jinguo/contracts';
import { loadDemoData } from '../src/demo/chongqing.js';
import { startInMemoryFrom } from '../src/platform/db/client.js';
import type { UserActor } from '../src/platform/scope.js';
import { loadConfig, type Config } from '../src/platform/config.js';
import { chinaToday, openPlatform, type Platform } from '../src/platform.js';
import { pgliteTemplate, postgresTemplate, type TemplateSpec } from './templates.js';

export const TEST_DB = (process.env.JINGUO_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const PG_ADMIN_URL = process.env.JINGUO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const SMALL_DIVISIONS = resolve(import.meta.dirname, 'fixtures/divisions-small.tsv');
export const DEMO_PASSWORD = 'Jinguo@2026';

export interface TestPlatform {
  platform: Platform;
  login(username: string, password?: string): Promise<Client>;
  /** A client with no session, calling from `address` (127.0.0.1 unless told). */
  anonymous(address?: string): Client;
  /** Org id by code. */
  org(code: string): Promise<number>;
  /** The actor a signed-in user would be, for calling services and platform functions directly (no HTTP). */
  actor(username: string, actingOrgId?: number): Promise<UserActor>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * The last SMS the development channel sent to the phone, in full: what its owner reads on her phone (sign-in codes
   * and one-time passwords included, which no page shows). Null when none was sent.
   */
  smsTo(phone: string): string | null; // the phone, or as masked (138****5678)
  close(): Promise<void>;
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

export class Client {
  cookies = new Map<string, string>();
  actingOrg: number | null = null;
  constructor(
    private readonly tp: Platform,
    /** The address the requests come from (the sign-in throttle counts per address). */
    private readonly address?: string,
  ) {}

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('jinguo_csrf');
    if (csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = csrf;
    if (this.actingOrg !== null) h['x-acting-org'] = String(this.actingOrg);
    let payload: string | Buffer | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await this.tp.http.inject({
      method: method as 'GET',
      url,
      headers: h,
      ...(this.address ? { remoteAddress: this.address } : {}),
      ...(payload !== undefined ? { payload } : {}),
    });
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const type = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      body: type.includes('json') && res.body ? JSON.parse(res.body) : res.body,
      headers: res.headers,
    };
  }
  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown) {
    return this.request<T>('POST', url, body);
  }
  patch<T = any>(url: string, body?: unknown) {
    return this.request<T>('PATCH', url, body);
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }
}

let counter = 0;

export async function startTestPlatform(
  opts: {
    /** The platform's clock: a fixed day, or a function a test moves forward (a deadline job's run). */
    today?: string | (() => string);
    /** The Chongqing demo (default), or only the migrated schema: then build the records with factories.ts. */
    demo?: boolean;
    /** Settings other than the tests' defaults (e.g. secondFactor: 'required'). */
    config?: Partial<Config>;
  } = {},
): Promise<TestPlatform> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'jinguo-test-'));
  const demo = opts.demo ?? true;
  const fixed = opts.today;
  const today = typeof fixed === 'function' ? fixed : fixed ? () => fixed : chinaToday;
  // the run directory of global-setup.ts: its templates, and the key their encrypted fields were written with
  const runDir = inject('jinguoTestRun') as string | undefined;
  if (runDir) cpSync(join(runDir, 'keys'), join(dataDir, 'keys'), { recursive: true });
  const spec: TemplateSpec = { demoToday: demo ? today() : null, divisionsFile: SMALL_DIVISIONS };
  let databaseUrl: string | null = null;
  let dbName: string | null = null;
  let fromTemplate = false;
  if (TEST_DB === 'postgres') {
    const template = runDir ? await postgresTemplate(PG_ADMIN_URL, runDir, spec) : null;
    dbName = `jinguo_t_${process.pid}_${Date.now()}_${counter++}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}${template ? ` template ${template}` : ''}`);
    await admin.end();
    fromTemplate = template !== null;
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  } else if (runDir) {
    startInMemoryFrom(await pgliteTemplate(runDir, spec));
    fromTemplate = true;
  }
  const config = loadConfig({
    databaseUrl,
    dataDir,
    webDistDir: '/nonexistent',
    sessionCacheMs: 0,
    logLevel: 'silent',
    // the demo accounts sign in with the password alone unless enrolled (docs/decisions/0015)
    secondFactor: 'enrolled',
    ...opts.config,
  });
  const smsLog: string[] = [];
  let platform: Platform;
  try {
    platform = await openPlatform(config, { dataDirForDb: null, today, smsLog: (line) => void smsLog.push(line) });
  } finally {
    startInMemoryFrom(null);
  }
  // without a template (a file run outside this vitest config): as before, the demo on a fresh database
  if (demo && !fromTemplate)
    await loadDemoData(platform.handle, { crypto: platform.crypto, today, divisionsFile: SMALL_DIVISIONS });
  if (process.env.JINGUO_TEST_TIMING)
    console.log(`startTestPlatform ${TEST_DB} demo=${demo}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const sql = async <T>(text: string, params: unknown[] = []) => {
    if (platform.handle.pglite) return (await platform.handle.pglite.query<T>(text, params)).rows;
    return (await platform.handle.pool!.query(text, params)).rows as T[];
  };
  return {
    platform,
    sql,
    smsTo(phone) {
      // the development channel's log line: [sms:dev] to 138****5678 (purpose): text
      const prefix = `[sms:dev] to ${phone.includes('*') ? phone : maskPhone(phone)} (`;
      const line = smsLog.findLast((l) => l.startsWith(prefix));
      return line ? line.slice(line.indexOf('): ') + 3) : null;
    },
    anonymous: (address) => new Client(platform, address),
    async login(username, password = DEMO_PASSWORD) {
      const c = new Client(platform);
      const res = await c.post('/api/v1/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return c;
    },
    async org(code) {
      const rows = await sql<{ id: number }>('select id from organizations where code = $1', [code]);
      if (!rows[0]) throw new Error(`no org ${code}`);
      return Number(rows[0].id);
    },
    async actor(username, actingOrgId) {
      const [u] = await sql<{
        id: number;
        username: string;
        display_name: string;
        roles: Role[];
        org_id: number;
        path: string;
        type: string;
      }>(
        'select u.id, u.username, u.display_name, u.roles, u.org_id, u.org_path::text as path, o.type from users u join organizations o on o.id = u.org_id where u.username = $1',
        [username],
      );
      if (!u) throw new Error(`no user ${username}`);
      let scope = { orgId: Number(u.org_id), path: u.path, orgType: u.type };
      if (actingOrgId !== undefined) {
        const [o] = await sql<{ path: string; type: string }>(
          'select path::text as path, type from organizations where id = $1',
          [actingOrgId],
        );
        if (!o || !(o.path === u.path || o.path.startsWith(`${u.path}.`)))
          throw new Error(`org ${actingOrgId} is not in ${username}'s subtree`);
        scope = { orgId: actingOrgId, path: o.path, orgType: o.type };
      }
      return {
        kind: 'user',
        userId: Number(u.id),
        username: u.username,
        displayName: u.display_name,
        roles: u.roles,
        permissions: new Set(permissionsOf(u.roles)),
        homeOrgId: Number(u.org_id),
        homePath: u.path,
        scope,
        request: { ip: '127.0.0.1', userAgent: 'test', requestId: null },
        session: { tokenHash: '', csrfToken: '' },
      };
    },
    async close() {
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) {
        const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
    },
  };
}
