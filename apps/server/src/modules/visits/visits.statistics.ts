import { countersRebuild } from './visits.repository.js';

/** The live figures of visits (platform/stats), bumped in the transaction that records the visit. */
export const VISIT_METRICS = ['visits.done', 'visits.needs'] as const;
export const visitStatSource = { name: 'visits', metrics: VISIT_METRICS, rebuild: countersRebuild };
