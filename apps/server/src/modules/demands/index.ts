// The demands module's public surface: the demand queue and its routes (办理 / 协调转办 / 建议), deadlines and the
// escalation sweeper, indicators, the service catalogue 服务清单, and the intake other modules call.
import type { Jobs } from '../../platform/jobs/jobs.js';
import './demands.timeline.js';
import { createCatalogue } from './demands.catalogue.service.js';
import { createDemandIndicators } from './demands.statistics.js';
import { attachPersonToRequests, createPortal, isRequesterIn, type PortalResidents } from './demands.portal.js';
import { createDemandsService, type DemandsDeps } from './demands.service.js';
import { createDemandSweeper, registerDemandSweeper } from './demands.jobs.js';

export function createDemandsModule(deps: DemandsDeps & { jobs: Jobs; residents: PortalResidents }) {
  const demands = createDemandsService(deps);
  const sweeper = createDemandSweeper(deps);
  registerDemandSweeper(deps.jobs, sweeper);
  return {
    demands,
    catalogue: createCatalogue(deps),
    indicators: createDemandIndicators(deps),
    sweeper,
    portal: createPortal(deps),
    /**
     * For other modules: open a demand, link it to the rights case it became, read its summary — in the caller's
     * transaction.
     */
    intake: {
      createDemand: demands.intake.createDemand,
      linkDemandToCase: demands.intake.linkDemandToCase,
      demandSummary: demands.intake.demandSummary,
      demandForConversion: demands.intake.demandForConversion,
      demandContactPhone: demands.intake.demandContactPhone,
    },
  };
}
export type DemandsModule = ReturnType<typeof createDemandsModule>;
export type { DemandIntake, DemandSummary, NewDemand } from './demands.intake.service.js';
export { registerDemandRoutes } from './demands.routes.js';
export { registerPortalDemandRoutes } from './demands.portal.routes.js';
export { attachPersonToRequests, isRequesterIn, type PortalResidents };
export { DEMAND_METRICS } from './demands.statistics.js';
export { SWEEP_QUEUE } from './demands.jobs.js';
