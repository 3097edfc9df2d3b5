import { z } from 'zod';
import { labels } from './labels.js';
import { defineStateMachine } from './state-machine.js';
import { Gender } from './people.js';

// Rights protection 维权 (PRODUCT §2.5). Need-to-know: see docs/decisions/0005-case-access.md.
// This file: the dictionaries, the state machine, risk and the parties; cases-intake, cases-handling, cases-views
// and cases-figures build on it.

/** Case type dictionary. */
const CASE_TYPE_ROWS = [
  ['domestic_violence', '家庭暴力', 'Domestic violence'],
  ['marriage_family_dispute', '婚姻家庭纠纷', 'Marriage and family dispute'],
  ['sexual_assault', '性侵害/猥亵', 'Sexual assault / indecency'],
  ['trafficking', '拐卖', 'Trafficking'],
  ['employment_discrimination', '就业性别歧视', 'Gender discrimination in employment'],
  ['land_property_rights', '土地及财产权益', 'Land and property rights'],
  ['personality_rights', '人格权', 'Personality rights'],
  ['child_rights', '未成年人权益', "Children's rights"],
  ['other', '其他', 'Other'],
] as const;
export const CASE_TYPES = CASE_TYPE_ROWS.map((r) => r[0]);
export const CaseType = z.enum(
  CASE_TYPES as unknown as [(typeof CASE_TYPE_ROWS)[number][0], ...(typeof CASE_TYPE_ROWS)[number][0][]],
);
export type CaseType = z.infer<typeof CaseType>;
export const CASE_TYPE_LABELS = labels(CASE_TYPE_ROWS);

const CHANNEL_ROWS = [
  ['hotline', '12338 热线', '12338 hotline'],
  ['walk_in', '来访', 'Walk-in'],
  ['online', '网上求助', 'Online help request'],
  ['demand', '诉求转入', 'From a demand'],
  ['visit', '走访发现', 'From a visit'],
  ['grid_report', '网格员报告', "Grid worker's report"],
  ['mandatory_report', '强制报告', 'Mandatory report'],
  ['public_opinion', '舆情', 'Public-opinion incident'],
] as const;
export const CASE_CHANNELS = CHANNEL_ROWS.map((r) => r[0]);
export const CaseChannel = z.enum(
  CASE_CHANNELS as unknown as [(typeof CHANNEL_ROWS)[number][0], ...(typeof CHANNEL_ROWS)[number][0][]],
);
export type CaseChannel = z.infer<typeof CaseChannel>;
export const CASE_CHANNEL_LABELS = labels(CHANNEL_ROWS);

/* Lifecycle 受理 → 评估 → 处置 → 回访 → 结案; reopen. */
export const CASE_STATES = ['intake', 'assessment', 'handling', 'follow_up', 'closed'] as const;
export const CaseState = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseState>;
export const CASE_STATE_LABELS = labels([
  ['intake', '受理', 'Intake'],
  ['assessment', '评估', 'Assessment'],
  ['handling', '处置', 'Handling'],
  ['follow_up', '回访', 'Follow-up'],
  ['closed', '结案', 'Closed'],
] as const);

export const CASE_TRANSITIONS = ['begin_assessment', 'begin_handling', 'begin_follow_up', 'close', 'reopen'] as const;
export const CaseTransition = z.enum(CASE_TRANSITIONS);
export type CaseTransition = z.infer<typeof CaseTransition>;

const OUTCOME_ROWS = [
  ['resolved', '问题已解决', 'Resolved'],
  ['mediated', '调解达成协议', 'Mediation agreement'],
  ['judicial', '进入司法程序', 'Taken to court'],
  ['protected', '已获安全保护', 'Protection in place'],
  ['referred_done', '转介办结', 'Completed by the partner agency'],
  ['withdrawn', '当事人撤回', 'Withdrawn by the party'],
  ['not_accepted', '不属于受理范围', 'Not within scope'],
  ['unreachable', '无法联系', 'Unreachable'],
] as const;
export const CASE_OUTCOMES = OUTCOME_ROWS.map((r) => r[0]);
export const CaseOutcome = z.enum(
  CASE_OUTCOMES as unknown as [(typeof OUTCOME_ROWS)[number][0], ...(typeof OUTCOME_ROWS)[number][0][]],
);
export type CaseOutcome = z.infer<typeof CaseOutcome>;
export const CASE_OUTCOME_LABELS = labels(OUTCOME_ROWS);
/** Outcomes that may end a case before it was handled (不予受理, 撤回). */
export const EARLY_OUTCOMES: readonly CaseOutcome[] = ['withdrawn', 'not_accepted', 'unreachable'];

/** The state machine: each transition, the states it leaves from and its target. */
export const CASE_MACHINE = defineStateMachine<CaseState, CaseTransition>({
  states: CASE_STATES,
  transitions: {
    begin_assessment: { from: ['intake'], to: 'assessment' },
    begin_handling: { from: ['assessment', 'follow_up'], to: 'handling' },
    begin_follow_up: { from: ['handling'], to: 'follow_up' },
    close: { from: ['intake', 'assessment', 'follow_up'], to: 'closed' },
    reopen: { from: ['closed'], to: 'assessment' },
  },
});

/** The target of a transition, or a reason it is refused. Pure: used by the server and the UI. */
export function caseTransitionTarget(
  from: CaseState,
  t: CaseTransition,
  outcome?: CaseOutcome | null,
): { ok: true; to: CaseState } | { ok: false; reason: 'illegal' | 'outcome_required' | 'early_outcome_only' } {
  const to = CASE_MACHINE.next(t, from);
  if (!to) return { ok: false, reason: 'illegal' };
  if (t === 'close') {
    if (!outcome) return { ok: false, reason: 'outcome_required' };
    if (from !== 'follow_up' && !EARLY_OUTCOMES.includes(outcome)) return { ok: false, reason: 'early_outcome_only' };
  }
  return { ok: true, to };
}

/* Structured risk assessment: a checklist of danger indicators scored into high / medium / low. */
const INDICATOR_ROWS = [
  // code, weight, critical (alone makes the case high risk), zh, en
  ['threat_to_kill', 4, true, '扬言杀害受害人或其家人', 'Threatened to kill her or her family'],
  ['strangulation', 4, true, '曾掐脖子或使其窒息', 'Choking or strangulation'],
  ['weapon', 4, true, '使用或威胁使用刀具、枪支等凶器', 'Used or threatened with a weapon'],
  ['escalating', 3, false, '暴力频率或严重程度在增加', 'Violence is escalating in frequency or severity'],
  ['injury_requiring_care', 3, false, '造成需要就医的伤害', 'Injuries needing medical care'],
  ['pregnant', 2, false, '怀孕期间遭受暴力', 'Violence during pregnancy'],
  ['recent_separation', 2, false, '近期分居或提出离婚', 'Recent separation or divorce request'],
  ['child_harmed', 3, false, '同时伤害或威胁子女', 'Children harmed or threatened'],
  ['stalking', 2, false, '跟踪、骚扰、监视', 'Stalking, harassment, surveillance'],
  ['substance_abuse', 1, false, '施暴人酗酒或吸毒', 'Perpetrator abuses alcohol or drugs'],
  ['controlling', 1, false, '极端控制（经济、行动、通讯）', 'Coercive control (money, movement, phone)'],
  ['suicide_threat', 2, false, '施暴人以自杀相威胁', 'Perpetrator threatens suicide'],
  ['order_violated', 3, false, '违反告诫书或人身安全保护令', 'Violated a warning letter or protection order'],
  ['sexual_violence', 3, false, '性暴力', 'Sexual violence'],
  ['victim_fears_for_life', 3, false, '受害人担心自己有生命危险', 'She fears for her life'],
] as const;
export type RiskIndicator = (typeof INDICATOR_ROWS)[number][0];
export const RISK_INDICATORS = INDICATOR_ROWS.map(([code, weight, critical, zh, en]) => ({
  code,
  weight,
  critical,
  label: { 'zh-CN': zh, 'en-US': en },
}));
export const RiskIndicatorCode = z.enum(
  INDICATOR_ROWS.map((r) => r[0]) as unknown as [RiskIndicator, ...RiskIndicator[]],
);
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;
export const RISK_LEVEL_LABELS = labels([
  ['low', '低风险', 'Low'],
  ['medium', '中风险', 'Medium'],
  ['high', '高风险', 'High'],
] as const);
export const RISK_THRESHOLDS = { high: 8, medium: 3 } as const;

/** Score = sum of weights; any critical indicator or a score ≥ 8 is high, ≥ 3 medium, else low. */
export function scoreRisk(indicators: readonly RiskIndicator[]): { score: number; level: RiskLevel } {
  const set = new Set(indicators);
  let score = 0;
  let critical = false;
  for (const i of RISK_INDICATORS) {
    if (!set.has(i.code)) continue;
    score += i.weight;
    if (i.critical) critical = true;
  }
  const level: RiskLevel =
    critical || score >= RISK_THRESHOLDS.high ? 'high' : score >= RISK_THRESHOLDS.medium ? 'medium' : 'low';
  return { score, level };
}
/** High-risk cases must be contacted within this many clock hours of the assessment. */
export const HIGH_RISK_CONTACT_HOURS = 24;

/* Parties */
export const PARTY_ROLES = ['victim', 'respondent', 'child', 'reporter'] as const;
export const PartyRole = z.enum(PARTY_ROLES);
export type PartyRole = z.infer<typeof PartyRole>;
export const PARTY_ROLE_LABELS = labels([
  ['victim', '受害人', 'Victim'],
  ['respondent', '被投诉人', 'Respondent'],
  ['child', '未成年子女', 'Child'],
  ['reporter', '报告人', 'Reporter'],
] as const);

export const CaseParty = z.object({
  id: z.number().int(),
  role: PartyRole,
  personId: z.number().int().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  gender: Gender.nullable(),
  minor: z.boolean(),
  relationship: z.string().nullable(),
  registered: z.boolean(),
});
