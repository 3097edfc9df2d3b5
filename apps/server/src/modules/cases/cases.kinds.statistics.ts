import {
  CASE_METRIC_LABELS,
  CASE_OUTCOME_LABELS,
  CASE_OUTCOMES,
  CASE_TYPE_LABELS,
  CASE_TYPES,
  RISK_LEVEL_LABELS,
  RISK_LEVELS,
} from '@jinguo/contracts';
import type { Indicator, StatSource } from '../../platform/stats/index.js';
import { caseKindsRebuild } from './cases.statistics.repository.js';

/**
 * Cases by type, risk level and outcome, and mediations started: live counters bumped where the case is opened,
 * first assessed, closed and a mediation starts. The header table shows a case's type to its subtree, but risk and
 * outcome live in the need-to-know content; the counters let a cadre see the figures without seeing the cases.
 */
export const CASE_KIND_METRICS = [
  ...CASE_TYPES.map((t) => `cases.type.${t}`),
  ...RISK_LEVELS.map((l) => `cases.risk.${l}`),
  ...CASE_OUTCOMES.map((o) => `cases.outcome.${o}`),
  'cases.mediations',
];
export const caseKindsSource: StatSource = {
  name: 'case_kinds',
  metrics: CASE_KIND_METRICS,
  rebuild: caseKindsRebuild,
};

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const figures = { topic: 'cases', permission: 'case.figures' } as const;
const label = (labels: Record<string, { 'zh-CN': string; 'en-US': string }>, key: string) => labels[key] ?? t(key, key);

/** The five mechanisms (五项机制) as the cases module counts them, and what each counter means. */
const MECHANISMS: [metric: string, unit: Indicator['unit'], zh: string, en: string][] = [
  ['cases.screening_visits', 'households', '排查走访的户数（矛盾纠纷排查机制）', 'Households visited in screening'],
  ['cases.reports', 'count', '受理的维权案件（信息报告机制）', 'Rights-protection cases opened (reporting)'],
  ['cases.nil_reports', 'count', '村社月度零报告份数', 'Monthly nil reports of villages'],
  ['cases.high_risk', 'count', '首次被评为高风险的案件（风险评估机制）', 'Cases first assessed as high risk'],
  ['cases.services', 'count', '为当事人提供的服务次数（关爱帮扶机制）', 'Services given to the parties'],
  ['cases.referrals', 'count', '转介至合作机构的次数（联动处置机制）', 'Referrals sent to partner agencies'],
  ['cases.referrals_answered', 'count', '合作机构反馈的转介', 'Referrals answered by the agency'],
  ['cases.supervised', 'count', '列为督办的案件（督查督办机制）', 'Cases put under supervision'],
  ['cases.closed', 'count', '结案的案件', 'Cases closed'],
];

export const caseIndicators: Indicator[] = [
  ...MECHANISMS.map(([metric, unit, zh, en]) => ({
    ...figures,
    code: metric,
    unit,
    name: label(CASE_METRIC_LABELS, metric),
    definition: t(`期间内${zh}`, `${en} in the period`),
    formula: { kind: 'sum' as const, metrics: [metric] },
  })),
  {
    ...figures,
    code: 'cases.mediations',
    unit: 'count',
    name: t('调解纠纷', 'Disputes mediated'),
    definition: t('期间内开始人民调解的案件', 'Cases whose mediation started in the period'),
    formula: { kind: 'sum', metrics: ['cases.mediations'] },
  },
  {
    ...figures,
    code: 'cases.referral_answer_rate',
    unit: 'percent',
    name: t('转介反馈率', 'Referrals answered'),
    definition: t('期间内转介反馈数与转介数之比', 'Referrals answered over referrals sent in the period'),
    formula: { kind: 'ratio', numerator: ['cases.referrals_answered'], denominator: ['cases.referrals'] },
  },
  ...CASE_TYPES.map((type) => ({
    ...figures,
    code: `cases.type.${type}`,
    unit: 'count' as const,
    name: t(`案件：${label(CASE_TYPE_LABELS, type)['zh-CN']}`, `Cases: ${label(CASE_TYPE_LABELS, type)['en-US']}`),
    definition: t('期间内受理的此类维权案件，按受理日期计', 'Cases of this type opened in the period'),
    formula: { kind: 'sum' as const, metrics: [`cases.type.${type}`] },
  })),
  ...RISK_LEVELS.map((level) => ({
    ...figures,
    code: `cases.risk.${level}`,
    unit: 'count' as const,
    name: t(
      `案件：${label(RISK_LEVEL_LABELS, level)['zh-CN']}`,
      `Cases: ${label(RISK_LEVEL_LABELS, level)['en-US']} risk`,
    ),
    definition: t(
      '期间内首次评估为此风险等级的案件（每案只计首次评估）',
      'Cases first assessed at this risk level in the period (each case once, at its first assessment)',
    ),
    formula: { kind: 'sum' as const, metrics: [`cases.risk.${level}`] },
  })),
  ...CASE_OUTCOMES.map((outcome) => ({
    ...figures,
    code: `cases.outcome.${outcome}`,
    unit: 'count' as const,
    name: t(
      `结案：${label(CASE_OUTCOME_LABELS, outcome)['zh-CN']}`,
      `Closed: ${label(CASE_OUTCOME_LABELS, outcome)['en-US']}`,
    ),
    definition: t('期间内以此结果结案的案件', 'Cases closed in the period with this outcome'),
    formula: { kind: 'sum' as const, metrics: [`cases.outcome.${outcome}`] },
  })),
];
