import ExcelJS from 'exceljs';
import { INDICATOR_UNIT_LABELS, type Cockpit, type Trend } from '@jinguo/contracts';
import type { Indicator } from '../../platform/stats/index.js';
import { formulaText } from '../../platform/stats/index.js';

export type Lang = 'zh-CN' | 'en-US';
const L = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);

/** A value as a cadre reads it: shares as percentages with one decimal, counts as integers, none as —. */
export function shown(v: number | null | undefined, unit: Indicator['unit']): string {
  if (v === null || v === undefined) return '—';
  return unit === 'percent' ? `${(v * 100).toFixed(1)}%` : String(v);
}
/** Year-on-year change: a difference in points for shares, a percentage for counts. */
export function change(now: number | null | undefined, before: number | null | undefined, unit: Indicator['unit']) {
  if (now === null || now === undefined || before === null || before === undefined) return '—';
  if (unit === 'percent') return `${((now - before) * 100).toFixed(1)}pt`;
  if (before === 0) return now === 0 ? '0%' : '—';
  return `${(((now - before) / before) * 100).toFixed(1)}%`;
}

/** The cockpit's view as a workbook: figures by org (with last year's and the change), the trend, the definitions. */
export async function cockpitWorkbook(view: Cockpit, trend: Trend, inds: readonly Indicator[], lang: Lang) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jinguo';
  const figures = wb.addWorksheet(L(lang, '指标', 'Figures'));
  figures.addRow([`${view.org.name}  ${view.from} ~ ${view.to}`]);
  figures.addRow([
    L(lang, '同期', 'Same period last year') + `: ${view.previousFrom} ~ ${view.previousTo}`,
    L(lang, view.structure === 'today' ? '按当前组织结构' : '按期末组织结构', `structure: ${view.structure}`),
  ]);
  figures.addRow([
    L(lang, '组织', 'Organization'),
    ...inds.flatMap((i) => [i.name[lang], L(lang, '同期', 'Last year'), L(lang, '同比', 'Change')]),
  ]).font = { bold: true };
  for (const r of [view.total, ...view.rows])
    figures.addRow([
      r === view.total ? `${r.org.name}（${L(lang, '合计', 'total')}）` : r.org.name,
      ...inds.flatMap((i) => [
        excelValue(r.values[i.code], i.unit),
        excelValue(r.previous[i.code], i.unit),
        change(r.values[i.code], r.previous[i.code], i.unit),
      ]),
    ]);
  figures.getColumn(1).width = 28;
  const months = wb.addWorksheet(L(lang, '月度趋势', 'By month'));
  months.addRow([
    L(lang, '月份', 'Month'),
    ...trend.series.flatMap((s) => {
      const i = inds.find((x) => x.code === s.indicator)!;
      return [i.name[lang], `${i.name[lang]}（${L(lang, '上年同月', 'a year before')}）`];
    }),
  ]).font = { bold: true };
  trend.months.forEach((m, k) => {
    months.addRow([
      m,
      ...trend.series.flatMap((s) => {
        const unit = inds.find((x) => x.code === s.indicator)!.unit;
        return [excelValue(s.values[k], unit), excelValue(s.previous[k], unit)];
      }),
    ]);
  });
  const defs = wb.addWorksheet(L(lang, '指标说明', 'Definitions'));
  defs.addRow([
    L(lang, '代码', 'Code'),
    L(lang, '名称', 'Name'),
    L(lang, '单位', 'Unit'),
    L(lang, '定义', 'Definition'),
    L(lang, '公式', 'Formula'),
  ]).font = { bold: true };
  for (const i of inds)
    defs.addRow([
      i.code,
      i.name[lang],
      INDICATOR_UNIT_LABELS[i.unit][lang],
      i.definition[lang],
      formulaText(i.formula),
    ]);
  defs.getColumn(4).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Shares as Excel percentages (a number formatted %, so sums and charts still work), counts as numbers. */
function excelValue(v: number | null | undefined, unit: Indicator['unit']): number | string {
  if (v === null || v === undefined) return '—';
  return unit === 'percent' ? Math.round(v * 1000) / 10 : v;
}
