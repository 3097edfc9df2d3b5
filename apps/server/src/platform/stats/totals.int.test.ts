// The running totals (grain 't', migration 0055, decision 0023): every writer keeps them equal to the sum of the year
// rows — the demo's bumps, takings back, stock triggers and the 2025 reorganization's merges, and a rebuild of every
// counter source — and the migration's fill of a database counted before it gives the same totals.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness.js';
import { EXTENSIONS } from '../../platform.js';
import { rebuildCounters } from './stats.js';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(() => t?.close());

const MIGRATION = resolve(import.meta.dirname, '../../../drizzle/0055_counters_running_totals.sql');

/** (node, metric) → value of the running totals, and of the year rows summed (zero sums left out). */
async function totalsAndYears() {
  const rows = async (text: string) =>
    Object.fromEntries(
      (await t.sql<{ k: string; v: string }>(text)).map((r) => [r.k, Number(r.v)]).filter(([, v]) => v !== 0),
    );
  return {
    totals: await rows(
      `select node_id || ' ' || metric as k, value::text as v from stat_counters where grain = 't' order by 1`,
    ),
    years: await rows(
      `select node_id || ' ' || metric as k, sum(value)::text as v from stat_counters where grain = 'y'
        group by node_id, metric order by 1`,
    ),
  };
}

describe('the running totals', () => {
  it('equal the year rows summed, for every node and metric the demo counts', async () => {
    const { totals, years } = await totalsAndYears();
    expect(Object.keys(totals).length).toBeGreaterThan(500);
    expect(totals).toEqual(years);
    // the total sits on its own day, once per node and metric
    const [odd] = await t.sql<{ n: string }>(
      `select count(*)::text as n from stat_counters where grain = 't' and day <> date '0001-01-01'`,
    );
    expect(odd!.n).toBe('0');
  });

  it('are what a rebuild of every counter source writes (`jinguo stats rebuild`)', async () => {
    const live = await totalsAndYears();
    const report = await rebuildCounters(t.platform.handle, EXTENSIONS.statistics);
    expect(report.length).toBeGreaterThan(3);
    const rebuilt = await totalsAndYears();
    expect(rebuilt.totals).toEqual(rebuilt.years);
    expect(rebuilt.totals).toEqual(live.totals);
  });

  it("are what the migration's fill gives a database counted before them", async () => {
    const before = (await totalsAndYears()).totals;
    const fill = readFileSync(MIGRATION, 'utf8')
      .split('--> statement-breakpoint')
      .find((part) => /INSERT INTO stat_counters/.test(part) && /WHERE grain = 'y'/.test(part));
    expect(fill).toBeDefined();
    await t.sql(`delete from stat_counters where grain = 't'`);
    await t.sql(fill!);
    expect((await totalsAndYears()).totals).toEqual(before);
  });
});
