// The visits module's public surface: 三访 campaigns with rolled-up progress, and visit records (campaign visits and
// the routine contact visits of 执委) whose needs become demands.
import { defineModule } from '../../platform/modules.js';
import { visitDutyCounter } from './visits.duties.repository.js';
import { visitIndicators, visitStatSource } from './visits.statistics.js';
import { visitTimelineSource } from './visits.timeline.js';
import { createCampaigns } from './visits.campaigns.service.js';
import { registerVisitRoutes } from './visits.routes.js';
import { createVisitsService } from './visits.service.js';
import * as tables from './visits.tables.js';

// Visits offer nothing to other modules yet; the key is here so a module may name it among its needs.
export type VisitsApi = Record<string, never>;
declare module '../../platform/modules.js' {
  interface ModuleApis {
    visits: VisitsApi;
  }
}

export function createVisitsServices(deps: Parameters<typeof createVisitsService>[0]) {
  const campaigns = createCampaigns(deps);
  return { campaigns, visits: createVisitsService(deps, campaigns) };
}
export type VisitsModule = ReturnType<typeof createVisitsServices>;

export const visitsModule = defineModule({
  name: 'visits',
  tables,
  needs: ['people', 'demands'],
  timeline: visitTimelineSource,
  // A merge of duplicate persons moves the visits to the record kept.
  personLinks: [{ table: 'visit_subjects', column: 'person_id' }],
  statistics: [visitStatSource],
  // The 执委 checklist counts the visits each made and the households she contacted.
  duties: visitDutyCounter,
  indicators: visitIndicators,
  create(platform, { demands, people }) {
    const services = createVisitsServices({ ...platform, demands: demands.intake, people });
    return { api: {}, routes: (api, http) => registerVisitRoutes(api, http.authenticate, services) };
  },
});
export { VISIT_METRICS } from './visits.statistics.js';
/** For the city-scale seed: the progress rows of a campaign launched at `rootPath` (in the caller's transaction). */
export { createProgressRows as campaignProgressRows } from './visits.directory.repository.js';
