import type { Indicator } from '../../platform/stats/index.js';
import { familiesHonoured } from './people.statistics.repository.js';

/** The people module's indicators (数她说): model families, honoured by year (an honour records its year only). */
export const peopleIndicators: Indicator[] = [
  {
    code: 'people.model_families',
    topic: 'families',
    unit: 'households',
    name: { 'zh-CN': '表彰家庭', 'en-US': 'Model families' },
    definition: {
      'zh-CN': '期间所跨年度内获评最美家庭、五好家庭、绿色家庭等荣誉的家庭数（每户计一次）',
      'en-US': 'Families honoured (most beautiful, five-good, green …) in the years of the period, each family once',
    },
    formula: {
      kind: 'count',
      text: 'count distinct(family_honours.family_id: year(start) ≤ year ≤ year(end))',
      count: async (s, targets, { from, to }) => {
        const rows = await familiesHonoured(s, targets, Number(from.slice(0, 4)), Number(to.slice(0, 4)));
        return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
      },
    },
  },
];
