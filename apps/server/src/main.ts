import { sql } from 'drizzle-orm';
import { loadDemoData } from './demo/chongqing.js';
import { loadDemoCity } from './demo/dashboards.js';
import { queryRows } from './platform/db/client.js';
import { DataKeyMismatchError } from './platform/data-key.js';
import { DataDirLockedError } from './platform/db/data-dir-lock.js';
import { RestoreInterruptedError } from './platform/db/restore-journal.js';
import { loadConfig } from './platform/config.js';
import { chinaToday, openPlatform } from './platform.js';

/** `npm start`: migrate, load the demo on first start (demo mode), serve web and API. */
async function main() {
  const config = loadConfig();
  const platform = await openPlatform(config);
  const log = (m: string) => console.log(`[jinguo] ${m}`);
  if (config.mode === 'demo') {
    const { loaded } = await loadDemoData(platform.handle, { crypto: platform.crypto, today: chinaToday, log });
    if (loaded) log('demo data loaded: sign in as city.cadre / Jinguo@2026 (README lists every demo account)');
  }
  if (config.mode === 'production' && !(await hasAnyUser(platform))) {
    console.error(
      '[jinguo] this production database has no accounts yet: run `JINGUO_MODE=production npm run jinguo -- init --production` first',
    );
    await platform.close();
    process.exit(1);
  }
  await platform.http.listen({ port: config.port, host: config.host });
  await platform.jobs.start();
  log(`Jinguo is serving on http://localhost:${config.port} (database: ${platform.handle.kind}, mode: ${config.mode})`);
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
