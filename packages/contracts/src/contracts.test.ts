import { describe, expect, it } from 'vitest';
import {
  canBeChildOf,
  canTransitionTerm,
  maskIdNumber,
  maskPhone,
  needsSecondFactor,
  passwordProblems,
  permissionsOf,
  readsPersonalData,
  roleConflict,
  ROLES,
  SecondFactorInput,
  TERM_STATES,
  TERM_TRANSITIONS,
} from './index.js';

describe('organization types', () => {
  it.each([
    ['district_federation', 'city_federation', true],
    ['town_federation', 'district_federation', true],
    ['village_federation', 'town_federation', true],
    ['womens_group', 'village_federation', true],
    ['womens_group', 'town_federation', true],
    ['village_federation', 'district_federation', false],
    ['district_federation', 'village_federation', false],
    ['mobile_federation', 'district_federation', true],
    ['micro_home', 'town_federation', true],
    ['womens_group', 'new_sector_federation', true],
    ['town_federation', 'new_sector_federation', false],
    ['womens_group', 'womens_group', false],
    ['micro_home', 'micro_home', false],
  ] as const)('%s under %s: %s', (child, parent, ok) => expect(canBeChildOf(child, parent)).toBe(ok));
});

describe('election state machine', () => {
  it('only moves forward one step (or back from nominated to planned), and filed is final', () => {
    const allowed = TERM_STATES.flatMap((from) =>
      TERM_STATES.filter((to) => canTransitionTerm(from, to)).map((to) => `${from}>${to}`),
    );
    expect(allowed).toEqual([
      'planned>nominated',
      'nominated>planned',
      'nominated>congress_held',
      'congress_held>elected',
      'elected>filed',
    ]);
    expect(TERM_TRANSITIONS.filed).toEqual([]);
  });
});

describe('password complexity (8+ characters, 3 of 4 classes)', () => {
  it.each([
    ['Jinguo@2026', []],
    ['jinguo2026!', []],
    ['Short1!', ['too-short']],
    ['alllowercase', ['too-few-classes']],
    ['ALLUPPER123', ['too-few-classes']],
  ])('%s', (pw, problems) => expect(passwordProblems(pw)).toEqual(problems));
  it('refuses a password containing the username', () =>
    expect(passwordProblems('Village.a#2026', 'village.a')).toContain('contains-username'));
});

describe('三员分立', () => {
  it('never combines admin, security officer and auditor, nor any of them with another role', () => {
    expect(roleConflict(['system_admin'])).toBeNull();
    expect(roleConflict(['cadre', 'executive_member'])).toBeNull();
    expect(roleConflict(['system_admin', 'auditor'])).toBe('separation-of-duties');
    expect(roleConflict(['auditor', 'cadre'])).toBe('separation-of-duties');
  });
  it('gives the admin no personal data and the auditor nothing but the trail (and the org names it refers to)', () => {
    expect(permissionsOf(['system_admin']).filter((p) => p.startsWith('person.') || p.startsWith('audit.'))).toEqual(
      [],
    );
    expect(permissionsOf(['auditor'])).toEqual(['org.read', 'audit.read']);
    expect(permissionsOf(['security_officer'])).not.toContain('person.read');
  });
  it('needs the security officer for every role that reads personal data or cases: all but the three', () => {
    expect(ROLES.filter((r) => !readsPersonalData(r))).toEqual(['system_admin', 'security_officer', 'auditor']);
  });
});

describe('masking', () => {
  it('masks phones and ID numbers the way the spec shows', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('50010119900101123X')).toBe('5001**********123X');
    expect(maskPhone('023-6789')).toBe('***-6789');
  });
});

describe('second factor', () => {
  it('is needed by the roles that unmask personal data or read cases, not by the three nor a partner agency', () => {
    expect(needsSecondFactor(['case_worker'])).toBe(true);
    expect(needsSecondFactor(['cadre'])).toBe(true);
    expect(needsSecondFactor(['system_admin', 'security_officer', 'auditor'] as const)).toBe(false);
    expect(needsSecondFactor(['partner_agency'])).toBe(false);
  });
  it.each([
    ['123456', true],
    [' 123456 ', true],
    ['abcd-2345-wxyz', true],
    ['12345', false],
    ['1234567', false],
    ['abcd2345wxyz', false],
  ])('takes %j as a code: %s', (code, ok) => expect(SecondFactorInput.safeParse({ code }).success).toBe(ok));
});
