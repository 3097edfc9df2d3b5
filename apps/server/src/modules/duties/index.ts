// The duties module's public surface: the executive members' (执委) yearly duty checklist — configured per org,
// counted from what every module declares at the `duties` extension point — her own progress, her org's table of who
// is behind, and the projects 执委 lead (执委领办项目).
import { defineModule } from '../../platform/modules.js';
import { runScoped, type UserActor } from '../../platform/scope.js';
import { createProjects } from './duties.projects.service.js';
import { projectDutyCounter } from './duties.repository.js';
import { registerDutyRoutes } from './duties.routes.js';
import { createDutiesService, type DutiesDeps } from './duties.service.js';
import * as tables from './duties.tables.js';

// Duties offer nothing to other modules: they contribute by declaring `duties` (platform/modules.ts, DutyCounter).
export type DutiesApi = Record<string, never>;
declare module '../../platform/modules.js' {
  interface ModuleApis {
    duties: DutiesApi;
  }
}

export function createDutiesServices(deps: DutiesDeps) {
  const duties = createDutiesService(deps);
  const projects = createProjects(deps);
  return {
    duties,
    projects,
    /** Her page: progress and her projects of the year, read in one transaction. */
    mine: async (actor: UserActor, year: number | undefined) => {
      const y = year ?? Number(deps.today().slice(0, 4));
      const own = await duties.mine(actor, y);
      const led = await runScoped(deps.handle, actor, (s) => projects.mine(actor, s, y));
      return { ...own, projects: led };
    },
  };
}
export type DutiesModule = ReturnType<typeof createDutiesServices>;

export const dutiesModule = defineModule({
  name: 'duties',
  tables,
  needs: ['organizations'],
  duties: projectDutyCounter,
  create(platform) {
    const services = createDutiesServices(platform);
    return { api: {}, routes: (api, http) => registerDutyRoutes(api, http.authenticate, services) };
  },
});
