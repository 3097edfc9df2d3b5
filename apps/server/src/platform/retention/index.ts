// Retention of personal data (decision 0016): policies per record type, dry-run reports, confirmed runs.
export { createRetention, RETENTION_QUEUE, RETENTION_SECONDS, type Retention } from './retention.service.js';
export { registerRetentionRoutes } from './retention.routes.js';
/** When true, the daily job carries out its own dry-run report at once instead of waiting for an admin. */
export const RETENTION_AUTO_APPLY_SETTING = 'retention.auto_apply';
