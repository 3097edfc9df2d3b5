import { kindnessCountersRebuild } from './care-programs.kindness.repository.js';
import { countersRebuild } from './care-programs.payments.repository.js';

/**
 * The live figures of care programs (platform/stats): applications submitted, beneficiaries paid, money disbursed (in
 * fen) and parcels delivered, bumped in the transaction of the change, rolled up the org tree.
 */
export const CARE_METRICS = ['care.applications', 'care.beneficiaries', 'care.disbursed_fen', 'care.parcels'] as const;
export const careStatSource = { name: 'care-programs', metrics: CARE_METRICS, rebuild: countersRebuild };

/** 爱心妈妈 pairings active (a stock: +1 on the start, -1 on the end) and 微心愿 fulfilled. */
export const KINDNESS_METRICS = ['care.pairings_active', 'care.wishes_fulfilled'] as const;
export const kindnessStatSource = {
  name: 'care-programs.kindness',
  metrics: KINDNESS_METRICS,
  rebuild: kindnessCountersRebuild,
};
