// Fuzzing in `npm test` (fuzz.ts): bad input, derived from each write operation's request schema, to every write
// operation of the OpenAPI document, on both databases. A fixed seed by default, printed with the figures:
// JINGUO_FUZZ_SEED, JINGUO_FUZZ_RUNS (cases in all) and JINGUO_FUZZ_ONLY (an operation's key, or part of it) rerun
// any case; `npm run bench -- --only fuzz` is the longer run.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './harness.js';
import { describeReport, fuzz, fuzzSettings, tableDigest } from './fuzz.js';

let t: TestPlatform;
beforeAll(async () => {
  // sessions cached as in production: a session's last use is not written on every call
  t = await startTestPlatform({ config: { sessionCacheMs: 60_000 } });
});
afterAll(() => t?.close());

describe('fuzzing every write operation', () => {
  it('sees a row written, changed or deleted in any table', async () => {
    const digest = await tableDigest(t);
    const before = await digest();
    await t.sql("update organizations set name = name || '' where id = (select min(id) from organizations)");
    const updated = await digest();
    expect(Object.keys(updated).filter((k) => updated[k] !== before[k])).toEqual(['organizations']);
    await t.sql('delete from tag_definitions where code = (select max(code) from tag_definitions)');
    const deleted = await digest();
    expect(Object.keys(deleted).filter((k) => deleted[k] !== updated[k])).toEqual(['tag_definitions']);
  });

  const settings = fuzzSettings({ seed: 20261205, runs: 600 });

  it(
    'answers bad input with a problem naming the field, never a 5xx, and writes nothing when it refuses',
    { timeout: Math.max(180_000, settings.runs * 250) },
    async () => {
      const report = await fuzz(t, settings, (line) => console.log(line));
      console.log(describeReport(report));
      if (process.env.JINGUO_FUZZ_REPORT)
        writeFileSync(process.env.JINGUO_FUZZ_REPORT, JSON.stringify(report, null, 2));
      expect(report.cases).toBe(report.runs);
      expect(report.findings.map((f) => `${f.operation} [${f.kind}] ${f.note}: ${f.problem}`)).toEqual([]);
    },
  );
});
