// The rights-protection module's public surface (维权): cases with need-to-know access, partner agencies and their
// referrals, mediation, services, follow-ups, the five-mechanism figures. docs/decisions/0005-case-access.md.
import type { Jobs } from '../../platform/jobs/jobs.js';
import type { CasesDeps } from './cases.access.service.js';
import { createAgencyService } from './cases.referrals.service.js';
import { createCaseExport } from './cases.export.service.js';
import { createFiguresService } from './cases.statistics.js';
import { createHandlingService } from './cases.handling.service.js';
import { createCasesService } from './cases.service.js';
import { CASES_SWEEP_QUEUE, sweepCases } from './cases.jobs.js';
import './cases.timeline.js';

/** How often the sweeper looks for late contacts, overdue follow-ups and expiring orders (seconds). */
export const CASES_SWEEP_SECONDS = Number(process.env.JINGUO_CASES_SWEEP_S ?? 300);

export function createCasesModule(deps: CasesDeps & { jobs: Jobs }) {
  const cases = createCasesService(deps);
  deps.jobs.every(CASES_SWEEP_QUEUE, CASES_SWEEP_SECONDS, async () => {
    await sweepCases(deps);
  });
  return {
    cases,
    handling: createHandlingService(deps, cases),
    agency: createAgencyService(deps),
    figures: createFiguresService(deps),
    exports: createCaseExport(deps),
    sweep: () => sweepCases(deps),
  };
}
export type CasesModule = ReturnType<typeof createCasesModule>;
export { registerCaseRoutes } from './cases.routes.js';
export { CASES_SWEEP_QUEUE, sweepCases, type CasesDeps };
