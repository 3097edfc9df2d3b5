import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearActingOrg, getActingOrg, initActingOrg, setActingOrg } from './actingOrg';

const city = { id: 1, code: '50', name: '重庆市妇联', type: 'city_federation' as const };
const kaizhou = { id: 7, code: '500154', name: '开州区妇联', type: 'district_federation' as const };

let store: Map<string, string>;
beforeEach(() => {
  store = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
  });
});
afterEach(() => {
  clearActingOrg();
  vi.unstubAllGlobals();
});

describe('acting org', () => {
  it('defaults to the home org', () => {
    initActingOrg({ id: 4, homeOrg: city });
    expect(getActingOrg()).toEqual(city);
  });

  it('is remembered per user', () => {
    initActingOrg({ id: 4, homeOrg: city });
    setActingOrg(kaizhou);
    clearActingOrg();
    initActingOrg({ id: 4, homeOrg: city });
    expect(getActingOrg()).toEqual(kaizhou);
    initActingOrg({ id: 5, homeOrg: city });
    expect(getActingOrg()).toEqual(city);
  });

  it('ignores a corrupt remembered value', () => {
    store.set('jinguo.actingOrg.4', '{"id":"x"}');
    initActingOrg({ id: 4, homeOrg: city });
    expect(getActingOrg()).toEqual(city);
  });
});
