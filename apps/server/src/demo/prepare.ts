// The demo's data directory prepared at install (decision 0018): `npm install` does what the first `npm start` would
// do — migrate a new embedded database and load the demo, the city share included — so that the first start only
// opens it. Built in a staging directory next to the data directory and renamed into place only when complete: a
// failure or an interrupted install leaves the data directory as it was, and the first start does the work itself.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { loadConfig, type Config } from '../platform/config.js';
import { writePreparedMarker, type PreparedMarker } from '../platform/db/prepared-data-dir.js';
import { daysBetween } from '../platform/time.js';
import { openPlatform } from '../platform.js';
import { loadDemoData } from './chongqing.js';
import { loadDemoCity } from './dashboards.js';

/**
 * The demo's dates count from the day it was loaded ("received 16 days ago", "due today", an order near its expiry).
 * A first start adopts a demo prepared today or yesterday; an older one is discarded and loaded afresh, so the first
 * look shows what README describes. (Later starts keep whatever the data directory holds, as they always have.)
 */
export const PREPARED_MAX_AGE_DAYS = 1;

export type PrepareOutcome = { prepared: true; seconds: number } | { prepared: false; reason: string };

/**
 * Prepares `dataDir` when it does not exist: builds it in `stagingDir` (removed first: a killed earlier attempt may
 * have left it) and renames it into place. Never throws: a failure is reported and leaves `dataDir` untouched.
 */
export async function prepareDemoDataDir(opts: {
  dataDir: string;
  stagingDir: string;
  today: string;
  /** Whether the city share (dashboards.ts) loads too; the first start would load it in the background. */
  city: boolean;
  divisionsFile?: string;
  log?: (m: string) => void;
}): Promise<PrepareOutcome> {
  const log = opts.log ?? (() => {});
  if (existsSync(opts.dataDir)) return { prepared: false, reason: `${opts.dataDir} exists already` };
  const started = Date.now();
  try {
    rmSync(opts.stagingDir, { recursive: true, force: true });
    const config: Config = loadConfig({
      dataDir: opts.stagingDir,
      databaseUrl: null,
      mode: 'demo',
      logLevel: 'silent',
    });
    const platform = await openPlatform(config, { today: () => opts.today });
    try {
      await loadDemoData(platform.handle, {
        crypto: platform.crypto,
        today: () => opts.today,
        log,
        divisionsFile: opts.divisionsFile,
      });
      if (opts.city) await loadDemoCity(platform.handle, platform.crypto, log, { startDelayMs: 0, pauseMs: 0 });
      await platform.jobs.ready(); // the job queue's schema and queues, which the first start would create
    } finally {
      await platform.close();
    }
    writePreparedMarker(opts.stagingDir, { demoToday: opts.today, preparedAt: new Date().toISOString() });
    if (existsSync(opts.dataDir)) throw new Error(`${opts.dataDir} appeared while preparing; left as it is`);
    renameSync(opts.stagingDir, opts.dataDir);
    return { prepared: true, seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    rmSync(opts.stagingDir, { recursive: true, force: true });
    return { prepared: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Whether the first demo start adopts a prepared directory (otherwise openDatabase discards it and the start loads
 * the demo itself), and the line to log.
 */
export function adoptPrepared(
  marker: PreparedMarker,
  at: { mode: Config['mode']; today: string; env: NodeJS.ProcessEnv },
): { adopt: boolean; why: string } {
  if (at.mode !== 'demo') return { adopt: false, why: 'the demo prepared at install is discarded: not in demo mode' };
  if (at.env.JINGUO_DATA_KEY)
    return { adopt: false, why: 'the demo prepared at install is discarded: it was encrypted with its own key' };
  const age = daysBetween(marker.demoToday, at.today);
  if (age > PREPARED_MAX_AGE_DAYS || age < 0)
    return { adopt: false, why: `the demo prepared at install (${marker.demoToday}) is too old: loading it afresh` };
  return { adopt: true, why: `using the demo data prepared at install (${marker.demoToday})` };
}
