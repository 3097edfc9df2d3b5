import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { isTimeZone } from './time.js';

export type Mode = 'demo' | 'production';

export interface Config {
  port: number;
  host: string;
  /** postgres://… runs on PostgreSQL; absent runs embedded PGlite under dataDir. */
  databaseUrl: string | null;
  /** PostgreSQL connections in the pool. */
  databasePoolSize: number;
  dataDir: string;
  mode: Mode;
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  sessionCacheMs: number;
  /**
   * How long a read over a whole subtree (the coverage figures) may run before it is cancelled and answered
   * "busy, try again" (`SUBTREE_READ_TIMEOUT_MS`, 5000): it must not hold one of the pool's connections for minutes.
   */
  subtreeReadTimeoutMs: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Failed sign-ins for one username from all addresses before each attempt waits (`LOCKOUT_ACCOUNT_THRESHOLD`). */
  lockoutAccountThreshold: number;
  /** Failed sign-ins from one address, any usernames, before the address waits (`LOCKOUT_ADDRESS_THRESHOLD`). */
  lockoutAddressThreshold: number;
  /** Days a password lasts before it must be changed at sign-in (`PASSWORD_MAX_AGE_DAYS`, 90). */
  passwordMaxAgeDays: number;
  /**
   * The TOTP second factor for roles that unmask personal data or read cases (`JINGUO_SECOND_FACTOR`): 'required'
   * (production default) makes such users enrol at their first sign-in; 'enrolled' (demo default) asks it only of
   * users who have enrolled, so the demo's accounts sign in with the password alone (docs/decisions/0015).
   */
  secondFactor: 'required' | 'enrolled';
  webDistDir: string;
  logLevel: string;
  /**
   * SMS channel: 'dev' writes messages to the log and the admin's development outbox (demo default); 'none' has no SMS.
   */
  sms: 'dev' | 'none';
  /** The federation's time zone (IANA, `JINGUO_TIME_ZONE`): times on pages, exports and messages are shown in it. */
  timeZone: string;
  /**
   * Days the people import keeps its staged personal data (`JINGUO_IMPORT_RETENTION_DAYS`): the rows of a preview never
   * committed, and the rows with problems of a finished import; a daily job deletes them after that.
   */
  importRetentionDays: number;
}

const repoRoot = resolve(import.meta.dirname, '../../../..');

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function atLeastOne(name: string, fallback: number): number {
  const n = int(name, fallback);
  if (n < 1) throw new Error(`${name} must be at least 1, got "${process.env[name]}"`);
  return n;
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const mode = (process.env.JINGUO_MODE ?? 'demo') as Mode;
  if (mode !== 'demo' && mode !== 'production')
    throw new Error(`JINGUO_MODE must be demo or production, got "${mode}"`);
  const config: Config = {
    port: int('PORT', 3000),
    host: process.env.HOST ?? '0.0.0.0',
    databaseUrl: process.env.DATABASE_URL || null,
    databasePoolSize: Math.max(1, int('DATABASE_POOL_SIZE', 10)),
    dataDir: resolve(process.env.JINGUO_DATA_DIR ?? resolve(repoRoot, 'data')),
    mode,
    cookieSecure: process.env.COOKIE_SECURE === 'true',
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 30),
    sessionMaxHours: int('SESSION_MAX_HOURS', 12),
    sessionCacheMs: int('SESSION_CACHE_MS', 5000),
    subtreeReadTimeoutMs: atLeastOne('SUBTREE_READ_TIMEOUT_MS', 5000),
    lockoutThreshold: atLeastOne('LOCKOUT_THRESHOLD', 5),
    lockoutMinutes: atLeastOne('LOCKOUT_MINUTES', 15),
    lockoutAccountThreshold: atLeastOne('LOCKOUT_ACCOUNT_THRESHOLD', 20),
    lockoutAddressThreshold: atLeastOne('LOCKOUT_ADDRESS_THRESHOLD', 20),
    passwordMaxAgeDays: atLeastOne('PASSWORD_MAX_AGE_DAYS', 90),
    secondFactor: secondFactor(process.env.JINGUO_SECOND_FACTOR, mode),
    webDistDir: resolve(repoRoot, 'apps/web/dist'),
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    sms: smsChannel(process.env.JINGUO_SMS, mode),
    timeZone: timeZone(process.env.JINGUO_TIME_ZONE),
    importRetentionDays: atLeastOne('JINGUO_IMPORT_RETENTION_DAYS', 7),
    ...overrides,
  };
  return config;
}

function smsChannel(raw: string | undefined, mode: Mode): 'dev' | 'none' {
  if (raw === undefined || raw === '') return mode === 'demo' ? 'dev' : 'none';
  if (raw !== 'dev' && raw !== 'none') throw new Error(`JINGUO_SMS must be dev or none, got "${raw}"`);
  return raw;
}

function secondFactor(raw: string | undefined, mode: Mode): 'required' | 'enrolled' {
  if (raw === undefined || raw === '') return mode === 'demo' ? 'enrolled' : 'required';
  if (raw !== 'required' && raw !== 'enrolled')
    throw new Error(`JINGUO_SECOND_FACTOR must be required or enrolled, got "${raw}"`);
  return raw;
}

function timeZone(raw: string | undefined): string {
  if (raw === undefined || raw === '') return 'Asia/Shanghai';
  if (!isTimeZone(raw))
    throw new Error(`JINGUO_TIME_ZONE must be an IANA time zone such as Asia/Shanghai, got "${raw}"`);
  return raw;
}

export function ensureDir(dir: string): string {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  return dir;
}

export const REPO_ROOT = repoRoot;
