import { describe, expect, it } from 'vitest';
import { userAddress } from './soak-client.js';
import { SOAK_PLAN } from './soak-users.js';
import { slope } from './stats.js';

describe('the soak', () => {
  it('signs in 200 users, every level and the roles of issue 16 item 9', () => {
    expect(SOAK_PLAN.reduce((a, p) => a + p.n, 0)).toBe(200);
    expect(new Set(SOAK_PLAN.map((p) => p.level))).toEqual(new Set(['city', 'district', 'town', 'village']));
    for (const role of ['cadre', 'case_worker', 'partner_agency', 'auditor', 'executive_member', 'volunteer'])
      expect(
        SOAK_PLAN.some((p) => p.role === role && p.n > 0),
        role,
      ).toBe(true);
  });

  it('gives each user her own loopback address, never the harness’s 127.0.0.1', () => {
    const addresses = Array.from({ length: 600 }, (_, i) => userAddress(i));
    expect(new Set(addresses).size).toBe(600);
    expect(addresses).not.toContain('127.0.0.1');
    for (const a of addresses) expect(a).toMatch(/^127\.0\.\d{1,3}\.\d{1,3}$/);
    expect(Math.max(...addresses.map((a) => Number(a.split('.')[3])))).toBeLessThanOrEqual(250);
  });

  it('judges memory by the least-squares slope: flat with noise around a level, growth as its rate', () => {
    const flat = [300, 310, 295, 305, 300, 310, 295, 305].map((y, x) => ({ x, y }));
    expect(Math.abs(slope(flat))).toBeLessThan(1);
    const growing = Array.from({ length: 10 }, (_, x) => ({ x, y: 250 + 3 * x + (x % 2 ? 2 : -2) }));
    expect(slope(growing)).toBeCloseTo(3, 0);
    expect(slope([{ x: 1, y: 5 }])).toBeNaN();
  });
});
