// The visits module's public surface: 三访 campaigns with rolled-up progress, and visit records (campaign visits and
// the routine contact visits of 执委) whose needs become demands.
import './visits.timeline.js';
import { createCampaigns } from './visits.campaigns.service.js';
import { createVisitsService, type VisitsDeps } from './visits.service.js';

export function createVisitsModule(deps: VisitsDeps) {
  const campaigns = createCampaigns(deps);
  return { campaigns, visits: createVisitsService(deps, campaigns) };
}
export type VisitsModule = ReturnType<typeof createVisitsModule>;
export { registerVisitRoutes } from './visits.routes.js';
export { VISIT_METRICS } from './visits.statistics.js';
/** For the city-scale seed: the progress rows of a campaign launched at `rootPath` (in the caller's transaction). */
export { createProgressRows as campaignProgressRows } from './visits.foreign-reads.repository.js';
