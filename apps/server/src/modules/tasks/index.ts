// The tasks module's public surface (一网协同): report forms as validated data, notices and tasks dispatched down the
// subtree and forwarded further, each receiver's copy signed, filled (prefilled from the platform's counters) and
// submitted, the dispatcher's progress board, reminders, return, approval (locks), aggregates and Excel exports.
import type { UserActor, Scoped } from '../../platform/scope.js';
import { defineModule } from '../../platform/modules.js';
import type { ReportFormInput, TaskInput } from '@jinguo/contracts';
import { createBoard } from './tasks.board.service.js';
import { createDispatch, dispatchIn, rebuildTaskTotals } from './tasks.dispatch.service.js';
import { createExports } from './tasks.exports.service.js';
import { createForms, createFormIn } from './tasks.forms.service.js';
import { tasksJobs } from './tasks.jobs.js';
import { createWorkList } from './tasks.worklist.service.js';
import { registerTaskRoutes } from './tasks.routes.js';
import { createSubmissions } from './tasks.submissions.service.js';
import * as tables from './tasks.tables.js';
import type { PlatformServices } from '../../platform/modules.js';

/** What other modules (and the demo) may ask of tasks. */
export interface TasksApi {
  /** One pass of the automatic reminders now (its job runs it every hour); for the CLI and tests. */
  remindNow: () => Promise<{ tasks: number; reminded: number }>;
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    tasks: TasksApi;
  }
}

export function createTasksServices(platform: PlatformServices) {
  const board = createBoard(platform);
  return {
    forms: createForms(platform),
    dispatch: createDispatch(platform),
    worklist: createWorkList(platform),
    submissions: createSubmissions(platform),
    board,
    exports: createExports({ handle: platform.handle, board }),
  };
}
export type TasksModule = ReturnType<typeof createTasksServices>;

export const tasksModule = defineModule({
  name: 'tasks',
  tables,
  needs: [],
  notificationKinds: ['task.dispatched', 'task.notice', 'task.progress', 'task.reminder'],
  create(platform) {
    const services = createTasksServices(platform);
    return {
      api: { remindNow: () => services.board.remindDue() },
      routes: (api, http) => registerTaskRoutes(api, http.authenticate, services),
      jobs: tasksJobs(services.board),
    };
  },
});

/** For the demo loader: a form and a task written in its own transaction, through the module's own rules. */
type DemoDeps = Pick<PlatformServices, 'handle' | 'today' | 'files' | 'extensions'>;
export const tasksDemo = {
  createForm: (deps: DemoDeps, s: Scoped, actor: UserActor, input: ReportFormInput, template: string | null) =>
    createFormIn(deps, s, actor, input, template),
  dispatch: (deps: DemoDeps, s: Scoped, actor: UserActor, input: TaskInput) => dispatchIn(deps, s, actor, input),
  /** After writing copies directly: the task's rolled-up totals recounted from them. */
  rebuildTotals: rebuildTaskTotals,
};
