import type { AssignmentState, CaseListItem, DemandListItem, RiskLevel, WorkItem } from '@jinguo/contracts';
import { formatDate } from '../../app/time';

/**
 * The workbench's counts, from one page of an existing list. A count read from a page that has more after it is a
 * lower bound (`capped`: shown as "n+"), unless the list's order proves it complete (the demand queue is ordered by
 * its feedback deadline: everything due by today comes before anything due later).
 */
export interface Count {
  n: number;
  capped: boolean;
}

export const countText = (c: Count): string => (c.capped ? `${c.n}+` : String(c.n));

/**
 * The acting org's open demands ordered by feedback deadline (GET /demands?view=queue): overdue, and due today on
 * the federation's clock without being overdue yet. `today` is YYYY-MM-DD.
 */
export function tallyDemandQueue(
  items: readonly Pick<DemandListItem, 'overdue' | 'feedbackDueAt'>[],
  hasMore: boolean,
  today: string,
): { overdue: Count; dueToday: Count } {
  const overdue = items.filter((d) => d.overdue).length;
  const dueToday = items.filter((d) => !d.overdue && formatDate(d.feedbackDueAt) === today).length;
  // the page ends inside today (or before it): later pages may hold more of the same
  const last = items[items.length - 1];
  const lastDay = last ? formatDate(last.feedbackDueAt) : null;
  const open = hasMore && lastDay !== null && lastDay <= today;
  return { overdue: { n: overdue, capped: open }, dueToday: { n: dueToday, capped: open } };
}

/** Received tasks waiting for the org: to sign for (pending), to fill and submit (signed, returned), overdue. */
export function tallyTasks(
  items: readonly Pick<WorkItem, 'state' | 'overdue'>[],
  hasMore: boolean,
): { toSign: Count; toSubmit: Count; overdue: Count } {
  const is = (...s: AssignmentState[]) => items.filter((w) => w.state !== null && s.includes(w.state)).length;
  const waiting = items.filter((w) => w.state === 'pending' || w.state === 'signed' || w.state === 'returned');
  return {
    toSign: { n: is('pending'), capped: hasMore },
    toSubmit: { n: is('signed', 'returned'), capped: hasMore },
    overdue: { n: waiting.filter((w) => w.overdue).length, capped: hasMore },
  };
}

export type RiskBucket = RiskLevel | 'unassessed';
export const RISK_BUCKETS: readonly RiskBucket[] = ['high', 'medium', 'low', 'unassessed'];

/** Her open cases (not closed) by risk level, highest first; the rows she may read in full only. */
export function tallyCasesByRisk(
  items: readonly Pick<CaseListItem, 'status' | 'riskLevel' | 'access'>[],
  hasMore: boolean,
): Record<RiskBucket, Count> {
  const open = items.filter((c) => c.status !== 'closed' && c.access === 'full');
  const of = (b: RiskBucket) => open.filter((c) => (c.riskLevel ?? 'unassessed') === b).length;
  return {
    high: { n: of('high'), capped: hasMore },
    medium: { n: of('medium'), capped: hasMore },
    low: { n: of('low'), capped: hasMore },
    unassessed: { n: of('unassessed'), capped: hasMore },
  };
}
