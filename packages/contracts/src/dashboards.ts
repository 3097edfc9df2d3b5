import { z } from 'zod';
import { LocalizedText } from './errors.js';
import { OrgType } from './organizations.js';

/*
 * 数据驾驶舱 / 数她说 (PRODUCT §2.11): the indicator catalogue every module declares into, and the cockpit's figures
 * for any org and period, live from the counters, compared with the same period a year before.
 */

const IsoDate = z.iso.date();

export const INDICATOR_UNITS = ['count', 'people', 'households', 'percent', 'hours', 'yuan'] as const;
export const IndicatorUnit = z.enum(INDICATOR_UNITS);
export type IndicatorUnit = z.infer<typeof IndicatorUnit>;
export const INDICATOR_UNIT_LABELS: Record<IndicatorUnit, LocalizedText> = {
  count: { 'zh-CN': '个/件', 'en-US': 'count' },
  people: { 'zh-CN': '人', 'en-US': 'people' },
  households: { 'zh-CN': '户', 'en-US': 'households' },
  percent: { 'zh-CN': '%', 'en-US': '%' },
  hours: { 'zh-CN': '小时', 'en-US': 'hours' },
  yuan: { 'zh-CN': '元', 'en-US': 'yuan' },
};
export const IndicatorKind = z.enum(['sum', 'stock', 'ratio', 'stock_ratio', 'count']);

export const IndicatorView = z.object({
  code: z.string(),
  module: z.string(),
  topic: z.string(),
  name: LocalizedText,
  definition: LocalizedText,
  unit: IndicatorUnit,
  kind: IndicatorKind,
  /** The formula as text: Σ of counters, a ratio of counters, or what a count over the records counts. */
  formula: z.string(),
  metrics: z.array(z.string()),
  /** The permission a reader needs besides stats.read (null: none). */
  permission: z.string().nullable(),
});
export type IndicatorView = z.infer<typeof IndicatorView>;
export const IndicatorCatalogue = z.object({ items: z.array(IndicatorView) });

/** How the children are grouped: the tree as it stands today, or as it stood at the end of the period. */
export const CockpitStructure = z.enum(['today', 'period']);
export type CockpitStructure = z.infer<typeof CockpitStructure>;

export const CockpitQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: IsoDate,
  to: IsoDate,
  /** Indicator codes, comma-separated; all the caller may read when absent. */
  indicators: z.string().max(4000).optional(),
  structure: CockpitStructure.default('today'),
});
export type CockpitQuery = z.infer<typeof CockpitQuery>;
export const CockpitExportQuery = CockpitQuery.extend({ lang: z.enum(['zh-CN', 'en-US']).default('zh-CN') });

export const CockpitOrg = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  type: OrgType,
  divisionCode: z.string().nullable(),
  /** Active today (false: merged or dissolved since; shown when the structure is the period's). */
  active: z.boolean(),
  childCount: z.number().int(),
});
export type CockpitOrg = z.infer<typeof CockpitOrg>;
const Values = z.record(z.string(), z.number().nullable());
export const CockpitRow = z.object({ org: CockpitOrg, values: Values, previous: Values });
export type CockpitRow = z.infer<typeof CockpitRow>;
export const Cockpit = z.object({
  org: CockpitOrg,
  from: z.string(),
  to: z.string(),
  /** The same period a year before. */
  previousFrom: z.string(),
  previousTo: z.string(),
  structure: CockpitStructure,
  indicators: z.array(z.string()),
  total: CockpitRow,
  /** One row per child of the org (districts, towns, villages …), as the structure says. */
  rows: z.array(CockpitRow),
  /** When it was computed (the big display shows it). */
  at: z.string(),
});
export type Cockpit = z.infer<typeof Cockpit>;

export const TrendQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: IsoDate,
  to: IsoDate,
  indicators: z.string().max(4000).optional(),
});
export const Trend = z.object({
  months: z.array(z.string()),
  series: z.array(
    z.object({
      indicator: z.string(),
      values: z.array(z.number().nullable()),
      /** The same month a year before. */
      previous: z.array(z.number().nullable()),
    }),
  ),
});
export type Trend = z.infer<typeof Trend>;
