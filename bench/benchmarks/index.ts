// Every benchmark, in run order. A module adds its own file here (bench/benchmarks/<module>.ts) exporting
// Benchmark objects; each returns Figures (see bench/lib/types.ts).
import type { Benchmark } from '../lib/types.js';
import { careCityMoney, careEligibility, careReviewQueue } from './care-programs.js';
import { caseWorkerList, cityFiveMechanisms } from './cases.js';
import { cockpitFreshness, cockpitIndicators } from './dashboards.js';
import { orgReadThroughput, subtreeQuery } from './organizations.js';
import { startToHealthy } from './platform.js';
import { crashScenarios, crashSweeper } from './crash.js';
import { demandFigures, demandQueue, demandSweeper } from './demands.js';
import { peopleExport, peopleImport, peopleSearch } from './people.js';
import { personReadThroughput } from './people-reads.js';
import { activityCheckIn, activityFigures, activityList } from './activities.js';
import { dutyTable, volunteerHoursFigures } from './volunteers.js';
import { taskDispatchAndBoard } from './tasks.js';
import { fuzzWrites } from './fuzz.js';
import { soak } from './soak.js';

export const BENCHMARKS: Benchmark[] = [
  startToHealthy,
  subtreeQuery,
  orgReadThroughput,
  caseWorkerList,
  cityFiveMechanisms,
  demandQueue,
  demandFigures,
  demandSweeper,
  cockpitIndicators,
  cockpitFreshness,
  peopleSearch,
  personReadThroughput,
  peopleExport,
  peopleImport,
  activityList,
  activityFigures,
  activityCheckIn,
  dutyTable,
  volunteerHoursFigures,
  taskDispatchAndBoard,
  careEligibility,
  careReviewQueue,
  careCityMoney,
  crashSweeper,
  crashScenarios,
  fuzzWrites,
  soak,
];
