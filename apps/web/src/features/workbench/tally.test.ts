import { describe, expect, it } from 'vitest';
import { countText, tallyCasesByRisk, tallyDemandQueue, tallyTasks } from './tally';

// Instants in UTC; the federation's clock is China's (UTC+8): 2026-12-05 is 2026-12-04T16:00Z to 2026-12-05T16:00Z.
const TODAY = '2026-12-05';
const d = (feedbackDueAt: string, overdue = false) => ({ feedbackDueAt, overdue });

describe('the demand queue', () => {
  it('counts overdue, and due today on China’s clock only (not the browser’s or UTC’s day)', () => {
    const items = [
      d('2026-12-03T02:00:00Z', true),
      d('2026-12-04T17:00:00Z'), // 01:00 on the 5th in China: today
      d('2026-12-05T15:59:00Z'), // 23:59 on the 5th in China: today
      d('2026-12-05T16:00:00Z'), // 00:00 on the 6th in China: tomorrow
    ];
    const t = tallyDemandQueue(items, false, TODAY);
    expect(t.overdue).toEqual({ n: 1, capped: false });
    expect(t.dueToday).toEqual({ n: 2, capped: false });
  });

  it('is exact when the page reaches past today, a lower bound when it ends within today', () => {
    const reaches = [d('2026-12-05T01:00:00Z'), d('2026-12-07T01:00:00Z')];
    expect(tallyDemandQueue(reaches, true, TODAY).dueToday).toEqual({ n: 1, capped: false });
    const within = [d('2026-12-01T01:00:00Z', true), d('2026-12-05T01:00:00Z')];
    const t = tallyDemandQueue(within, true, TODAY);
    expect(countText(t.dueToday)).toBe('1+');
    expect(countText(t.overdue)).toBe('1+');
  });

  it('counts a demand overdue, never also due today', () => {
    expect(tallyDemandQueue([d('2026-12-05T01:00:00Z', true)], false, TODAY)).toEqual({
      overdue: { n: 1, capped: false },
      dueToday: { n: 0, capped: false },
    });
  });
});

describe('tasks and cases', () => {
  it('counts tasks to sign for, to submit (returned ones too) and overdue among those still waiting', () => {
    const t = tallyTasks(
      [
        { state: 'pending', overdue: true },
        { state: 'signed', overdue: false },
        { state: 'returned', overdue: true },
        { state: 'submitted', overdue: true },
        { state: 'approved', overdue: false },
        { state: null, overdue: false },
      ],
      false,
    );
    expect([t.toSign.n, t.toSubmit.n, t.overdue.n]).toEqual([1, 2, 2]);
    expect(countText(tallyTasks([], true).toSign)).toBe('0+');
  });

  it('counts her open cases by risk, leaving closed ones and existence-only rows out', () => {
    const r = tallyCasesByRisk(
      [
        { status: 'handling', riskLevel: 'high', access: 'full' },
        { status: 'intake', riskLevel: null, access: 'full' },
        { status: 'follow_up', riskLevel: 'medium', access: 'full' },
        { status: 'closed', riskLevel: 'high', access: 'full' },
        { status: 'handling', riskLevel: null, access: 'existence' },
      ],
      false,
    );
    expect([r.high.n, r.medium.n, r.low.n, r.unassessed.n]).toEqual([1, 1, 0, 1]);
  });
});
