import {
  APPLICATION_MACHINE,
  campaignLevelOf,
  stageRank,
  type ApplicationState,
  type CampaignLevel,
  type Diagnosis,
  type EligibilityRules,
  type LocalizedText,
  type PeriodRule,
  type ReviewStep,
} from '@jinguo/contracts';
import { pathWithin } from '../../platform/scope.js';
import { addDays, daysBetween } from '../../platform/time.js';

/* Pure rules of care programs: eligibility, the period a benefit counts for, who may act at a review step. */

export interface PersonFacts {
  gender: string | null;
  birthDate: string | null;
  tags: readonly string[];
  /** Her home org's path in the registry: where her household is registered. */
  homePath: string;
}
export interface DeclaredFacts {
  civilCategory: string | null;
  diagnosis: Diagnosis | null;
}
export interface EligibilityProblem {
  field: string;
  message: LocalizedText;
}

/** Completed years of age on `day` (YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

const msg = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, 'en-US': en });

/** Whether a diagnosis meets one of the rules (disease, invasive when required, at or above the stage). */
export function diagnosisMeets(d: Diagnosis, rules: EligibilityRules['diagnoses']): boolean {
  return rules.some(
    (r) =>
      r.disease === d.disease &&
      (!r.invasive || d.invasive) &&
      (r.minStage === null || (d.stage !== null && stageRank(d.stage) >= stageRank(r.minStage))),
  );
}

/**
 * The paths a program's region rule admits: the program's own subtree when the rule names no region, else those of
 * its region orgs the reader can see (`visiblePath`). A region she cannot see is neither in her subtree nor above it,
 * so no person she may see lives there: a rule whose regions are all hidden from her admits nobody (empty).
 */
export function admittedRegion(
  rules: Pick<EligibilityRules, 'regionOrgIds'>,
  programPath: string,
  visiblePath: (orgId: number) => string | undefined,
): string[] {
  if (!rules.regionOrgIds.length) return [programPath];
  return rules.regionOrgIds.flatMap((id) => visiblePath(id) ?? []);
}

/**
 * Checks a person against a program's rules. Registry facts (sex, age, tags, home org) are checked always; the
 * declared facts (civil-affairs category, diagnosis) only when `declared` is given — otherwise they are reported as
 * still to declare. `regionPaths` are the paths the region rule admits (`admittedRegion`): empty admits nobody.
 */
export function checkEligibility(
  rules: EligibilityRules,
  person: PersonFacts,
  regionPaths: readonly string[],
  today: string,
  declared?: DeclaredFacts,
): { problems: EligibilityProblem[]; toDeclare: string[] } {
  const problems: EligibilityProblem[] = [];
  const toDeclare: string[] = [];
  if (rules.sex && person.gender !== rules.sex)
    problems.push({
      field: 'personId',
      message: rules.sex === 'female' ? msg('仅限女性申请', 'women only') : msg('仅限男性申请', 'men only'),
    });
  if (rules.ageMin !== null || rules.ageMax !== null) {
    const age = person.birthDate ? ageOn(person.birthDate, today) : null;
    if (age === null)
      problems.push({ field: 'personId', message: msg('人员缺少出生日期，无法核对年龄', 'her birth date is unknown') });
    else if ((rules.ageMin !== null && age < rules.ageMin) || (rules.ageMax !== null && age > rules.ageMax))
      problems.push({
        field: 'personId',
        message: msg(
          `年龄须在 ${rules.ageMin ?? 0}–${rules.ageMax ?? '∞'} 岁之间（现 ${age} 岁）`,
          `age must be ${rules.ageMin ?? 0}–${rules.ageMax ?? '∞'} (is ${age})`,
        ),
      });
  }
  if (rules.tagsAny.length && !rules.tagsAny.some((t) => person.tags.includes(t)))
    problems.push({
      field: 'personId',
      message: msg(
        `须具有标签之一：${rules.tagsAny.join('、')}`,
        `must carry one of the tags ${rules.tagsAny.join(', ')}`,
      ),
    });
  if (!regionPaths.some((p) => pathWithin(person.homePath, p)))
    problems.push({
      field: 'personId',
      message: msg('户籍所在地不在项目实施范围内', 'her household is not registered in the program’s region'),
    });
  if (rules.civilCategories.length) {
    if (!declared) toDeclare.push('civilCategory');
    else if (!declared.civilCategory || !rules.civilCategories.includes(declared.civilCategory as never))
      problems.push({
        field: 'civilCategory',
        message: msg('须为民政认定的困难类别之一', 'must be one of the civil-affairs categories of the program'),
      });
  }
  if (rules.diagnoses.length) {
    if (!declared) toDeclare.push('diagnosis');
    else if (!declared.diagnosis)
      problems.push({ field: 'diagnosis', message: msg('须填写诊断信息', 'a diagnosis is required') });
    else if (!diagnosisMeets(declared.diagnosis, rules.diagnoses))
      problems.push({
        field: 'diagnosis',
        message: msg('诊断不符合项目救助的病种或分期', 'the diagnosis is not one the program covers (disease, stage)'),
      });
  }
  return { problems, toDeclare };
}

/** The period a benefit counts for: a lifetime, a calendar year, a school year (from 1 September), or each one. */
export function periodKey(rule: PeriodRule, day: string, applicationId?: number): string {
  switch (rule) {
    case 'lifetime':
      return 'lifetime';
    case 'year':
      return day.slice(0, 4);
    case 'school_year': {
      const y = Number(day.slice(0, 4));
      const start = day.slice(5) >= '09-01' ? y : y - 1;
      return `${start}-${start + 1}`;
    }
    case 'none':
      return `each:${applicationId ?? day}`;
    default:
      return assertNever(rule);
  }
}
function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}

/** The level of an acting org (city, district, town, village), or null for orgs outside the four levels. */
export const levelOf = (orgType: string): CampaignLevel | null => campaignLevelOf(orgType);

/** Whether an org at `level` on `actorPath` may act at the step on an application bound to `appPath`. */
export function mayActAtStep(step: ReviewStep, actorLevel: CampaignLevel | null, actorPath: string, appPath: string) {
  return actorLevel !== null && step.levels.includes(actorLevel) && pathWithin(appPath, actorPath);
}

/** A chain climbs: each step's levels lie at or above the previous step's (city 1 … village 4). */
const RANK: Record<CampaignLevel, number> = { city: 1, district: 2, town: 3, village: 4 };
export function chainProblem(chain: readonly ReviewStep[]): { field: string; zh: string; en: string } | null {
  const codes = new Set<string>();
  let previous = 5;
  for (const [i, step] of chain.entries()) {
    if (codes.has(step.code))
      return { field: `reviewChain.${i}.code`, zh: '审核环节代码重复', en: 'a step code appears twice' };
    codes.add(step.code);
    const lowest = Math.max(...step.levels.map((l) => RANK[l]));
    if (lowest > previous)
      return {
        field: `reviewChain.${i}.levels`,
        zh: '审核环节须逐级向上，不能跳回下级',
        en: 'the review chain must climb the levels, never go back down',
      };
    previous = Math.min(...step.levels.map((l) => RANK[l]));
  }
  return null;
}

/** The actions a reader may take on an application (the UI hides the rest). */
export function allowedActions(
  state: ApplicationState,
  opts: { canApply: boolean; canReviewHere: boolean; canPayHere: boolean },
): string[] {
  const out: string[] = [];
  if (opts.canApply) out.push(...APPLICATION_MACHINE.actionsFrom(state, 'applicant'));
  if (opts.canReviewHere)
    // `pass` at the last level is the approval (the machine's `approve`): one button, named by the step
    out.push(...APPLICATION_MACHINE.actionsFrom(state, 'reviewer').filter((a) => a !== 'approve'));
  if (opts.canPayHere) out.push(...APPLICATION_MACHINE.actionsFrom(state, 'payer'));
  return out;
}

export const toFen = (yuan: number) => Math.round(yuan * 100);
export const toYuan = (fen: number) => Number(fen) / 100;

/* 微心愿 claims */

export interface ClaimTerms {
  /** The claim's last day: fulfilled by then, or it lapses the day after. */
  deadline: string;
  /** The day its donor is reminded (once), or null when the claim is too short for a reminder. */
  remindOn: string | null;
}
export type ClaimTermsProblem = { problem: 'past' | 'beyond'; latest: string };

/**
 * The terms of a claim made `today` on a wish giving its donors `claimDays`: the donor's chosen last day, from today to
 * today + `claimDays`, or that latest day when she chose none. The reminder falls `remindDays` before the deadline,
 * never on the day of the claim itself.
 */
export function claimTerms(
  today: string,
  claimDays: number,
  remindDays: number,
  chosen?: string,
): ClaimTerms | ClaimTermsProblem {
  const latest = addDays(today, claimDays);
  const deadline = chosen ?? latest;
  if (deadline < today) return { problem: 'past', latest };
  if (deadline > latest) return { problem: 'beyond', latest };
  const remindOn = [addDays(deadline, -remindDays), addDays(today, 1)].sort()[1]!;
  return { deadline, remindOn: remindOn <= deadline ? remindOn : null };
}

/** Whole days left of a claim by the federation's today: 0 on its last day, negative once it has lapsed. */
export const claimDaysLeft = (deadline: string | null, today: string): number | null =>
  deadline === null ? null : daysBetween(today, deadline);
