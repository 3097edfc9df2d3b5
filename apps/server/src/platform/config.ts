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
  lockoutThreshold: number;
  lockoutMinutes: number;
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
    lockoutThreshold: int('LOCKOUT_THRESHOLD', 5),
    lockoutMinutes: int('LOCKOUT_MINUTES', 15),
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
