import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS, type DeadlineSpec, type Urgency } from '@jinguo/contracts';
import { createWorkCalendar, type YearSchedule } from '../../platform/calendar/index.js';
import {
  deadlinesFor,
  escalationTargetPath,
  feedbackSpec,
  isRoundTheClock,
  secondEscalationAt,
  warnAt,
  type DeadlineRule,
} from './demands.deadlines.policy.js';
import { newTrackingCode } from './demands.residents.service.js';

const dir = resolve(import.meta.dirname, '../../../data/holidays');
const calendar = createWorkCalendar(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as YearSchedule),
);

/** The rule of a demand of a built-in category (no override, not round-the-clock) in the default office hours. */
const ruleOf = (urgency: Urgency, categoryRoundTheClock = false): DeadlineRule => ({
  spec: feedbackSpec(urgency, {}),
  roundTheClock: isRoundTheClock(urgency, categoryRoundTheClock),
  officeHours: DEFAULT_OFFICE_HOURS,
});
const workdays = (amount: number): DeadlineRule => ({
  spec: { amount, unit: 'workdays' },
  roundTheClock: false,
  officeHours: DEFAULT_OFFICE_HOURS,
});
const hours = (amount: number, roundTheClock = false): DeadlineRule => ({
  spec: { amount, unit: 'hours' } satisfies DeadlineSpec,
  roundTheClock,
  officeHours: DEFAULT_OFFICE_HOURS,
});

describe('demand deadlines (PRODUCT §2.4 tiers, China working days)', () => {
  it('signs for within 2 office hours and answers by the tier of its urgency; an emergency counts clock hours', () => {
    const from = new Date('2026-11-30T02:00:00Z'); // Monday 10:00 China time
    // an emergency (life or property at risk): 2 clock hours to sign for and to answer
    expect(deadlinesFor(calendar, from, ruleOf('emergency')).signDueAt.toISOString()).toBe('2026-11-30T04:00:00.000Z');
    expect(deadlinesFor(calendar, from, ruleOf('emergency')).feedbackDueAt.toISOString()).toBe(
      '2026-11-30T04:00:00.000Z',
    );
    // otherwise office hours: 10:00–12:00 is two of them
    expect(deadlinesFor(calendar, from, ruleOf('urgent')).signDueAt.toISOString()).toBe('2026-11-30T04:00:00.000Z');
    // 24 office hours from Monday 10:00: 5.5 on Monday, 6.5 on Tuesday and Wednesday, 5.5 on Thursday → 16:30
    expect(deadlinesFor(calendar, from, ruleOf('urgent')).feedbackDueAt.toISOString()).toBe('2026-12-03T08:30:00.000Z');
    // a category marked round-the-clock counts clock hours whatever the urgency
    expect(deadlinesFor(calendar, from, ruleOf('urgent', true)).feedbackDueAt.toISOString()).toBe(
      '2026-12-01T02:00:00.000Z',
    );
    // 7 working days: Tue 1 … Wed 9 December, end of day China time
    expect(deadlinesFor(calendar, from, ruleOf('ordinary')).feedbackDueAt.toISOString()).toBe(
      '2026-12-09T15:59:59.999Z',
    );
    expect(deadlinesFor(calendar, from, ruleOf('complex')).feedbackDueAt.toISOString()).toBe(
      '2026-12-21T15:59:59.999Z',
    );
  });

  it('skips the National Day holiday and counts its make-up Saturday', () => {
    const from = new Date('2026-09-29T02:00:00Z'); // Tuesday before National Day
    // 30 Sep, 8, 9, 10 (make-up Saturday), 12, 13, 14 Oct
    expect(deadlinesFor(calendar, from, ruleOf('ordinary')).feedbackDueAt.toISOString()).toBe(
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
    // round the clock: 18 of 24 clock hours
    expect(warnAt(calendar, from, new Date('2026-12-01T02:00:00Z'), hours(24, true)).toISOString()).toBe(
      '2026-11-30T20:00:00.000Z',
    );
    // in office hours: 1.5 of the 2 office hours of a sign-for received Friday 17:00 → Monday 10:00
    expect(warnAt(calendar, new Date('2026-11-27T09:00:00Z'), new Date(), hours(2)).toISOString()).toBe(
      '2026-11-30T02:00:00.000Z',
    );
    expect(warnAt(calendar, from, new Date('2026-12-09T15:59:59.999Z'), workdays(7)).toISOString()).toBe(
      '2026-12-08T16:00:00.000Z',
    );
    // received late on the only day there is: three quarters of the way
    const late = new Date('2026-12-09T14:00:00Z');
    expect(warnAt(calendar, late, new Date('2026-12-09T15:59:59.999Z'), workdays(1)).getTime()).toBeGreaterThan(
      late.getTime(),
    );
  });

  it('a demand received Friday evening is due Monday morning, not that evening', () => {
    const friday = new Date('2026-11-27T09:30:00Z'); // Friday 17:30 China time
    const dl = deadlinesFor(calendar, friday, ruleOf('ordinary'));
    expect(dl.signDueAt.toISOString()).toBe('2026-11-30T03:00:00.000Z'); // Monday 11:00
    expect(dl.provisional).toBe(false);
    // an emergency that evening is still due at 19:30
    expect(deadlinesFor(calendar, friday, ruleOf('emergency')).signDueAt.toISOString()).toBe(
      '2026-11-27T11:30:00.000Z',
    );
  });

  it('escalates again one period after the missed deadline, to the parent then the grandparent', () => {
    expect(secondEscalationAt(calendar, new Date('2026-12-09T15:59:59.999Z'), workdays(7)).toISOString()).toBe(
      '2026-12-18T15:59:59.999Z',
    );
    expect(secondEscalationAt(calendar, new Date('2026-12-01T02:00:00Z'), hours(24, true)).toISOString()).toBe(
      '2026-12-02T02:00:00.000Z',
    );
    // in office hours, from Tuesday 10:00: Tuesday 5.5, Wednesday and Thursday 6.5, Friday 5.5 → 16:30
    expect(secondEscalationAt(calendar, new Date('2026-12-01T02:00:00Z'), hours(24)).toISOString()).toBe(
      '2026-12-04T08:30:00.000Z',
    );
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
