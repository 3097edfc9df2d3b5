import { loadDemoData } from './demo/chongqing.js';
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
  await platform.http.listen({ port: config.port, host: config.host });
  log(`Jinguo is serving on http://localhost:${config.port} (database: ${platform.handle.kind}, mode: ${config.mode})`);
  const stop = async () => {
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
