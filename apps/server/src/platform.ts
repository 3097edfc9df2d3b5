// The composition root: the platform layer, then every module in one loop, then HTTP.
import type { FastifyInstance } from 'fastify';
import { accountsModule } from './modules/accounts/index.js';
import { activitiesModule } from './modules/activities/index.js';
import { careProgramsModule } from './modules/care-programs/index.js';
import { casesModule } from './modules/cases/index.js';
import { dashboardsModule } from './modules/dashboards/index.js';
import { demandsModule } from './modules/demands/index.js';
import { dutiesModule } from './modules/duties/index.js';
import { organizationsModule } from './modules/organizations/index.js';
import { peopleModule } from './modules/people/index.js';
import { portalModule } from './modules/portal/index.js';
import { tasksModule } from './modules/tasks/index.js';
import { visitsModule } from './modules/visits/index.js';
import { volunteersModule } from './modules/volunteers/index.js';
import { createAuthenticator } from './platform/auth/authenticate.js';
import type { Config } from './platform/config.js';
import { buildHttp } from './platform/http/app.js';
import { buildModules, collectExtensions, type ModuleApis, type PlatformServices } from './platform/modules.js';
import { platformJobs, registerPlatformRoutes, residentsUnavailable } from './platform/routes.js';
import { openPlatformServices } from './platform/services.js';
import { registerContactResolver } from './platform/notifications/index.js';

/** Every module, in the order they are built: a module comes after those it needs. A new module is one line here. */
export const MODULES = [
  organizationsModule,
  peopleModule,
  demandsModule,
  visitsModule,
  casesModule,
  portalModule,
  careProgramsModule,
  accountsModule,
  volunteersModule,
  activitiesModule,
  dutiesModule,
  tasksModule,
  dashboardsModule,
] as const;

/** What the modules declare at the extension points: timeline sources, person links, counter sources. */
export const EXTENSIONS = collectExtensions(MODULES);

export { chinaToday } from './platform/time.js';

export interface Platform extends PlatformServices {
  http: FastifyInstance;
  /** What each module offers the others (tests and the CLI call them too). */
  modules: ModuleApis;
  close(): Promise<void>;
}

export async function openPlatform(
  config: Config,
  opts: {
    dataDirForDb?: string | null;
    adoptPrepared?: boolean;
    today?: () => string;
    smsLog?: (line: string) => void;
  } = {},
): Promise<Platform> {
  const services = await openPlatformServices(config, { ...opts, extensions: EXTENSIONS });
  const { apis, built } = buildModules(services, MODULES);
  for (const job of [...platformJobs(services), ...built.flatMap((b) => b.module.jobs ?? [])])
    services.jobs.every(job.name, job.seconds, job.run);
  for (const c of built.flatMap((b) => b.module.contacts ?? []))
    registerContactResolver(c.recipientKind, c.channel, c.resolve);
  const httpServices = {
    authenticate: createAuthenticator({
      sessions: services.sessions,
      orgPathWithin: apis.organizations.orgPathWithin,
      passwordMaxAgeDays: config.passwordMaxAgeDays,
      actingCacheMs: config.sessionCacheMs,
    }),
    residentAuthenticate:
      built.find((b) => b.module.residentAuthenticate)?.module.residentAuthenticate ?? residentsUnavailable,
    cookieSecure: config.cookieSecure,
    sessionMaxHours: config.sessionMaxHours,
    demoMode: config.mode === 'demo',
  };
  const http = await buildHttp({
    logLevel: config.logLevel,
    webDistDir: config.webDistDir,
    registerRoot: (app) => registerPlatformRoutes.root(app, services),
    registerApi: (api) => {
      registerPlatformRoutes.api(api, httpServices, services);
      for (const { module } of built) module.routes?.(api, httpServices);
    },
  });
  return {
    ...services,
    http,
    modules: apis,
    close: async () => {
      await http.close();
      await services.close();
    },
  };
}
