import { countersRebuild } from './care-programs.payments.repository.js';

/**
 * The live figures of care programs (platform/stats): applications submitted, beneficiaries paid, money disbursed (in
 * fen) and parcels delivered, bumped in the transaction of the change, rolled up the org tree.
 */
export const CARE_METRICS = ['care.applications', 'care.beneficiaries', 'care.disbursed_fen', 'care.parcels'] as const;
export const careStatSource = { name: 'care-programs', metrics: CARE_METRICS, rebuild: countersRebuild };
