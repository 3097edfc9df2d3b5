import type { Indicator } from '../../platform/stats/index.js';
import { countersRebuild } from './visits.repository.js';

/** The live figures of visits (platform/stats), bumped in the transaction that records the visit. */
export const VISIT_METRICS = ['visits.done', 'visits.needs'] as const;
export const visitStatSource = { name: 'visits', metrics: VISIT_METRICS, rebuild: countersRebuild };

/** Its indicators in the catalogue (数她说). */
export const visitIndicators: Indicator[] = [
  {
    code: 'visits.done',
    topic: 'visits',
    unit: 'households',
    name: { 'zh-CN': '走访户数', 'en-US': 'Visits made' },
    definition: {
      'zh-CN': '期间内记录的走访（含"三访"活动走访和执委日常联系走访），按走访日期计',
      'en-US':
        'Visit records in the period (三访 campaign visits and executive members’ routine visits), by visit date',
    },
    formula: { kind: 'sum', metrics: ['visits.done'] },
  },
  {
    code: 'visits.needs',
    topic: 'visits',
    unit: 'count',
    name: { 'zh-CN': '走访发现需求', 'en-US': 'Needs found on visits' },
    definition: {
      'zh-CN': '期间内走访记录中登记的需求条数（每条需求转为一件诉求）',
      'en-US': 'Needs written down on the visits of the period (each becomes a demand)',
    },
    formula: { kind: 'sum', metrics: ['visits.needs'] },
  },
];
