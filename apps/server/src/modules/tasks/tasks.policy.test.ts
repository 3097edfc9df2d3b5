import { describe, expect, it } from 'vitest';
import { FormDefinition, periodRange, PLAN_MONITORING_TEMPLATE, VISITS_REPORT_TEMPLATE } from '@jinguo/contracts';
import { createWorkCalendar } from '../../platform/calendar/index.js';
import { remindsToday } from './tasks.board.service.js';
import { evaluate, parseFormula, type Scope } from './tasks.formula.policy.js';
import { checkDefinition } from './tasks.forms.policy.js';
import { checkValues, sumOfSubmissions, totalsAsFigures } from './tasks.values.policy.js';
import { assignmentActions, isOverdue } from './tasks.policy.js';

const scope = (values: Record<string, number | null>, rows: Record<string, Record<string, unknown>[]> = {}): Scope => ({
  value: (n) => (Object.hasOwn(values, n) ? values[n]! : null),
  rows: (t) => (Object.hasOwn(rows, t) ? rows[t]! : null),
});
const run = (src: string, values: Record<string, number | null> = {}, rows = {}) =>
  evaluate(parseFormula(src), scope(values, rows));

describe('the formula language', () => {
  it('computes arithmetic with precedence, comparisons, logic and functions', () => {
    expect(run('1 + 2 * 3 - (4 - 1) / 3')).toBe(6);
    expect(run('-a + b', { a: 2, b: 5 })).toBe(3);
    expect(run('a >= 3 and not (b = 1) or 0', { a: 3, b: 2 })).toBe(true);
    expect(run('a < 3 && b != 1', { a: 3, b: 2 })).toBe(false);
    expect(run('round(a / b * 100, 2)', { a: 1, b: 3 })).toBe(33.33);
    expect(run('if(b > 0, a / b, 0)', { a: 1, b: 0 })).toBe(0);
    expect(run('max(a, b, 7) + min(a, b) + abs(-2)', { a: 1, b: 4 })).toBe(10);
    const rows = { t: [{ x: 2 }, { x: 3.5 }, { x: null }] };
    expect(run('sum(t.x) + count(t) + avg(t.x) + max(t.x)', {}, rows)).toBe(5.5 + 3 + 2.75 + 3.5);
  });

  it('gives an empty result for an empty input or a division by zero, never NaN', () => {
    expect(run('a + 1', { a: null })).toBeNull();
    expect(run('a / b', { a: 1, b: 0 })).toBeNull();
    expect(run('a <= b', { a: null, b: 1 })).toBeNull();
  });

  it('refuses what it does not know, with no way to reach JavaScript', () => {
    for (const bad of [
      'a +',
      'constructor.constructor("x")()',
      'eval(1)',
      'a; b',
      'a[0]',
      't.x + 1',
      '1 ? 2 : 3',
      '"x"',
      'sum(t.x, 2)',
    ])
      expect(() => parseFormula(bad), bad).toThrow();
    expect(run('constructor', {})).toBeNull(); // a name is only ever a field of the form
  });
});

const def = (fields: unknown[], rules: unknown[] = []) => FormDefinition.parse({ fields, rules });
const metrics = new Set(['visits.done']);

describe('form definitions', () => {
  it('accepts the built-in templates', () => {
    for (const t of [PLAN_MONITORING_TEMPLATE, VISITS_REPORT_TEMPLATE])
      expect(
        checkDefinition(
          t.definition,
          new Set(['visits.done', 'visits.needs', 'demands.received', 'demands.closed', 'cases.closed']),
        ),
      ).toEqual([]);
  });

  it('names the field of every problem: missing names, cycles, bad columns, duplicates, unknown metrics', () => {
    const fields = (errors: { field: string; code: string }[]) => errors.map((e) => `${e.field}:${e.code}`);
    expect(fields(checkDefinition(def([{ key: 'a', label: 'A', type: 'number', formula: 'b * 2' }]), metrics))).toEqual(
      ['definition.fields.0.formula:reference'],
    );
    expect(
      fields(
        checkDefinition(
          def([
            { key: 'a', label: 'A', type: 'number', formula: 'c + 1' },
            { key: 'b', label: 'B', type: 'number', formula: 'a + 1' },
            { key: 'c', label: 'C', type: 'number', formula: 'b + 1' },
          ]),
          metrics,
        ),
      ),
    ).toEqual([
      'definition.fields.0.formula:cycle',
      'definition.fields.1.formula:cycle',
      'definition.fields.2.formula:cycle',
    ]);
    expect(
      fields(
        checkDefinition(
          def([
            { key: 't', label: 'T', type: 'table', columns: [{ key: 'x', label: 'X', type: 'text' }] },
            { key: 's', label: 'S', type: 'number', formula: 'sum(t.x)' },
            { key: 's', label: 'S2', type: 'choice' },
            { key: 'm', label: 'M', type: 'number', metric: 'cases.nothing' },
          ]),
          metrics,
        ),
      ),
    ).toEqual([
      'definition.fields.2.key:duplicate',
      'definition.fields.2.options:required',
      'definition.fields.3.metric:unknown',
      'definition.fields.1.formula:reference',
    ]);
  });
});

describe('submissions', () => {
  const d = def(
    [
      { key: 'n', label: 'N', type: 'number', required: true, min: 0, max: 10, decimals: 0 },
      { key: 'k', label: 'K', type: 'number', min: 0 },
      { key: 'r', label: 'R', type: 'number', decimals: 2, formula: 'k / n' },
      {
        key: 't',
        label: 'T',
        type: 'table',
        maxRows: 2,
        columns: [
          { key: 'v', label: 'V', type: 'number' },
          { key: 'w', label: 'W', type: 'number', formula: 'v * 2' },
        ],
      },
    ],
    [{ field: 'k', expression: 'k <= n', message: { 'zh-CN': 'k ≤ n', 'en-US': 'k ≤ n' } }],
  );

  it('checks types, ranges, decimals, rows; a draft skips the required fields and rules', () => {
    const bad = checkValues(d, { n: 1.5, k: -1, t: [{}, {}, {}] }, true).errors.map((e) => `${e.field}:${e.code}`);
    expect(bad).toEqual(['values.n:decimals', 'values.k:min', 'values.t:max_rows']);
    expect(checkValues(d, {}, false).errors).toEqual([]);
    expect(checkValues(d, {}, true).errors.map((e) => e.field)).toEqual(['values.n']);
    expect(checkValues(d, { n: 2, k: 3 }, true).errors.map((e) => e.field)).toEqual(['values.k']);
  });

  it('computes formulas (table columns too) and sums submissions for a forwarding org', () => {
    expect(checkValues(d, { n: 3, k: 1, t: [{ v: 2 }] }, true).values).toEqual({
      n: 3,
      k: 1,
      r: 0.33,
      t: [{ v: 2, w: 4 }],
    });
    expect(
      sumOfSubmissions(d, [
        { n: 3, k: 1, t: [{ v: 1 }] },
        { n: 4, k: null, t: [{ v: 2 }, { v: 3 }] },
      ]),
    ).toEqual({
      n: 7,
      k: 1,
      r: 0.14,
      t: [{ v: 1 }, { v: 2 }],
    });
  });
});

describe('aggregates', () => {
  it('computes a rate again over the sums, not as the sum of rates', () => {
    const sums = { demands_received: 10, demands_closed: 5, closed_rate: 180, visits: 3 };
    expect(totalsAsFigures(VISITS_REPORT_TEMPLATE.definition, sums)).toMatchObject({ closed_rate: 50, visits: 3 });
  });
});

describe('tasks', () => {
  it('is late only after the deadline day, and only while the receiver owes something', () => {
    expect(isOverdue('task', 'signed', '2026-11-27', '2026-11-27')).toBe(false);
    expect(isOverdue('task', 'returned', '2026-11-27', '2026-11-28')).toBe(true);
    expect(isOverdue('task', 'submitted', '2026-11-27', '2026-11-28')).toBe(false);
    expect(isOverdue('notice', 'signed', '2026-11-27', '2026-11-28')).toBe(false);
  });

  it('offers each side its actions; an approved copy offers the receiver nothing', () => {
    const c = { kind: 'task' as const, receiver: true, dispatcher: false, canForward: true };
    expect(assignmentActions({ ...c, state: 'pending' })).toEqual(['sign', 'save', 'submit', 'forward']);
    expect(assignmentActions({ ...c, state: 'approved' })).toEqual([]);
    expect(assignmentActions({ ...c, receiver: false, dispatcher: true, state: 'submitted' })).toEqual([
      'return',
      'approve',
    ]);
    expect(assignmentActions({ ...c, receiver: false, dispatcher: true, state: 'approved' })).toEqual(['reopen']);
    expect(assignmentActions({ ...c, kind: 'notice', state: 'pending' })).toEqual(['sign']);
  });

  it('reminds on working days within the last days before the deadline (holidays and make-up days count)', () => {
    const cal = createWorkCalendar([
      {
        year: 2026,
        source: 'test',
        holidays: [{ date: '2026-10-01', name: '国庆节' }],
        workdays: [{ date: '2026-10-10', name: '国庆节调休' }],
      },
    ]);
    expect(remindsToday(cal, '2026-11-26', '2026-11-27', 2)).toBe(true);
    expect(remindsToday(cal, '2026-11-25', '2026-11-27', 2)).toBe(false);
    expect(remindsToday(cal, '2026-11-28', '2026-11-30', 2)).toBe(false); // a Saturday
    expect(remindsToday(cal, '2026-10-01', '2026-10-02', 2)).toBe(false); // a holiday
    expect(remindsToday(cal, '2026-10-10', '2026-10-12', 2)).toBe(true); // a make-up working Saturday
    expect(remindsToday(cal, '2026-11-28', '2026-11-27', 2)).toBe(false);
  });

  it('knows the days of DHIS2-style periods', () => {
    expect(periodRange('2026')).toEqual({ periodicity: 'yearly', from: '2026-01-01', to: '2026-12-31' });
    expect(periodRange('2024Q1')).toEqual({ periodicity: 'quarterly', from: '2024-01-01', to: '2024-03-31' });
    expect(periodRange('202402')).toEqual({ periodicity: 'monthly', from: '2024-02-01', to: '2024-02-29' });
  });
});
