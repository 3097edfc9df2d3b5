import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar, type YearSchedule } from '../../platform/calendar/index.js';
import {
  deadlinesFor,
  escalationTargetPath,
  feedbackSpec,
  secondEscalationAt,
  warnAt,
} from './demands.deadlines.policy.js';
import { newTrackingCode } from './demands.residents.service.js';

const dir = resolve(import.meta.dirname, '../../../data/holidays');
const calendar = createWorkCalendar(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as YearSchedule),
);

describe('demand deadlines (PRODUCT §2.4 tiers, China working days)', () => {
  it('signs for within 2 hours and answers by the tier of its urgency', () => {
    const from = new Date('2026-11-30T02:00:00Z'); // Monday 10:00 China time
    expect(deadlinesFor(calendar, from, feedbackSpec('emergency', {})).signDueAt.toISOString()).toBe(
      '2026-11-30T04:00:00.000Z',
    );
    expect(deadlinesFor(calendar, from, feedbackSpec('emergency', {})).feedbackDueAt.toISOString()).toBe(
      '2026-11-30T04:00:00.000Z',
    );
    expect(deadlinesFor(calendar, from, feedbackSpec('urgent', {})).feedbackDueAt.toISOString()).toBe(
      '2026-12-01T02:00:00.000Z',
    );
    // 7 working days: Tue 1 … Wed 9 December, end of day China time
    expect(deadlinesFor(calendar, from, feedbackSpec('ordinary', {})).feedbackDueAt.toISOString()).toBe(
      '2026-12-09T15:59:59.999Z',
    );
    expect(deadlinesFor(calendar, from, feedbackSpec('complex', {})).feedbackDueAt.toISOString()).toBe(
      '2026-12-21T15:59:59.999Z',
    );
  });

  it('skips the National Day holiday and counts its make-up Saturday', () => {
    const from = new Date('2026-09-29T02:00:00Z'); // Tuesday before National Day
    // 30 Sep, 8, 9, 10 (make-up Saturday), 12, 13, 14 Oct
    expect(deadlinesFor(calendar, from, feedbackSpec('ordinary', {})).feedbackDueAt.toISOString()).toBe(
      '2026-10-14T15:59:59.999Z',
    );
  });

  it("takes a category's override for an urgency", () => {
    expect(feedbackSpec('ordinary', { ordinary: { amount: 3, unit: 'workdays' } })).toEqual({
      amount: 3,
      unit: 'workdays',
    });
    expect(feedbackSpec('urgent', { ordinary: { amount: 3, unit: 'workdays' } })).toEqual({
      amount: 24,
      unit: 'hours',
    });
  });

  it('warns a quarter of the time before an hours deadline, at the start of the last working day otherwise', () => {
    const from = new Date('2026-11-30T02:00:00Z');
    expect(warnAt(from, new Date('2026-12-01T02:00:00Z'), { amount: 24, unit: 'hours' }).toISOString()).toBe(
      '2026-11-30T20:00:00.000Z',
    );
    expect(warnAt(from, new Date('2026-12-09T15:59:59.999Z'), { amount: 7, unit: 'workdays' }).toISOString()).toBe(
      '2026-12-08T16:00:00.000Z',
    );
    // received late on the only day there is: three quarters of the way
    const late = new Date('2026-12-09T14:00:00Z');
    expect(
      warnAt(late, new Date('2026-12-09T15:59:59.999Z'), { amount: 1, unit: 'workdays' }).getTime(),
    ).toBeGreaterThan(late.getTime());
  });

  it('escalates again one period after the missed deadline, to the parent then the grandparent', () => {
    expect(
      secondEscalationAt(calendar, new Date('2026-12-09T15:59:59.999Z'), { amount: 7, unit: 'workdays' }).toISOString(),
    ).toBe('2026-12-18T15:59:59.999Z');
    expect(
      secondEscalationAt(calendar, new Date('2026-12-01T02:00:00Z'), { amount: 24, unit: 'hours' }).toISOString(),
    ).toBe('2026-12-02T02:00:00.000Z');
    expect(escalationTargetPath('1.2.30.40', 1)).toBe('1.2.30');
    expect(escalationTargetPath('1.2.30.40', 2)).toBe('1.2');
    expect(escalationTargetPath('1.2', 2)).toBeNull();
  });
});

describe('tracking codes', () => {
  it('are 16 characters of an alphabet without look-alikes, different each time', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newTrackingCode()));
    expect(codes.size).toBe(1000);
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/);
  });
});
