import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Cockpit, Trend } from '@jinguo/contracts';
import { REPO_ROOT } from '../../platform/config.js';
import type { Indicator } from '../../platform/stats/index.js';
import { formulaText } from '../../platform/stats/index.js';
import { change, shown, type Lang } from './dashboards.excel.js';

/*
 * The cockpit's view as a PDF, rendered on the server with an embedded font so the Chinese is right on any machine:
 * Noto Sans SC (SIL OFL 1.1, apps/server/data/fonts, from @fontsource/noto-sans-sc 5.3.0), its simplified-Chinese
 * and Latin parts. pdfkit embeds only the glyphs the document uses (a subset), so a page stays a few dozen KB.
 */
const FONT_DIR = resolve(REPO_ROOT, 'apps/server/data/fonts');
const FONTS = {
  zh: resolve(FONT_DIR, 'noto-sans-sc-chinese-simplified-400-normal.woff2'),
  latin: resolve(FONT_DIR, 'noto-sans-sc-latin-400-normal.woff2'),
};
type FontName = keyof typeof FONTS;
interface Glyphs {
  hasGlyphForCodePoint(cp: number): boolean;
}
// fontkit (pdfkit's own font engine) ships no types: only the one call we make is typed here.
const fontkit = createRequire(import.meta.url)('fontkit') as { create(data: Buffer): Glyphs };
let coverage: Record<FontName, Glyphs> | null = null;
function glyphs() {
  coverage ??= { zh: fontkit.create(readFileSync(FONTS.zh)), latin: fontkit.create(readFileSync(FONTS.latin)) };
  return coverage;
}
const FALLBACK: Record<string, string> = { Σ: 'sum ', '≤': '<=', '≥': '>=', '∪': 'U' };

/** Text cut into runs each font can draw; a character neither has is spelled out. */
export function fontRuns(text: string): { font: FontName; text: string }[] {
  const g = glyphs();
  const runs: { font: FontName; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const [font, out]: [FontName, string] = g.zh.hasGlyphForCodePoint(cp)
      ? ['zh', ch]
      : g.latin.hasGlyphForCodePoint(cp)
        ? ['latin', ch]
        : ['latin', FALLBACK[ch] ?? '?'];
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += out;
    else runs.push({ font, text: out });
  }
  return runs;
}

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);

export async function cockpitPdf(view: Cockpit, trend: Trend, inds: readonly Indicator[], lang: Lang): Promise<Buffer> {
  // loaded with the first PDF, not with the server
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: view.org.name } });
  doc.registerFont('zh', FONTS.zh);
  doc.registerFont('latin', FONTS.latin);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((ok) => doc.on('end', () => ok()));

  const write = (text: string, x: number, y: number, size: number, width?: number) => {
    doc.fontSize(size);
    let cx = x;
    for (const r of fontRuns(text)) {
      doc.font(r.font);
      const w = doc.widthOfString(r.text);
      if (width !== undefined && cx + w > x + width) {
        doc.text(r.text, cx, y, { lineBreak: false, width: Math.max(0, x + width - cx), ellipsis: true });
        return;
      }
      doc.text(r.text, cx, y, { lineBreak: false });
      cx += w;
    }
  };

  write(`${view.org.name} · ${L(lang, '数据驾驶舱', 'Statistics cockpit')}`, 36, 36, 16);
  write(
    `${view.from} ~ ${view.to}  ${L(lang, '同期', 'last year')} ${view.previousFrom} ~ ${view.previousTo}  ${L(lang, view.structure === 'today' ? '按当前组织结构' : '按期末组织结构', `structure: ${view.structure}`)}  ${L(lang, '生成于', 'generated')} ${view.at.slice(0, 16).replace('T', ' ')} UTC`,
    36,
    60,
    9,
  );
  const pageBottom = doc.page.height - 40;
  const perTable = 4;
  let y = 84;
  for (let k = 0; k < inds.length; k += perTable) {
    const cols = inds.slice(k, k + perTable);
    const colW = (doc.page.width - 72 - 150) / (cols.length * 3);
    const header = () => {
      write(L(lang, '组织', 'Organization'), 36, y, 8);
      cols.forEach((i, c) => {
        const x = 186 + c * 3 * colW;
        write(i.name[lang], x, y, 8, colW * 3 - 4);
        write(L(lang, '本期', 'Now'), x, y + 11, 7);
        write(L(lang, '同期', 'Last yr'), x + colW, y + 11, 7);
        write(L(lang, '同比', 'Change'), x + 2 * colW, y + 11, 7);
      });
      y += 24;
      doc
        .moveTo(36, y - 2)
        .lineTo(doc.page.width - 36, y - 2)
        .lineWidth(0.5)
        .stroke();
    };
    if (y + 60 > pageBottom) {
      doc.addPage();
      y = 36;
    }
    header();
    for (const r of [view.total, ...view.rows]) {
      if (y + 12 > pageBottom) {
        doc.addPage();
        y = 36;
        header();
      }
      write(r === view.total ? `${r.org.name}（${L(lang, '合计', 'total')}）` : r.org.name, 36, y, 8, 146);
      cols.forEach((i, c) => {
        const x = 186 + c * 3 * colW;
        write(shown(r.values[i.code], i.unit), x, y, 8, colW - 2);
        write(shown(r.previous[i.code], i.unit), x + colW, y, 8, colW - 2);
        write(change(r.values[i.code], r.previous[i.code], i.unit), x + 2 * colW, y, 8, colW - 2);
      });
      y += 12;
    }
    y += 12;
  }
  if (trend.months.length) {
    doc.addPage();
    y = 36;
    write(L(lang, '月度趋势', 'By month'), 36, y, 12);
    y += 20;
    for (const s of trend.series) {
      const i = inds.find((x) => x.code === s.indicator)!;
      if (y + 40 > pageBottom) {
        doc.addPage();
        y = 36;
      }
      write(i.name[lang], 36, y, 9);
      y += 12;
      write(
        trend.months.map((m, n) => `${m.slice(2)}: ${shown(s.values[n], i.unit)}`).join('  '),
        36,
        y,
        7,
        doc.page.width - 72,
      );
      y += 16;
    }
  }
  doc.addPage();
  y = 36;
  write(L(lang, '指标说明', 'Definitions'), 36, y, 12);
  y += 20;
  for (const i of inds) {
    if (y + 24 > pageBottom) {
      doc.addPage();
      y = 36;
    }
    write(`${i.name[lang]}（${i.code}）：${i.definition[lang]}`, 36, y, 8, doc.page.width - 72);
    write(formulaText(i.formula), 48, y + 10, 7, doc.page.width - 84);
    y += 24;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
