import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from '../platform/config.js';
import { openAuditTrail, type AuditTrail } from '../platform/audit/audit.service.js';
import { createFieldCrypto, deriveAuditKey, loadDataKey, type FieldCrypto } from '../platform/crypto.js';
import { DataKeyMismatchError, dataKeySource, verifyDataKey } from '../platform/data-key.js';
import { openDatabase, queryRows, type DbHandle } from '../platform/db/client.js';
import { dataDirHolder, lockDataDir } from '../platform/db/data-dir-lock.js';
import {
  checkInterruptedPgRestore,
  recoverInterruptedRestore,
  RestoreInterruptedError,
} from '../platform/db/restore-journal.js';
import { applyMigrations, migrationVersion } from '../platform/db/migrate.js';
import { CliFailure, type CliContext } from './context.js';

/** The embedded database directory of a data dir. */
export const pgliteDir = (config: Config) => join(config.dataDir, 'pglite');

export function embeddedExists(config: Config): boolean {
  return existsSync(join(pgliteDir(config), 'PG_VERSION'));
}

/**
 * A second process opening the embedded database directory would corrupt it, so every command refuses while a live
 * process holds the directory's lock (platform/db/data-dir-lock.ts). A lock left by a crashed or killed process is
 * stale and does not block. A restore killed half-way is undone here, before a command looks at the database
 * (platform/db/restore-journal.ts).
 */
export function assertEmbeddedFree(ctx: CliContext): void {
  const { config } = ctx;
  const pid = dataDirHolder(config.dataDir);
  if (pid !== null) {
    throw new CliFailure(
      `the embedded database ${pgliteDir(config)} is in use by another process (pid ${pid}: a running server, \`npm start\`, or another jinguo command).\n` +
        'Stop it first: two processes on one embedded database would corrupt it.',
    );
  }
  if (!existsSync(config.dataDir)) return;
  const lock = lockDataDir(config.dataDir);
  try {
    const undone = recoverInterruptedRestore(config.dataDir);
    if (undone) ctx.io.err(`note: ${undone}`);
  } finally {
    lock.release();
  }
}

/** On PostgreSQL: refuses a database that a killed restore replaced without finishing (restore-journal.ts). */
export async function assertNoInterruptedRestore(ctx: CliContext, handle: DbHandle): Promise<void> {
  const pool = handle.pool;
  if (!pool) return;
  try {
    const note = await checkInterruptedPgRestore(ctx.config.dataDir, async (text) => (await pool.query(text)).rows);
    if (note) ctx.io.err(`note: ${note}`);
  } catch (err) {
    if (err instanceof RestoreInterruptedError) throw new CliFailure(err.message);
    throw err;
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
  /** The audit chain's key (events the command writes are keyed), its checkpoints and verification. */
  audit: AuditTrail;
}

/**
 * Opens the configured database for a command and always closes it. `create` allows a fresh embedded database
 * (init); otherwise a missing one is an error instead of silently creating an empty database. Migrations are
 * applied like at server start, so the CLI and the server always agree on the schema; like the server, the command
 * seals a trail written before the audit chain was keyed, and anchors the chain's head in the checkpoint file when
 * it ends (decision 0014).
 */
export async function withDatabase<T>(
  ctx: CliContext,
  opts: { create?: boolean; migrate?: boolean },
  fn: (db: OpenedDb) => Promise<T>,
): Promise<T> {
  const { config } = ctx;
  if (!config.databaseUrl) {
    assertEmbeddedFree(ctx);
    if (!opts.create && !embeddedExists(config)) {
      throw new CliFailure(
        `no database at ${pgliteDir(config)} (JINGUO_DATA_DIR=${config.dataDir}). Run \`jinguo init --production\` first, or set DATABASE_URL for PostgreSQL.`,
      );
    }
  }
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  let audit: AuditTrail | null = null;
  try {
    await assertNoInterruptedRestore(ctx, handle);
    if (opts.migrate !== false) await applyMigrations(handle);
    const source = dataKeySource(config.dataDir);
    const dataKey = loadDataKey(config.dataDir);
    const crypto = createFieldCrypto(dataKey);
    try {
      await verifyDataKey(handle.db, dataKey, crypto, source);
    } catch (err) {
      if (err instanceof DataKeyMismatchError) throw new CliFailure(err.message);
      throw err;
    }
    audit = auditTrailOf(config, handle, dataKey);
    if (opts.migrate !== false) await audit.seal();
    return await fn({ handle, crypto, audit });
  } finally {
    if (audit && opts.migrate !== false)
      await audit
        .checkpoint()
        .catch((err: unknown) =>
          ctx.io.err(`warning: the audit checkpoint was not written: ${(err as Error).message}`),
        );
    audit?.close();
    await handle.close();
  }
}

/** The audit trail of a command's database: the audit key derived from the data key, the checkpoint file. */
export function auditTrailOf(config: Config, handle: DbHandle, dataKey = loadDataKey(config.dataDir)): AuditTrail {
  return openAuditTrail(handle, { key: deriveAuditKey(dataKey), dataDir: config.dataDir });
}

export async function countRows(handle: DbHandle, table: 'users' | 'organizations' | 'audit_events'): Promise<number> {
  const rows = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return Number(rows[0]?.n ?? 0);
}

export { migrationVersion };
