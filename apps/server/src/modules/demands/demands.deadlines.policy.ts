import { DEFAULT_FEEDBACK_DEADLINES, SIGN_DEADLINE, type DeadlineSpec, type Urgency } from '@jinguo/contracts';
import type { WorkCalendar } from '../../platform/calendar/index.js';

/** The part of the working-day calendar deadlines need. */
export type DeadlineCalendar = Pick<WorkCalendar, 'deadline'>;

export interface Deadlines {
  signDueAt: Date;
  feedbackDueAt: Date;
  /** When the handler is warned that the feedback deadline approaches. */
  warnAt: Date;
  /** When the sweeper escalates (督办) if no reply has gone out by then: the feedback deadline. */
  nextEscalationAt: Date;
}

/** The feedback deadline of a category and urgency: the category's override, else the default tier. */
export function feedbackSpec(urgency: Urgency, overrides: Partial<Record<string, DeadlineSpec>>): DeadlineSpec {
  return overrides[urgency] ?? DEFAULT_FEEDBACK_DEADLINES[urgency];
}

/**
 * The warning instant: for a deadline in hours, when three quarters of the time are gone (30 min before a 2-hour
 * deadline, 6 h before a 24-hour one); for working days, the start of the last working day (China time), or three
 * quarters of the way when that is earlier than the start.
 */
export function warnAt(from: Date, due: Date, spec: DeadlineSpec): Date {
  const span = due.getTime() - from.getTime();
  const quarter = new Date(due.getTime() - span / 4);
  if (spec.unit === 'hours') return quarter;
  const startOfLastDay = new Date(due.getTime() + 1 - 86_400_000);
  return startOfLastDay.getTime() > from.getTime() ? startOfLastDay : quarter;
}

/** Deadlines of a demand received (or reopened) at `from`. */
export function deadlinesFor(calendar: DeadlineCalendar, from: Date, spec: DeadlineSpec): Deadlines {
  const signDueAt = calendar.deadline(from, SIGN_DEADLINE);
  const feedbackDueAt = calendar.deadline(from, spec);
  return { signDueAt, feedbackDueAt, warnAt: warnAt(from, feedbackDueAt, spec), nextEscalationAt: feedbackDueAt };
}

/**
 * After the first escalation, a demand still unanswered one more period later (the same tier: 2 h, 24 h, 7 or 15
 * working days after the missed deadline) escalates again, to the grandparent.
 */
export function secondEscalationAt(calendar: DeadlineCalendar, missedDeadline: Date, spec: DeadlineSpec): Date {
  return calendar.deadline(missedDeadline, spec);
}

/** The org an escalation of `level` (1 = parent, 2 = grandparent) goes to, as a path prefix of the owner's path. */
export function escalationTargetPath(ownerPath: string, level: number): string | null {
  const labels = ownerPath.split('.');
  if (labels.length - level < 1) return null;
  return labels.slice(0, labels.length - level).join('.');
}
