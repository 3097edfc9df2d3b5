import type { RiskIndicator } from '@jinguo/contracts';
import { chinaDate } from '../../platform/calendar/index.js';
import type { Scoped } from '../../platform/scope.js';
import type { CasesDeps } from './cases.access.service.js';
import { createAssignmentService } from './cases.assignment.service.js';
import { createDisclosureService } from './cases.disclosure.service.js';
import { createIntakeService } from './cases.intake.service.js';
import { createLifecycleService, scheduleFollowUpIn } from './cases.lifecycle.service.js';
import { createCaseReadService } from './cases.read.service.js';
import * as repo from './cases.repository.js';
import { assessIn, createRiskService } from './cases.risk.service.js';

/**
 * The case's use cases, one file per group, composed into the one service the routes call: reading
 * (cases.read.service.ts), intake (cases.intake.service.ts), risk and safety (cases.risk.service.ts), assignment and
 * supervision (cases.assignment.service.ts), the state machine and follow-ups (cases.lifecycle.service.ts), audited
 * disclosures (cases.disclosure.service.ts).
 */
export function createCasesService(deps: CasesDeps) {
  return {
    ...createCaseReadService(deps),
    assessIn: (s: Scoped, c: repo.CaseRow, indicators: RiskIndicator[], note: string | undefined) =>
      assessIn(deps, s, c, indicators, note),
    scheduleFollowUpIn,
    ...createIntakeService(deps),
    ...createLifecycleService(deps),
    ...createRiskService(deps),
    ...createAssignmentService(deps),
    ...createDisclosureService(deps),
  };
}
export type CasesService = ReturnType<typeof createCasesService>;

export const chinaDay = chinaDate;
