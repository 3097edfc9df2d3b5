import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/harness.js';
import { MEN_GIVEN_NAMES, SURNAMES, WOMEN_GIVEN_NAMES } from './people.js';

/** The demo's persons have given names that match their sex, as their ID numbers record it. */
let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(() => t?.close());

/** The given name: the name less the longest listed surname it starts with. */
const givenName = (name: string) => {
  const surname = SURNAMES.filter((s) => name.startsWith(s)).sort((a, b) => b.length - a.length)[0];
  return surname ? name.slice(surname.length) : null;
};

describe('demo persons', () => {
  it("women have women's given names and boys boys' names, from the lists", async () => {
    const rows = await t.sql<{ name: string; gender: string }>(
      `select name, gender from persons where status = 'active' and gender is not null order by id`,
    );
    const women = rows.filter((r) => r.gender === 'female');
    const men = rows.filter((r) => r.gender === 'male');
    expect(women.length).toBeGreaterThan(150);
    expect(men.length).toBeGreaterThan(5);
    expect(women.filter((r) => !WOMEN_GIVEN_NAMES.includes(givenName(r.name) ?? '')).map((r) => r.name)).toEqual([]);
    expect(men.filter((r) => !MEN_GIVEN_NAMES.includes(givenName(r.name) ?? '')).map((r) => r.name)).toEqual([]);
    // The lists themselves do not overlap.
    expect(WOMEN_GIVEN_NAMES.filter((n) => MEN_GIVEN_NAMES.includes(n))).toEqual([]);
  });
});
