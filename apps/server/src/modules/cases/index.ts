// The rights-protection module's public surface (维权): cases with need-to-know access, partner agencies and their
// referrals, mediation, services, follow-ups, the five-mechanism figures. docs/decisions/0005-case-access.md.
import { defineModule } from '../../platform/modules.js';
import type { CasesDeps } from './cases.access.service.js';
import { createAgencyService } from './cases.referrals.service.js';
import { createCaseExport } from './cases.export.service.js';
import { createFiguresService } from './cases.statistics.js';
import { createHandlingService } from './cases.handling.service.js';
import { registerCaseRoutes } from './cases.routes.js';
import { createCasesService } from './cases.service.js';
import { CASES_SWEEP_QUEUE, sweepCases } from './cases.jobs.js';
import * as tables from './cases.tables.js';
import { caseFiguresSource } from './cases.statistics.js';
import { caseIndicators, caseKindsSource } from './cases.kinds.statistics.js';
import { casesTimeline } from './cases.timeline.js';
import { openCaseHold } from './cases.retention.repository.js';

/** How often the sweeper looks for late contacts, overdue follow-ups and expiring orders (seconds). */
export const CASES_SWEEP_SECONDS = Number(process.env.JINGUO_CASES_SWEEP_S ?? 300);

export interface CasesApi {
  /** One pass of the sweeper now (its job runs it every five minutes); for the CLI and tests. */
  sweepNow: () => ReturnType<typeof sweepCases>;
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    cases: CasesApi;
  }
}

export function createCasesServices(deps: CasesDeps) {
  const cases = createCasesService(deps);
  return {
    cases,
    handling: createHandlingService(deps, cases),
    agency: createAgencyService(deps),
    figures: createFiguresService(deps),
    exports: createCaseExport(deps),
    sweep: () => sweepCases(deps),
  };
}
export type CasesModule = ReturnType<typeof createCasesServices>;

export const casesModule = defineModule({
  name: 'cases',
  tables,
  needs: ['organizations', 'people', 'demands'],
  timeline: casesTimeline,
  statistics: [caseFiguresSource, caseKindsSource],
  indicators: caseIndicators,
  retention: { holds: [openCaseHold] },
  create(platform, { demands, organizations, people }) {
    const deps: CasesDeps = { ...platform, demands: demands.intake, organizations, people };
    const services = createCasesServices(deps);
    return {
      api: { sweepNow: services.sweep },
      routes: (api, http) => registerCaseRoutes(api, http.authenticate, services),
      jobs: [{ name: CASES_SWEEP_QUEUE, seconds: CASES_SWEEP_SECONDS, run: async () => void (await services.sweep()) }],
    };
  },
});
export { CASES_SWEEP_QUEUE, sweepCases, type CasesDeps };
