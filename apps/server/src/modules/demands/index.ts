// The demands module's public surface: the demand queue and its routes (办理 / 协调转办 / 建议), deadlines and the
// escalation sweeper, indicators, the service catalogue 服务清单, the residents' side of demands (the portal module
// serves it) and the intake other modules call.
import { defineModule } from '../../platform/modules.js';
import { answeredOrdersOf, assignedOrder, demandDutyCounter } from './demands.duties.repository.js';
import { demandIndicators, demandStatSource } from './demands.statistics.js';
import { demandTimelineSource } from './demands.timeline.js';
import { createCatalogue } from './demands.catalogue.service.js';
import { createDemandIndicators } from './demands.statistics.js';
import type { DemandIntake } from './demands.intake.service.js';
import {
  attachPersonToRequests,
  createPortal,
  isRequesterIn,
  type Portal,
  type PortalResidents,
} from './demands.residents.service.js';
import { registerDemandRoutes } from './demands.routes.js';
import { createProposals } from './demands.proposals.service.js';
import { registerProposalRoutes } from './demands.proposals.routes.js';
import { createDemandsService, type DemandsDeps } from './demands.service.js';
import { createDemandSweeper, SWEEP_QUEUE } from './demands.jobs.js';
import * as tables from './demands.tables.js';
import { closedDemandRetention } from './demands.retention.repository.js';

/** How often the sweeper looks for demands past a deadline (seconds), read when the module is built. */
const sweepSeconds = () => Number(process.env.JINGUO_DEMANDS_SWEEP_SECONDS ?? 60);

/** What other modules may ask of demands: open one in their transaction, link it to a case, serve residents. */
export interface DemandsApi {
  intake: DemandIntake;
  /** The residents' side of demands, for the portal module, given how it knows a resident. */
  forResidents: (residents: PortalResidents) => Portal;
  attachPersonToRequests: typeof attachPersonToRequests;
  isRequesterIn: typeof isRequesterIn;
  /** One pass of the deadline sweeper now (its job runs it every minute); for the CLI and tests. */
  sweepNow: DemandsModule['sweeper']['pass'];
  /** Service orders dispatched to a person, read in the caller's transaction (volunteer hours are recorded on them). */
  orders: { assignedOrder: typeof assignedOrder; answeredOrdersOf: typeof answeredOrdersOf };
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    demands: DemandsApi;
  }
}

export function createDemandsServices(deps: DemandsDeps) {
  const demands = createDemandsService(deps);
  return {
    demands,
    catalogue: createCatalogue(deps),
    indicators: createDemandIndicators(deps),
    sweeper: createDemandSweeper(deps),
    proposals: createProposals(deps),
  };
}
export type DemandsModule = ReturnType<typeof createDemandsServices>;

export const demandsModule = defineModule({
  name: 'demands',
  tables,
  needs: ['organizations', 'people'],
  timeline: demandTimelineSource,
  // A merge of duplicate persons moves her demands to the record kept.
  personLinks: [{ table: 'demands', column: 'person_id' }],
  statistics: [demandStatSource],
  // The 执委 checklist counts the demands each answered as their assignee.
  duties: demandDutyCounter,
  indicators: demandIndicators,
  retention: { sources: [closedDemandRetention] },
  create(platform, { organizations, people }) {
    const services = createDemandsServices({ ...platform, people });
    const { intake } = services.demands;
    // a holiday schedule loaded (here, or by another process and picked up): provisional deadlines counted again
    platform.calendarStore.onChange(async () => void (await services.sweeper.recomputeProvisional()));
    return {
      api: {
        intake: {
          createDemand: intake.createDemand,
          linkDemandToCase: intake.linkDemandToCase,
          demandSummary: intake.demandSummary,
          demandStates: intake.demandStates,
          demandForConversion: intake.demandForConversion,
          demandContactPhone: intake.demandContactPhone,
        },
        forResidents: (residents) => createPortal({ ...platform, organizations, residents }),
        attachPersonToRequests,
        isRequesterIn,
        sweepNow: (now) => services.sweeper.pass(now),
        orders: { assignedOrder, answeredOrdersOf },
      },
      routes: (api, http) => {
        registerDemandRoutes(api, http.authenticate, services);
        registerProposalRoutes(api, http.authenticate, services);
      },
      jobs: [{ name: SWEEP_QUEUE, seconds: sweepSeconds(), run: async () => void (await services.sweeper.pass()) }],
    };
  },
});
export type { DemandIntake, DemandSummary, NewDemand } from './demands.intake.service.js';
export type { Portal, PortalResidents };
export { DEMAND_METRICS } from './demands.statistics.js';
export { SWEEP_QUEUE };
/** Service orders dispatched to a person (the demo books volunteer hours on them as the api does). */
export { answeredOrdersOf, assignedOrder } from './demands.duties.repository.js';
/** The deadline rules, for the city-scale seed (it writes demands with the deadlines the module would set). */
export {
  deadlinesFor,
  escalationTargetPath,
  isRoundTheClock,
  secondEscalationAt,
  type DeadlineRule,
} from './demands.deadlines.policy.js';
/** The sweeper on a database of its own (the benchmarks time one pass). */
export { createDemandSweeper } from './demands.jobs.js';
