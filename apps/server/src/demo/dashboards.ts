// The demo as a city (issue 13 item 7): after the demo's own records (one street in 开州区), a small share of
// `seed:city`'s generators gives every district visits, demands and cases over the last five years, so the city cadre's
// first look at the cockpit is a living map. It runs in the background after the server listens (the first start stays
// quick), once per data directory, a module at a time; each module's counters are rebuilt from its records.
import type { FieldCrypto } from '../platform/crypto.js';
import type { DbHandle } from '../platform/db/client.js';
import { readSetting, writeSetting } from '../platform/settings.repository.js';
import { seedCases } from '../seed/cases.js';
import { seedDemands } from '../seed/demands.js';
import { seedVisits } from '../seed/visits.js';

/** The share of the city-scale volumes: 3,000 visits, 900 demands and their cases over five years. */
export const DEMO_CITY_SCALE = 0.003;
const DEMO_CITY_KEY = 'demo_city';
const GENERATORS = [
  ['visits', seedVisits],
  ['demands', seedDemands],
  ['cases', seedCases],
] as const;

/**
 * Loads what is missing of the city share (a module whose marker is written is skipped), logging progress. Off when
 * JINGUO_DEMO_CITY=off (the browser tests' server keeps the one-street demo their flows expect).
 */
export async function loadDemoCity(
  handle: DbHandle,
  crypto: FieldCrypto,
  log: (m: string) => void,
): Promise<{ loaded: string[] }> {
  if (process.env.JINGUO_DEMO_CITY === 'off') return { loaded: [] };
  if (!(await readSetting(handle.db, 'demo_data'))) return { loaded: [] };
  const done = (await readSetting<Record<string, number>>(handle.db, DEMO_CITY_KEY)) ?? {};
  const loaded: string[] = [];
  const started = Date.now();
  for (const [k, [module, generate]] of GENERATORS.entries()) {
    if (done[module] !== undefined) continue;
    log(`demo city: ${module} in every district (${k + 1}/${GENERATORS.length})…`);
    const rows = await generate(handle, crypto, { scale: DEMO_CITY_SCALE, seed: 2026 });
    done[module] = Object.values(rows).reduce((a, b) => a + b, 0);
    await writeSetting(handle.db, DEMO_CITY_KEY, done);
    loaded.push(module);
  }
  if (loaded.length) log(`demo city: ${loaded.join(', ')} loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { loaded };
}
