import { openAuditTrail } from './audit/audit.service.js';
import { checkInterruptedPgRestore } from './db/restore-journal.js';
import { createSessionStore } from './auth/sessions.js';
import { openCalendar } from './calendar/index.js';
import type { Config } from './config.js';
import { createFieldCrypto, deriveAuditKey, loadDataKey } from './crypto.js';
import { dataKeySource, verifyDataKey } from './data-key.js';
import { openDatabase } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { createFiles } from './files/index.js';
import { createJobs } from './jobs/jobs.js';
import type { Extensions, PlatformServices } from './modules.js';
import { createDevSmsSender, createSms, setExternalChannels } from './notifications/index.js';
import { chinaToday, setFederationTimeZone } from './time.js';

/**
 * The platform layer, opened: a migrated database, the data key, the audit trail's key and checkpoints, the calendar,
 * sessions, files, jobs, SMS.
 */
export async function openPlatformServices(
  config: Config,
  opts: {
    dataDirForDb?: string | null;
    /** Adopt a data directory prepared at install (the first demo start; prepared-data-dir.ts). */
    adoptPrepared?: boolean;
    today?: () => string;
    extensions: Extensions;
    /** Where the development SMS channel writes what it sends (default: the server log; tests read their codes). */
    smsLog?: (line: string) => void;
  },
): Promise<PlatformServices & { close(): Promise<void> }> {
  setFederationTimeZone(config.timeZone);
  const keySource = dataKeySource(config.dataDir);
  const key = loadDataKey(config.dataDir);
  const crypto = createFieldCrypto(key);
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: opts.dataDirForDb === undefined ? config.dataDir : opts.dataDirForDb,
    poolSize: config.databasePoolSize,
    adoptPrepared: opts.adoptPrepared,
  });
  try {
    // a PostgreSQL restore killed after it replaced the data is finished by the operator before anything runs on it
    if (handle.pool) {
      const pool = handle.pool;
      const note = await checkInterruptedPgRestore(config.dataDir, async (text) => (await pool.query(text)).rows);
      if (note) console.error(`[jinguo] ${note}`);
    }
    await applyMigrations(handle);
    // a key that does not match the data stops the start here, with the setting to fix (not 500s on every read)
    await verifyDataKey(handle.db, key, crypto, keySource);
  } catch (err) {
    await handle.close();
    throw err;
  }
  // The audit chain's key and its checkpoints (decision 0014); a trail written before the chain was keyed is sealed.
  const audit = openAuditTrail(handle, {
    key: deriveAuditKey(key),
    dataDir: config.dataDir,
    log: config.logLevel === 'silent' ? undefined : (line) => console.log(`[jinguo] ${line}`),
  });
  await audit.seal();
  const calendarStore = await openCalendar(handle.db);
  const stopCalendarReload = calendarStore.autoReload(handle.db);
  const sms = createSms(config.sms === 'dev' ? createDevSmsSender(handle, opts.smsLog) : null);
  setExternalChannels(sms.available ? ['sms'] : []);
  const jobs = createJobs({ handle });
  return {
    config,
    handle,
    crypto,
    audit,
    today: opts.today ?? chinaToday,
    calendar: calendarStore.calendar,
    calendarStore,
    files: createFiles({ crypto }),
    jobs,
    sms,
    sessions: createSessionStore(handle.db, {
      idleMinutes: config.sessionIdleMinutes,
      maxHours: config.sessionMaxHours,
      cacheMs: config.sessionCacheMs,
    }),
    extensions: opts.extensions,
    close: async () => {
      stopCalendarReload();
      await jobs.stop();
      await sms.flush(); // the development channel's last messages reach its outbox before the database closes
      // On a clean shutdown the head is anchored outside the database: a cut tail after this is found.
      try {
        await audit.checkpoint();
      } catch (err) {
        console.error('[jinguo] could not write the audit checkpoint at shutdown', err);
      }
      audit.close();
      await handle.close();
    },
  };
}
