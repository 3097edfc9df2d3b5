// jinguo calendar show / load and jinguo stats rebuild, against a real database (PGlite or PostgreSQL).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, freshDb, KIND, root, type Db, cliTestFile } from './testing.js';

cliTestFile();

/** The seven statutory holidays of 2027, one day each. */
const SEVEN_2027 = [
  { date: '2027-01-01', name: '元旦' },
  { date: '2027-02-06', name: '春节' },
  { date: '2027-04-05', name: '清明节' },
  { date: '2027-05-01', name: '劳动节' },
  { date: '2027-06-09', name: '端午节' },
  { date: '2027-09-15', name: '中秋节' },
  { date: '2027-10-01', name: '国庆节' },
];

describe(`jinguo calendar and stats on ${KIND}`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
  });

  it('shows the shipped years', async () => {
    const r = await cli(db, 'calendar', 'show');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/2026 +33 holidays +6 make-up workdays +file/);
  });

  it("refuses a bad schedule file with the reason, and loads next year's, audited", async () => {
    const bad = join(root, 'bad-2027.json');
    writeFileSync(
      bad,
      JSON.stringify({
        year: 2027,
        source: '测试通知',
        holidays: [{ date: '2027-02-06', name: '春节' }],
        workdays: [{ date: '2027-02-03', name: '春节补班' }],
      }),
    );
    const refused = await cli(db, 'calendar', 'load', '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('2027-02-03 is not a weekend day');
    // a schedule lacking a statutory holiday is refused, naming it
    writeFileSync(
      bad,
      JSON.stringify({
        year: 2027,
        source: '测试通知',
        holidays: SEVEN_2027.filter((h) => h.name !== '清明节'),
        workdays: [],
      }),
    );
    const lacking = await cli(db, 'calendar', 'load', '--file', bad);
    expect(lacking.code).toBe(1);
    expect(lacking.err).toContain('lacks statutory holidays: Qingming Festival (清明节)');

    const good = join(root, '2027.json');
    writeFileSync(
      good,
      JSON.stringify({
        year: 2027,
        source: '测试通知',
        holidays: SEVEN_2027,
        workdays: [{ date: '2027-01-31', name: '春节补班' }],
      }),
    );
    const loaded = await cli(db, 'calendar', 'load', '--file', good);
    expect(loaded.code, loaded.err).toBe(0);
    expect(loaded.out).toContain('Loaded the 2027 schedule: 7 holidays, 1 make-up workdays');
    const shown = await cli(db, 'calendar', 'show');
    expect(shown.out).toMatch(/2027 +7 holidays +1 make-up workdays +database \(cli/);
    const events = await db.sql<{ action: string }>("select action from audit_events where action = 'calendar.load'");
    expect(events).toHaveLength(1);
  });

  it('stats rebuild runs every registered source and is audited; an unknown source is a usage error', async () => {
    const r = await cli(db, 'stats', 'rebuild');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Rebuilt \d+ source\(s\)/);
    expect((await db.sql("select 1 from audit_events where action = 'stats.rebuild'")).length).toBe(1);
    const unknown = await cli(db, 'stats', 'rebuild', '--source', 'no-such-source');
    expect(unknown.code).toBe(2);
  });
});
