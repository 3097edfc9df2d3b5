// Run by scripts/prepare-data.mjs during `npm install`: prepares the demo's data directory (prepare.ts). argv[2] is
// the staging directory, which the script removes should this process die half-way.
import { loadConfig } from '../platform/config.js';
import { chinaToday } from '../platform/time.js';
import { prepareDemoDataDir } from './prepare.js';

const log = (m: string) => console.log(`[jinguo] ${m}`);
const { dataDir } = loadConfig();
const outcome = await prepareDemoDataDir({
  dataDir,
  stagingDir: process.argv[2] ?? `${dataDir}.preparing`,
  today: chinaToday(),
  city: process.env.JINGUO_DEMO_CITY !== 'off',
  log,
});
log(
  outcome.prepared
    ? `demo data prepared in ${dataDir} in ${outcome.seconds.toFixed(1)} s: the first \`npm start\` opens it`
    : `demo data not prepared at install (${outcome.reason}); the first \`npm start\` loads it`,
);
process.exit(0);
