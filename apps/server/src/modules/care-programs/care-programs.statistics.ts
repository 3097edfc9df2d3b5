import type { Indicator } from '../../platform/stats/index.js';
import { kindnessCountersRebuild } from './care-programs.kindness.repository.js';
import { countersRebuild } from './care-programs.payments.repository.js';

/**
 * The live figures of care programs (platform/stats): applications submitted, beneficiaries paid, money disbursed (in
 * fen) and parcels delivered, bumped in the transaction of the change, rolled up the org tree.
 */
export const CARE_METRICS = ['care.applications', 'care.beneficiaries', 'care.disbursed_fen', 'care.parcels'] as const;
export const careStatSource = { name: 'care-programs', metrics: CARE_METRICS, rebuild: countersRebuild };

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/** Its indicators in the catalogue (数她说), over the counters above. */
export const careIndicators: Indicator[] = [
  {
    code: 'care.applications',
    topic: 'care-programs',
    unit: 'count',
    name: t('关爱项目申请', 'Care applications'),
    definition: t(
      '期间内提交的关爱项目申请（含居民在线申请和工作人员代录），按提交日期计',
      'Care-program applications submitted in the period (by residents online or entered by staff), by submission date',
    ),
    formula: { kind: 'sum', metrics: ['care.applications'] },
  },
  {
    code: 'care.beneficiaries',
    topic: 'care-programs',
    unit: 'people',
    name: t('受助人次', 'Beneficiaries paid'),
    definition: t(
      '期间内发放救助金的人次（每笔发放计一人次），按发放日期计',
      'Payments made to beneficiaries in the period (one per payment), by payment date',
    ),
    formula: { kind: 'sum', metrics: ['care.beneficiaries'] },
  },
  {
    code: 'care.disbursed',
    topic: 'care-programs',
    unit: 'yuan',
    name: t('发放金额', 'Money paid'),
    definition: t(
      '期间内关爱项目发放给受助人的金额合计（元），按发放日期计',
      'Money paid to beneficiaries of care programs in the period (yuan), by payment date',
    ),
    formula: { kind: 'sum', metrics: ['care.disbursed_fen'], divisor: 100 },
  },
  {
    code: 'care.parcels',
    topic: 'care-programs',
    unit: 'count',
    name: t('母亲邮包送达', 'Parcels delivered'),
    definition: t(
      '期间内送达受助人的母亲邮包件数，按送达日期计',
      'Mother parcels (母亲邮包) delivered to recipients in the period, by delivery date',
    ),
    formula: { kind: 'sum', metrics: ['care.parcels'] },
  },
  {
    code: 'care.pairings_active',
    topic: 'care-programs',
    unit: 'count',
    name: t('在册爱心妈妈结对', 'Active 爱心妈妈 pairings'),
    definition: t(
      '期末仍在进行中的爱心妈妈结对数（结对开始计入，结束减去）',
      '爱心妈妈 pairings still active at the end of the period (counted in at the start, out at the end)',
    ),
    formula: { kind: 'stock', metrics: ['care.pairings_active'] },
  },
  {
    code: 'care.wishes_fulfilled',
    topic: 'care-programs',
    unit: 'count',
    name: t('微心愿圆梦', 'Wishes fulfilled'),
    definition: t('期间内圆梦的微心愿个数，按圆梦日期计', '微心愿 wishes fulfilled in the period, by fulfilment date'),
    formula: { kind: 'sum', metrics: ['care.wishes_fulfilled'] },
  },
  {
    code: 'care.wish_claims_lapsed',
    topic: 'care-programs',
    unit: 'count',
    name: t('微心愿认领逾期', 'Wish claims lapsed'),
    definition: t(
      '期间内认领后逾期未圆梦、由系统重新发布的微心愿认领次数，按重新发布日期计',
      'Claims of 微心愿 wishes left unfulfilled past their deadline and published again, by the day of republication',
    ),
    formula: { kind: 'sum', metrics: ['care.wish_claims_lapsed'] },
  },
];
/** 爱心妈妈 pairings active (a stock: +1 on the start, -1 on the end), 微心愿 fulfilled and claims lapsed. */
export const KINDNESS_METRICS = ['care.pairings_active', 'care.wishes_fulfilled', 'care.wish_claims_lapsed'] as const;
export const kindnessStatSource = {
  name: 'care-programs.kindness',
  metrics: KINDNESS_METRICS,
  rebuild: kindnessCountersRebuild,
};
