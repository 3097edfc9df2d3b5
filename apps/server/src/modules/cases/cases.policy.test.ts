import { describe, expect, it } from 'vitest';
import { caseTransitionTarget, permissionsOf, scoreRisk, type Role } from '@jinguo/contracts';
import { accessBasis, allowedCaseActions, canWriteCase, type CaseFacts } from './cases.policy.js';

const actor = (roles: Role[], homePath = '1.9') => ({ roles, permissions: new Set(permissionsOf(roles)), homePath });
const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  status: 'handling',
  orgPath: '1.9.50.166',
  assigned: false,
  grantExpiresAt: null,
  contactPending: false,
  ...over,
});
const now = new Date('2026-11-29T10:00:00Z');

describe('need-to-know policy', () => {
  it.each([
    ['assigned worker', actor(['case_worker'], '1.9'), facts({ assigned: true }), 'assigned', true],
    ['supervisor above the case', actor(['case_supervisor'], '1.9'), facts(), 'supervisor', true],
    ['supervisor of another district', actor(['case_supervisor'], '1.27'), facts(), null, false],
    ['supervisor below the case org', actor(['case_supervisor'], '1.9.50.166.7'), facts(), null, false],
    ['cadre of the same village', actor(['cadre'], '1.9.50.166'), facts(), null, false],
    ['district cadre', actor(['cadre'], '1.9'), facts(), null, false],
    [
      'break-glass holder',
      actor(['cadre'], '1.9.50.166'),
      facts({ grantExpiresAt: new Date(now.getTime() + 60_000) }),
      'break_glass',
      false,
    ],
    [
      'expired break-glass',
      actor(['cadre'], '1.9.50.166'),
      facts({ grantExpiresAt: new Date(now.getTime() - 1) }),
      null,
      false,
    ],
    ['system admin even if assigned by mistake', actor(['system_admin'], '1'), facts({ assigned: true }), null, false],
    ['auditor', actor(['auditor'], '1'), facts(), null, false],
    ['partner agency (reads through referrals only)', actor(['partner_agency'], '1.9'), facts(), null, false],
  ] as const)('%s', (_name, a, f, basis, write) => {
    expect(accessBasis(a, f, now)).toBe(basis);
    expect(canWriteCase(a, f)).toBe(write);
  });

  it('offers break-glass only to those without access, and nothing else', () => {
    expect(allowedCaseActions(actor(['cadre'], '1.9'), facts(), now)).toEqual(['break_glass']);
    expect(
      allowedCaseActions(
        actor(['cadre'], '1.9.50.166'),
        facts({ grantExpiresAt: new Date(now.getTime() + 1000) }),
        now,
      ),
    ).toEqual([]);
    expect(allowedCaseActions(actor(['auditor'], '1'), facts(), now)).toEqual([]);
  });

  it('offers the lifecycle moves of the state machine and supervisor-only acts to supervisors', () => {
    const w = allowedCaseActions(actor(['case_worker']), facts({ assigned: true, contactPending: true }), now);
    expect(w).toEqual(expect.arrayContaining(['begin_follow_up', 'refer', 'mark_contacted']));
    expect(w).not.toContain('close');
    expect(w).not.toContain('assign');
    expect(allowedCaseActions(actor(['case_supervisor']), facts(), now)).toEqual(
      expect.arrayContaining(['assign', 'supervise']),
    );
    const closed = allowedCaseActions(actor(['case_worker']), facts({ assigned: true, status: 'closed' }), now);
    expect(closed).toContain('reopen');
    expect(closed).not.toContain('refer');
  });
});

describe('lifecycle state machine', () => {
  it('allows the chain and refuses skips', () => {
    expect(caseTransitionTarget('intake', 'begin_assessment')).toEqual({ ok: true, to: 'assessment' });
    expect(caseTransitionTarget('intake', 'begin_handling')).toEqual({ ok: false, reason: 'illegal' });
    expect(caseTransitionTarget('handling', 'close', 'resolved')).toEqual({ ok: false, reason: 'illegal' });
    expect(caseTransitionTarget('follow_up', 'close')).toEqual({ ok: false, reason: 'outcome_required' });
    expect(caseTransitionTarget('follow_up', 'close', 'resolved')).toEqual({ ok: true, to: 'closed' });
    expect(caseTransitionTarget('intake', 'close', 'resolved')).toEqual({ ok: false, reason: 'early_outcome_only' });
    expect(caseTransitionTarget('intake', 'close', 'not_accepted')).toEqual({ ok: true, to: 'closed' });
    expect(caseTransitionTarget('closed', 'reopen')).toEqual({ ok: true, to: 'assessment' });
    expect(caseTransitionTarget('assessment', 'reopen')).toEqual({ ok: false, reason: 'illegal' });
  });
});

describe('risk scoring', () => {
  it('scores the checklist into high / medium / low; a critical indicator alone is high', () => {
    expect(scoreRisk([])).toEqual({ score: 0, level: 'low' });
    expect(scoreRisk(['controlling'])).toEqual({ score: 1, level: 'low' });
    expect(scoreRisk(['escalating'])).toEqual({ score: 3, level: 'medium' });
    expect(scoreRisk(['strangulation'])).toEqual({ score: 4, level: 'high' });
    expect(scoreRisk(['escalating', 'injury_requiring_care', 'stalking'])).toEqual({ score: 8, level: 'high' });
  });
});
