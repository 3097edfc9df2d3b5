import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Config } from '../platform/config.js';
import { createFieldCrypto, loadDataKey, type FieldCrypto } from '../platform/crypto.js';
import { openDatabase, queryRows, type DbHandle } from '../platform/db/client.js';
import { applyMigrations, migrationVersion } from '../platform/db/migrate.js';

/** Where a command writes: stdout for results, stderr for warnings. Tests pass collectors. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Wrong arguments: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** The command ran and refused or failed: exit code 1, with the message only (no stack). */
export class CliFailure extends Error {}

export interface CliContext {
  io: CliIo;
  config: Config;
}

/** Signals that --help was printed and the command should stop with exit code 0. */
export class HelpShown extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs with the CLI's conventions: strict, no positionals, --help on every command, and unknown or
 * malformed options turned into a UsageError that names the command.
 */
export function parseCommand<const O extends Options>(io: CliIo, command: string, argv: string[], options: O, help: string) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(help.trimEnd());
    throw new HelpShown();
  }
  return parsed.values as { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string };
}

export function required(values: Record<string, unknown>, name: string, command: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`, command);
  return v.trim();
}

/** The embedded database directory of a data dir. */
export const pgliteDir = (config: Config) => join(config.dataDir, 'pglite');

export function embeddedExists(config: Config): boolean {
  return existsSync(join(pgliteDir(config), 'PG_VERSION'));
}

/**
 * PGlite writes postmaster.pid while a process has the data directory open and removes it on a clean close. A
 * second process opening the same directory would corrupt it, so every command refuses while the marker exists.
 */
export function assertEmbeddedFree(config: Config): void {
  const marker = join(pgliteDir(config), 'postmaster.pid');
  if (existsSync(marker)) {
    throw new CliFailure(
      `the embedded database ${pgliteDir(config)} is in use by another process (a running server, \`npm start\`, or another jinguo command).\n` +
        `Stop it first. If nothing is running any more (a crash left the marker behind), delete ${marker} and retry.`,
    );
  }
}

export function describeDatabase(config: Config): string {
  if (config.databaseUrl) return `PostgreSQL ${redactUrl(config.databaseUrl)}`;
  return `PGlite ${pgliteDir(config)}`;
}

/** postgres://user:secret@host/db → postgres://user:***@host/db (for printing). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

export interface OpenedDb {
  handle: DbHandle;
  crypto: FieldCrypto;
}

/**
 * Opens the configured database for a command and always closes it. `create` allows a fresh embedded database
 * (init); otherwise a missing one is an error instead of silently creating an empty database. Migrations are
 * applied like at server start, so the CLI and the server always agree on the schema.
 */
export async function withDatabase<T>(ctx: CliContext, opts: { create?: boolean; migrate?: boolean }, fn: (db: OpenedDb) => Promise<T>): Promise<T> {
  const { config } = ctx;
  if (!config.databaseUrl) {
    if (!opts.create && !embeddedExists(config)) {
      throw new CliFailure(`no database at ${pgliteDir(config)} (JINGUO_DATA_DIR=${config.dataDir}). Run \`jinguo init --production\` first, or set DATABASE_URL for PostgreSQL.`);
    }
    assertEmbeddedFree(config);
  }
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    if (opts.migrate !== false) await applyMigrations(handle);
    const crypto = createFieldCrypto(loadDataKey(config.dataDir));
    return await fn({ handle, crypto });
  } finally {
    await handle.close();
  }
}

export async function countRows(handle: DbHandle, table: 'users' | 'organizations' | 'audit_events'): Promise<number> {
  const rows = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return Number(rows[0]?.n ?? 0);
}

export { migrationVersion };
