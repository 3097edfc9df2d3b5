import {
  DEFAULT_FEEDBACK_DEADLINES,
  SIGN_DEADLINE,
  type DeadlineSpec,
  type OfficeHours,
  type Urgency,
} from '@jinguo/contracts';
import type { DeadlineOptions, WorkCalendar } from '../../platform/calendar/index.js';

/** The part of the working-day calendar deadlines need. */
export type DeadlineCalendar = Pick<WorkCalendar, 'due'>;

/**
 * What a demand's deadlines are counted by: its feedback tier, whether its hours run round the clock (an emergency
 * endangering life or property: the urgency `emergency`, or a category marked round-the-clock), and the office hours
 * of the org that owns it (hour-based deadlines otherwise count only office hours on working days).
 */
export interface DeadlineRule {
  spec: DeadlineSpec;
  roundTheClock: boolean;
  officeHours: OfficeHours;
}

export interface Deadlines {
  signDueAt: Date;
  feedbackDueAt: Date;
  /** When the handler is warned that the feedback deadline approaches. */
  warnAt: Date;
  /** When the sweeper escalates (督办) if no reply has gone out by then: the feedback deadline. */
  nextEscalationAt: Date;
  /** Counted through a year whose holiday schedule is not loaded: recomputed when it is. */
  provisional: boolean;
}

/** The feedback deadline of a category and urgency: the category's override, else the default tier. */
export function feedbackSpec(urgency: Urgency, overrides: Partial<Record<string, DeadlineSpec>>): DeadlineSpec {
  return overrides[urgency] ?? DEFAULT_FEEDBACK_DEADLINES[urgency];
}

/** An emergency (紧急: life or property at risk) or a round-the-clock category counts clock hours. */
export const isRoundTheClock = (urgency: Urgency, categoryRoundTheClock: boolean): boolean =>
  categoryRoundTheClock || urgency === 'emergency';

/** How the calendar counts the rule's hours: office hours unless round the clock. */
export const clockOf = (rule: Pick<DeadlineRule, 'roundTheClock' | 'officeHours'>): DeadlineOptions =>
  rule.roundTheClock ? {} : { officeHours: rule.officeHours };

/**
 * The warning instant: for a deadline in hours, when three quarters of the time are gone (30 min before a 2-hour
 * deadline, counted the way the deadline is: office hours or clock hours); for working days, the start of the last
 * working day (China time), or three quarters of the way when that is earlier than the start.
 */
export function warnAt(calendar: DeadlineCalendar, from: Date, due: Date, rule: DeadlineRule): Date {
  if (rule.spec.unit === 'hours')
    return calendar.due(from, { amount: (rule.spec.amount * 3) / 4, unit: 'hours' }, clockOf(rule)).at;
  const quarter = new Date(due.getTime() - (due.getTime() - from.getTime()) / 4);
  const startOfLastDay = new Date(due.getTime() + 1 - 86_400_000);
  return startOfLastDay.getTime() > from.getTime() ? startOfLastDay : quarter;
}

/**
 * Deadlines of a demand received (or reopened, or reassigned) at `from`; the sign-for deadline runs from `signFrom`
 * (the receipt, or the reassignment).
 */
export function deadlinesFor(calendar: DeadlineCalendar, from: Date, rule: DeadlineRule, signFrom = from): Deadlines {
  const sign = calendar.due(signFrom, SIGN_DEADLINE, clockOf(rule));
  const feedback = calendar.due(from, rule.spec, clockOf(rule));
  return {
    signDueAt: sign.at,
    feedbackDueAt: feedback.at,
    warnAt: warnAt(calendar, from, feedback.at, rule),
    nextEscalationAt: feedback.at,
    provisional: sign.provisional || feedback.provisional,
  };
}

/**
 * After the first escalation, a demand still unanswered one more period later (the same tier: 2 h, 24 h, 7 or 15
 * working days after the missed deadline, counted as the deadline was) escalates again, to the grandparent.
 */
export function secondEscalationAt(calendar: DeadlineCalendar, missedDeadline: Date, rule: DeadlineRule): Date {
  return calendar.due(missedDeadline, rule.spec, clockOf(rule)).at;
}

/** The org an escalation of `level` (1 = parent, 2 = grandparent) goes to, as a path prefix of the owner's path. */
export function escalationTargetPath(ownerPath: string, level: number): string | null {
  const labels = ownerPath.split('.');
  if (labels.length - level < 1) return null;
  return labels.slice(0, labels.length - level).join('.');
}
