import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createAccountsService,
  createResidentAuthenticator,
  createResidentsService,
  registerAccountRoutes,
  registerResidentRoutes,
} from './modules/accounts/index.js';
import { createOrganizationsModule, orgPathWithin, registerOrganizationRoutes } from './modules/organizations/index.js';
import { createPeopleModule, registerPeopleRoutes } from './modules/people/index.js';
import {
  attachPersonToRequests,
  createDemandsModule,
  isRequesterIn,
  registerDemandRoutes,
  registerPortalDemandRoutes,
  type DemandsModule,
} from './modules/demands/index.js';
import { createVisitsModule, registerVisitRoutes } from './modules/visits/index.js';
import {
  createPeopleExport,
  createPeopleImports,
  registerPeopleExportRoutes,
  registerPeopleImportRoutes,
} from './modules/people/index.js';
import { createCasesModule, registerCaseRoutes, type CasesModule } from './modules/cases/index.js';
import { registerAuditRoutes } from './platform/audit/audit.routes.js';
import {
  openCalendar,
  registerCalendarRoutes,
  type CalendarStore,
  type WorkCalendar,
} from './platform/calendar/index.js';
import { createFiles, type Files } from './platform/files/index.js';
import {
  createDevSmsSender,
  createSms,
  deliverPending,
  notify,
  registerNotificationRoutes,
  setExternalChannels,
  type Sms,
} from './platform/notifications/index.js';
import { createAuthenticator } from './platform/auth/authenticate.js';
import { createSessionStore } from './platform/auth/sessions.js';
import type { Config } from './platform/config.js';
import { createFieldCrypto, loadDataKey, type FieldCrypto } from './platform/crypto.js';
import { openDatabase, type DbHandle } from './platform/db/client.js';
import { applyMigrations, migrationVersion } from './platform/db/migrate.js';
import { buildHttp } from './platform/http/app.js';
import { createJobs, type Jobs } from './platform/jobs/jobs.js';
import { readSetting } from './platform/settings.js';

/** Today in China Standard Time (the federation's calendar), as YYYY-MM-DD. */
export const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export interface Platform {
  config: Config;
  handle: DbHandle;
  crypto: FieldCrypto;
  http: FastifyInstance;
  /** Background jobs: main.ts starts the runner; close() stops it. */
  jobs: Jobs;
  calendar: WorkCalendar;
  calendarStore: CalendarStore;
  sms: Sms;
  files: Files;
  /** Modules whose background work tests drive directly (the demand sweeper). */
  demands: DemandsModule;
  /** Rights protection (维权): exposed for the sweeper's tests and the bench. */
  cases: CasesModule;
  close(): Promise<void>;
}

/** The composition root: database, crypto, sessions, modules and HTTP wired together. Fits on one screen. */
export async function openPlatform(
  config: Config,
  opts: { dataDirForDb?: string | null; today?: () => string } = {},
): Promise<Platform> {
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: opts.dataDirForDb === undefined ? config.dataDir : opts.dataDirForDb,
    poolSize: config.databasePoolSize,
  });
  await applyMigrations(handle);
  const crypto = createFieldCrypto(loadDataKey(config.dataDir));
  const today = opts.today ?? chinaToday;
  const calendarStore = await openCalendar(handle.db);
  const stopCalendarReload = calendarStore.autoReload(handle.db);
  const calendar = calendarStore.calendar;
  const sms = createSms(config.sms === 'dev' ? createDevSmsSender(handle) : null);
  setExternalChannels(sms.available ? ['sms'] : []);
  const files = createFiles({ crypto });
  const sessions = createSessionStore(handle.db, {
    idleMinutes: config.sessionIdleMinutes,
    maxHours: config.sessionMaxHours,
    cacheMs: config.sessionCacheMs,
  });
  const authenticate = createAuthenticator({
    sessions,
    orgPathWithin: (id, within) => orgPathWithin(handle.db, id, within),
  });
  const organizations = createOrganizationsModule({ handle, crypto, today });
  const people = createPeopleModule({ handle, crypto, today });
  const jobs = createJobs({ handle });
  registerPlatformJobs(jobs, { handle, sms, calendarStore, today });
  const residents = createResidentsService({ handle, crypto, sms, onLinked: attachPersonToRequests, isRequesterIn });
  const residentAuth = createResidentAuthenticator(residents);
  const demands = createDemandsModule({ handle, crypto, calendar, today, jobs, residents });
  const visits = createVisitsModule({ handle, today, files, demands: demands.intake });
  const peopleImports = createPeopleImports({ handle, crypto, today, jobs });
  const cases = createCasesModule({ handle, crypto, today, calendar, files, jobs, demands: demands.intake });
  const peopleExport = createPeopleExport({ handle, crypto, today });
  const accounts = createAccountsService({
    handle,
    sessions,
    lockoutThreshold: config.lockoutThreshold,
    lockoutMinutes: config.lockoutMinutes,
  });

  const http = await buildHttp({
    logLevel: config.logLevel,
    webDistDir: config.webDistDir,
    registerRoot: (app) => {
      app.get(
        '/api/health',
        {
          schema: {
            summary: 'Liveness, database kind and migration version',
            tags: ['platform'],
            response: { 200: HealthResponse },
          },
        },
        async () => ({
          status: 'ok' as const,
          database: handle.kind,
          mode: config.mode,
          migrations: await migrationVersion(handle),
          demoData: (await readSetting(handle.db, 'demo_data')) !== null,
        }),
      );
    },
    registerApi: (api) => {
      registerAccountRoutes(api, authenticate, accounts, {
        cookieSecure: config.cookieSecure,
        sessionMaxHours: config.sessionMaxHours,
      });
      registerOrganizationRoutes(api, authenticate, organizations);
      registerPeopleRoutes(api, authenticate, people);
      registerPeopleImportRoutes(api, authenticate, peopleImports);
      registerPeopleExportRoutes(api, authenticate, peopleExport);
      registerCaseRoutes(api, authenticate, cases);
      registerAuditRoutes(api, authenticate, handle);
      registerDemandRoutes(api, authenticate, demands);
      registerResidentRoutes(api, authenticate, residentAuth, residents, { handle, cookieSecure: config.cookieSecure });
      registerPortalDemandRoutes(api, residentAuth, demands.portal);
      registerVisitRoutes(api, authenticate, visits);
      registerCalendarRoutes(api, authenticate, { handle, store: calendarStore, today });
      registerNotificationRoutes(api, authenticate, { handle, demoMode: config.mode === 'demo' });
    },
  });
  return {
    config,
    handle,
    crypto,
    http,
    jobs,
    calendar,
    calendarStore,
    sms,
    files,
    demands,
    cases,
    close: async () => {
      stopCalendarReload();
      await http.close();
      await jobs.stop();
      await handle.close();
    },
  };
}

/** The platform's own background work: the notification outbox, the holiday-schedule check. */
function registerPlatformJobs(
  jobs: Jobs,
  deps: { handle: DbHandle; sms: Sms; calendarStore: CalendarStore; today: () => string },
): void {
  jobs.every('notifications.deliver', 15, async () => {
    await deliverPending(deps.handle, deps.sms);
  });
  // Once a day: a missing holiday schedule (this year, or next year from December) is told to the system admins.
  jobs.every('calendar.coverage-check', 24 * 3600, async () => {
    await deps.calendarStore.reload(deps.handle.db);
    const warning = deps.calendarStore.overview(deps.today()).warning;
    if (!warning) return;
    await deps.handle.db.transaction(async (tx) => {
      await notify(tx, {
        kind: 'calendar.schedule_missing',
        recipients: [{ role: 'system_admin' }],
        title: { 'zh-CN': '节假日安排未导入', 'en-US': 'Holiday schedule missing' },
        body: warning,
        link: '/admin/calendar',
      });
    });
  });
}

const HealthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  mode: z.enum(['demo', 'production']),
  migrations: z.object({ applied: z.number(), latest: z.string().nullable(), expected: z.number() }),
  demoData: z.boolean(),
});
