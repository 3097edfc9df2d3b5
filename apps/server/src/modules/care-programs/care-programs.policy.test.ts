import { describe, expect, it } from 'vitest';
import { EligibilityRules, ReviewStep } from '@jinguo/contracts';
import {
  admittedRegion,
  ageOn,
  allowedActions,
  chainProblem,
  checkEligibility,
  claimDaysLeft,
  claimTerms,
  mayActAtStep,
  periodKey,
} from './care-programs.policy.js';

// The 两癌 rules as published, read through the same schema the server parses stored rules with.
const liangAi = EligibilityRules.parse({
  sex: 'female',
  civilCategories: ['dibao', 'tekun', 'fanpin_risk', 'expenditure_hardship'],
  diagnoses: [
    { disease: 'cervical_cancer', invasive: true, minStage: 'IIB' },
    { disease: 'breast_cancer', invasive: true },
  ],
});
const her = { gender: 'female', birthDate: '1975-04-02', tags: ['difficult_woman'], homePath: '1.2.3.4' };
const dx = (disease: string, invasive: boolean, stage: string | null) =>
  ({ disease, invasive, stage, hospital: '开州区人民医院', diagnosedOn: '2026-09-02', note: '' }) as never;

describe('eligibility', () => {
  const check = (declared: { civilCategory: string | null; diagnosis: never | null }, person = her) =>
    checkEligibility(liangAi, person, ['1.2'], '2026-11-26', declared).problems.map((p) => p.field);

  it.each([
    ['cervical IIB', 'dibao', dx('cervical_cancer', true, 'IIB'), []],
    ['cervical IVA', 'tekun', dx('cervical_cancer', true, 'IVA'), []],
    ['cervical IIA (below the threshold)', 'dibao', dx('cervical_cancer', true, 'IIA'), ['diagnosis']],
    ['cervical without a stage', 'dibao', dx('cervical_cancer', true, null), ['diagnosis']],
    ['breast, invasive, any stage', 'fanpin_risk', dx('breast_cancer', true, null), []],
    ['breast, in situ', 'expenditure_hardship', dx('breast_cancer', false, null), ['diagnosis']],
    ['another disease', 'dibao', dx('other', true, 'IVB'), ['diagnosis']],
    ['no civil-affairs category', null, dx('breast_cancer', true, null), ['civilCategory']],
  ])('%s', (_, civilCategory, diagnosis, fields) => {
    expect(check({ civilCategory, diagnosis })).toEqual(fields);
  });

  it('checks sex, region, tags and age from the registry', () => {
    expect(
      check({ civilCategory: 'dibao', diagnosis: dx('breast_cancer', true, null) }, { ...her, gender: 'male' }),
    ).toEqual(['personId']);
    expect(
      check({ civilCategory: 'dibao', diagnosis: dx('breast_cancer', true, null) }, { ...her, homePath: '1.9.3' }),
    ).toEqual(['personId']);
    const girls = EligibilityRules.parse({ sex: 'female', ageMin: 6, ageMax: 18, tagsAny: ['left_behind_child'] });
    const girl = { gender: 'female', birthDate: '2015-12-01', tags: ['left_behind_child'], homePath: '1.2' };
    expect(checkEligibility(girls, girl, ['1'], '2026-11-26').problems).toEqual([]);
    expect(checkEligibility(girls, { ...girl, tags: [] }, ['1'], '2026-11-26').problems).toHaveLength(1);
    expect(checkEligibility(girls, { ...girl, birthDate: '2007-11-25' }, ['1'], '2026-11-26').problems).toHaveLength(1);
  });

  it('admits the program subtree, or the regions the reader sees; regions all hidden from her admit nobody', () => {
    const paths = new Map([[4, '1.2.4']]);
    expect(admittedRegion({ regionOrgIds: [] }, '1', (id) => paths.get(id))).toEqual(['1']);
    expect(admittedRegion({ regionOrgIds: [4, 9] }, '1', (id) => paths.get(id))).toEqual(['1.2.4']);
    expect(admittedRegion({ regionOrgIds: [9] }, '1', (id) => paths.get(id))).toEqual([]);
    const girls = EligibilityRules.parse({ sex: 'female' });
    const girl = { gender: 'female', birthDate: '2015-12-01', tags: [], homePath: '1.2.4.7' };
    expect(checkEligibility(girls, girl, ['1.2.4'], '2026-11-26').problems).toEqual([]);
    expect(checkEligibility(girls, girl, [], '2026-11-26').problems.map((p) => p.field)).toEqual(['personId']);
  });

  it('reports what is still to declare before anything is declared', () => {
    expect(checkEligibility(liangAi, her, ['1'], '2026-11-26').toDeclare).toEqual(['civilCategory', 'diagnosis']);
  });

  it('counts age in completed years', () => {
    expect([ageOn('2008-11-27', '2026-11-26'), ageOn('2008-11-26', '2026-11-26')]).toEqual([17, 18]);
  });
});

describe('periods', () => {
  it.each([
    ['lifetime', '2026-03-01', 'lifetime'],
    ['year', '2026-03-01', '2026'],
    ['school_year', '2026-08-31', '2025-2026'],
    ['school_year', '2026-09-01', '2026-2027'],
  ] as const)('%s on %s is %s', (rule, day, key) => expect(periodKey(rule, day)).toBe(key));
});

describe('review levels', () => {
  const step = ReviewStep.parse({ code: 'initial', name: '初审', levels: ['village', 'town'], workdays: 10 });
  it('lets the village or town of the application act, nobody above or beside', () => {
    expect(mayActAtStep(step, 'town', '1.2.3', '1.2.3.4')).toBe(true);
    expect(mayActAtStep(step, 'village', '1.2.3.4', '1.2.3.4')).toBe(true);
    expect(mayActAtStep(step, 'district', '1.2', '1.2.3.4')).toBe(false);
    expect(mayActAtStep(step, 'village', '1.2.3.5', '1.2.3.4')).toBe(false);
  });
  it('refuses a chain that goes back down', () => {
    const chain = (levels: string[][]) =>
      levels.map((l, i) => ReviewStep.parse({ code: `s${i}x`, name: 'x', levels: l, workdays: 1 }));
    expect(chainProblem(chain([['village', 'town'], ['district'], ['city'], ['city']]))).toBeNull();
    expect(chainProblem(chain([['district'], ['town']]))?.field).toBe('reviewChain.1.levels');
  });
  it('offers reviewers one pass button, payers pay, applicants submit', () => {
    expect(allowedActions('in_review', { canApply: false, canReviewHere: true, canPayHere: false })).toEqual([
      'comment',
      'pass',
      'return',
      'refuse',
    ]);
    expect(allowedActions('approved', { canApply: true, canReviewHere: false, canPayHere: true })).toEqual(['pay']);
    expect(allowedActions('returned', { canApply: true, canReviewHere: false, canPayHere: false })).toEqual([
      'resubmit',
      'withdraw',
    ]);
  });
});

describe('the terms of a 微心愿 claim', () => {
  const today = '2026-03-10';
  it('runs the wish’s days unless the donor chooses an earlier last day; reminded three days before', () => {
    expect(claimTerms(today, 14, 3)).toEqual({ deadline: '2026-03-24', remindOn: '2026-03-21' });
    expect(claimTerms(today, 14, 3, '2026-03-15')).toEqual({ deadline: '2026-03-15', remindOn: '2026-03-12' });
  });
  it('never reminds on the day of the claim, nor for a claim ending today', () => {
    expect(claimTerms(today, 14, 3, '2026-03-12')).toEqual({ deadline: '2026-03-12', remindOn: '2026-03-11' });
    expect(claimTerms(today, 14, 3, '2026-03-11')).toEqual({ deadline: '2026-03-11', remindOn: '2026-03-11' });
    expect(claimTerms(today, 14, 3, today)).toEqual({ deadline: today, remindOn: null });
  });
  it('refuses a day before today or after the wish’s window, naming the latest day', () => {
    expect(claimTerms(today, 14, 3, '2026-03-09')).toEqual({ problem: 'past', latest: '2026-03-24' });
    expect(claimTerms(today, 14, 3, '2026-03-25')).toEqual({ problem: 'beyond', latest: '2026-03-24' });
    expect(claimTerms(today, 7, 3, '2026-03-24')).toEqual({ problem: 'beyond', latest: '2026-03-17' });
  });
  it('counts the days left by the federation’s today', () => {
    expect(claimDaysLeft('2026-03-24', today)).toBe(14);
    expect(claimDaysLeft(today, today)).toBe(0);
    expect(claimDaysLeft('2026-03-09', today)).toBe(-1);
    expect(claimDaysLeft(null, today)).toBeNull();
  });
});
