import { describe, expect, it } from 'vitest';
import { checklistProblem, itemProgress, memberProgress, yearElapsed } from './duties.policy.js';

const items = [
  { kind: 'visits.made', label: '走访 12 次', target: 12 },
  { kind: 'visits.households', label: '联系 10 户', target: 10 },
  { kind: 'duties.projects_led', label: '领办 1 个项目', target: 1 },
];

describe('the 执委 checklist at an even pace over the year', () => {
  it('measures the year elapsed in China days', () => {
    expect(yearElapsed(2026, '2025-12-31')).toBe(0);
    expect(yearElapsed(2026, '2026-12-31')).toBe(1);
    expect(yearElapsed(2026, '2027-03-01')).toBe(1);
    expect(yearElapsed(2026, '2026-07-02')).toBeCloseTo(183 / 365, 5);
  });

  it('an item is done at its target, on track at the pace, behind below it', () => {
    expect(itemProgress(items[0]!, 12, 0.5)).toMatchObject({ expected: 6, status: 'done' });
    expect(itemProgress(items[0]!, 6, 0.5)).toMatchObject({ expected: 6, status: 'on_track' });
    expect(itemProgress(items[0]!, 5, 0.5)).toMatchObject({ expected: 6, status: 'behind' });
    // a one-off item is not behind before the year ends
    expect(itemProgress(items[2]!, 0, 0.9)).toMatchObject({ expected: 0, status: 'on_track' });
    expect(itemProgress(items[2]!, 0, 1)).toMatchObject({ expected: 1, status: 'behind' });
  });

  it('a member is behind when any item is, done when all are', () => {
    expect(
      memberProgress(items, { 'visits.made': 12, 'visits.households': 10, 'duties.projects_led': 1 }, 0.5),
    ).toMatchObject({ status: 'done', itemsDone: 3 });
    expect(memberProgress(items, { 'visits.made': 12, 'visits.households': 2 }, 0.5)).toMatchObject({
      status: 'behind',
      itemsDone: 1,
    });
    expect(memberProgress(items, { 'visits.made': 7, 'visits.households': 5 }, 0.5).status).toBe('on_track');
  });

  it('refuses unknown kinds and a kind named twice', () => {
    const known = new Set(['visits.made', 'visits.households', 'duties.projects_led']);
    expect(checklistProblem(items, known)).toBeNull();
    expect(checklistProblem([...items, { kind: 'x.y', label: 'x', target: 1 }], known)).toEqual({
      index: 3,
      reason: 'unknown',
    });
    expect(checklistProblem([...items, items[0]!], known)).toEqual({ index: 3, reason: 'twice' });
  });
});
