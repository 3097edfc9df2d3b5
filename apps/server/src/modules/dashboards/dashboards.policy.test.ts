import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { formulaText, valueFromCounters } from '../../platform/stats/index.js';
import { checkPeriod, monthsOf, pickIndicators, planRow, sumPlan, yearBefore } from './dashboards.policy.js';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.field : 'not an AppError';
  }
  return null;
};

describe('the period and the same period a year before', () => {
  it('refuses a backwards period naming `to`, one over ten years naming `from`', () => {
    expect(fieldOf(() => checkPeriod('2026-03-01', '2026-02-28'))).toBe('to');
    expect(fieldOf(() => checkPeriod('2015-01-01', '2026-12-31'))).toBe('from');
    expect(fieldOf(() => checkPeriod('2016-01-01', '2026-12-31'))).toBeNull();
  });

  it('takes 29 February back to 28 February', () => {
    expect(yearBefore('2024-02-29')).toBe('2023-02-28');
    expect(yearBefore('2025-03-01')).toBe('2024-03-01');
    expect(yearBefore('2025-02-28')).toBe('2024-02-28');
  });

  it('cuts the months of a trend to the period', () => {
    expect(monthsOf('2025-11-15', '2026-02-10')).toEqual([
      { month: '2025-11', from: '2025-11-15', to: '2025-11-30' },
      { month: '2025-12', from: '2025-12-01', to: '2025-12-31' },
      { month: '2026-01', from: '2026-01-01', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-10' },
    ]);
    expect(monthsOf('2024-02-01', '2024-02-29')).toEqual([{ month: '2024-02', from: '2024-02-01', to: '2024-02-29' }]);
  });
});

describe('the indicators asked for', () => {
  const known = new Set(['visits.done', 'demands.received']);
  it('are all when none are named, each once, and an unknown one is refused by name', () => {
    expect(pickIndicators(undefined, known)).toBeNull();
    expect(pickIndicators(' visits.done,visits.done , demands.received', known)).toEqual([
      'visits.done',
      'demands.received',
    ]);
    expect(fieldOf(() => pickIndicators('visits.done,nope', known))).toBe('indicators');
  });
});

describe('formulas', () => {
  it('sum, stock and ratio over counters; a share of nothing is no figure', () => {
    const c = { 'demands.signed': 8, 'demands.signed_on_time': 6, 'x.a': 2, 'x.b': 3 };
    expect(valueFromCounters({ kind: 'sum', metrics: ['x.a', 'x.b'] }, c)).toBe(5);
    expect(valueFromCounters({ kind: 'stock', metrics: ['x.a'] }, c)).toBe(2);
    expect(
      valueFromCounters({ kind: 'ratio', numerator: ['demands.signed_on_time'], denominator: ['demands.signed'] }, c),
    ).toBe(0.75);
    expect(valueFromCounters({ kind: 'ratio', numerator: ['x.a'], denominator: ['x.none'] }, c)).toBeNull();
    expect(formulaText({ kind: 'ratio', numerator: ['a.b', 'a.c'], denominator: ['a.d'] })).toBe('(a.b + a.c) ÷ (a.d)');
  });
});

describe("a row of the period's structure", () => {
  it('is the child itself when its children are the same then and now', () => {
    const plan = planRow({ id: 2, path: '1.2', active: true }, [{ id: 5, path: '1.2.5' }], [{ id: 5 }]);
    expect(plan).toEqual({ orgId: 2, nodes: [{ id: 2, sign: 1 }], paths: ['1.2'] });
  });

  it('adds up its children of then for a merged child; keeps its own records when it changed but lives on', () => {
    const merged = planRow({ id: 3, path: '1.3', active: false }, [{ id: 7, path: '1.9.7' }], []);
    expect(merged.nodes).toEqual([{ id: 7, sign: 1 }]);
    // 北碚: lost town 8 to 两江新区, gained town 6 from 渝北
    const changed = planRow({ id: 4, path: '1.4', active: true }, [{ id: 8, path: '1.9.8' }], [{ id: 6 }]);
    const counters = new Map([
      [4, { m: 10 }],
      [6, { m: 3 }],
      [8, { m: 5 }],
    ]);
    // own records (10 - 3 = 7) and town 8 (5)
    expect(sumPlan(changed, counters, ['m'])).toEqual({ m: 12 });
  });
});
