import type { ProgressStatus } from '@jinguo/contracts';
import { daysBetween } from '../../platform/time.js';

/** A checklist item as configured: the duty kind it counts and the year's target. */
export interface DutyItemSpec {
  kind: string;
  label: string;
  target: number;
}

/**
 * How far into the year `today` is, as a share (0 before it starts, 1 once it has ended): what an even pace asks of
 * each item by now.
 */
export function yearElapsed(year: number, today: string): number {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  if (today < start) return 0;
  if (today >= end) return 1;
  return (daysBetween(start, today) + 1) / (daysBetween(start, end) + 1);
}

/** One item: met (done), at or above an even pace (on track), or below it (behind). */
export function itemProgress(item: DutyItemSpec, done: number, elapsed: number) {
  const expected = Math.floor(item.target * elapsed);
  const status: ProgressStatus = done >= item.target ? 'done' : done >= expected ? 'on_track' : 'behind';
  return { kind: item.kind, label: item.label, target: item.target, done, expected, status };
}

/** A member's whole checklist: done when every item is met, behind when any item is behind. */
export function memberProgress(items: readonly DutyItemSpec[], counts: Record<string, number>, elapsed: number) {
  const rows = items.map((i) => itemProgress(i, counts[i.kind] ?? 0, elapsed));
  const status: ProgressStatus = rows.every((r) => r.status === 'done')
    ? 'done'
    : rows.some((r) => r.status === 'behind')
      ? 'behind'
      : 'on_track';
  return { items: rows, status, itemsDone: rows.filter((r) => r.status === 'done').length };
}

/** Checklist items name known kinds, each once. Returns the index and reason of the first bad item, or null. */
export function checklistProblem(
  items: readonly DutyItemSpec[],
  known: ReadonlySet<string>,
): { index: number; reason: 'unknown' | 'twice' } | null {
  for (const [index, item] of items.entries()) {
    if (!known.has(item.kind)) return { index, reason: 'unknown' };
    if (items.findIndex((x) => x.kind === item.kind) !== index) return { index, reason: 'twice' };
  }
  return null;
}
