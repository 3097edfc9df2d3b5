import { z } from 'zod';
import { IsoDate, OrgRef, labels, type Labels } from './labels.js';

// Rights protection 维权: the five-mechanism figures 五项机制 and the reports that feed them.

/* The five-mechanism figures 五项机制 */
export const CASE_METRICS = [
  'cases.screening_visits',
  'cases.reports',
  'cases.nil_reports',
  'cases.high_risk',
  'cases.services',
  'cases.referrals',
  'cases.referrals_answered',
  'cases.supervised',
  'cases.closed',
] as const;
export type CaseMetric = (typeof CASE_METRICS)[number];
export const CASE_METRIC_LABELS: Labels = labels([
  ['cases.screening_visits', '排查走访', 'Screening visits'],
  ['cases.reports', '受理报告', 'Reports received'],
  ['cases.nil_reports', '零报告', 'Nil reports'],
  ['cases.high_risk', '高风险案件', 'High-risk cases'],
  ['cases.services', '服务次数', 'Services given'],
  ['cases.referrals', '联动转介', 'Referrals'],
  ['cases.referrals_answered', '转介反馈', 'Referrals answered'],
  ['cases.supervised', '督办案件', 'Supervised cases'],
  ['cases.closed', '结案', 'Closed'],
] as const);
export const FiguresQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: IsoDate,
  to: IsoDate,
  by: z.enum(['self', 'children']).default('self'),
});
/**
 * One row of the figures: an org's subtree, or (`own`, by children only) the org's own records — 本级, the cases it
 * registered itself, which no child's row holds.
 */
export const FiguresRow = z.object({ org: OrgRef, own: z.boolean(), values: z.record(z.string(), z.number()) });
export const Figures = z.object({
  from: z.string(),
  to: z.string(),
  metrics: z.array(z.string()),
  rows: z.array(FiguresRow),
});
export const ScreeningInput = z.strictObject({
  orgId: z.number().int().positive(),
  visitedOn: IsoDate,
  households: z.number().int().min(1).max(10_000),
  disputesFound: z.number().int().min(0).max(10_000),
  note: z.string().trim().max(500).optional(),
});
export const NilReportInput = z.strictObject({
  orgId: z.number().int().positive(),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period'),
});

/** 零报告 by village: each village-level org under an org, for one month — reported, had cases, or not reported. */
export const NilReportBoardQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period'),
});
export const NIL_REPORT_STATES = ['reported', 'has_cases', 'missing'] as const;
export const NilReportState = z.enum(NIL_REPORT_STATES);
export const NIL_REPORT_STATE_LABELS: Labels = labels([
  ['reported', '已报零报告', 'Nil report filed'],
  ['has_cases', '本期有案件', 'Cases this period'],
  ['missing', '未报告', 'Not reported'],
] as const);
export const NilReportBoard = z.object({
  org: OrgRef,
  period: z.string(),
  rows: z.array(
    z.object({
      org: OrgRef,
      state: NilReportState,
      cases: z.number().int(),
      reportedBy: z.string().nullable(),
      reportedAt: z.string().nullable(),
    }),
  ),
});
export type NilReportBoard = z.infer<typeof NilReportBoard>;
