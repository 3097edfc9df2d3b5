import { sql } from 'drizzle-orm';
import { loadDemoData } from './demo/chongqing.js';
import { loadDemoCity } from './demo/dashboards.js';
import { adoptPrepared } from './demo/prepare.js';
import { queryRows } from './platform/db/client.js';
import { DataKeyMismatchError } from './platform/data-key.js';
import { DataDirLockedError } from './platform/db/data-dir-lock.js';
import { readPreparedMarker } from './platform/db/prepared-data-dir.js';
import { RestoreInterruptedError } from './platform/db/restore-journal.js';
import { loadConfig } from './platform/config.js';
import { chinaToday, openPlatform } from './platform.js';

/** `npm start`: migrate, load the demo on first start (demo mode), serve web and API. */
async function main() {
  const config = loadConfig();
  const log = (m: string) => console.log(`[jinguo] ${m}`);
  // where the start's time goes (decision 0018), from the process's start: loading the code, then each step
  const phases = [`code ${process.uptime().toFixed(1)}`];
  let mark = Date.now();
  const phase = (name: string) => {
    phases.push(`${name} ${((Date.now() - mark) / 1000).toFixed(1)}`);
    mark = Date.now();
  };
  // a data directory `npm install` prepared (decision 0018): adopted, or discarded and loaded afresh
  const marker = config.databaseUrl ? null : readPreparedMarker(config.dataDir);
  const prepared = marker ? adoptPrepared(marker, { mode: config.mode, today: chinaToday(), env: process.env }) : null;
  if (prepared) log(prepared.why);
  const platform = await openPlatform(config, { adoptPrepared: prepared?.adopt ?? false });
  phase('database');
  if (config.mode === 'demo') {
    const { loaded } = await loadDemoData(platform.handle, { crypto: platform.crypto, today: chinaToday, log });
    if (loaded) log('demo data loaded: sign in as city.cadre / Jinguo@2026 (README lists every demo account)');
    phase('demo');
  }
  if (config.mode === 'production' && !(await hasAnyUser(platform))) {
    console.error(
      '[jinguo] this production database has no accounts yet: run `JINGUO_MODE=production npm run jinguo -- init --production` first',
    );
    await platform.close();
    process.exit(1);
  }
  await platform.http.listen({ port: config.port, host: config.host });
  phase('http');
  await platform.jobs.start();
  phase('jobs');
  log(
    `Jinguo is serving on http://localhost:${config.port} (database: ${platform.handle.kind}, mode: ${config.mode}; ` +
      `started in ${process.uptime().toFixed(1)} s: ${phases.join(', ')})`,
  );
  if (config.mode === 'demo')
    void loadDemoCity(platform.handle, platform.crypto, log).catch((e: unknown) => log(`demo city: ${String(e)}`));
  const stop = async () => {
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

async function hasAnyUser(platform: Awaited<ReturnType<typeof openPlatform>>): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(platform.handle.db, sql`select count(*)::int as n from users`);
  return Number(rows[0]?.n ?? 0) > 0;
}

main().catch((err: unknown) => {
  if (
    err instanceof DataDirLockedError ||
    err instanceof DataKeyMismatchError ||
    err instanceof RestoreInterruptedError
  )
    console.error(`[jinguo] ${err.message}`);
  else console.error(err);
  process.exit(1);
});
