import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { registerAccountRoutes, createAccountsService } from './modules/accounts/index.js';
import { createOrganizationsModule, orgPathWithin, registerOrganizationRoutes } from './modules/organizations/index.js';
import { createPeopleModule, registerPeopleRoutes } from './modules/people/index.js';
import { createPeopleExport, createPeopleImports, registerPeopleExportRoutes, registerPeopleImportRoutes } from './modules/people/index.js';
import { registerAuditRoutes } from './platform/audit/audit.routes.js';
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
  close(): Promise<void>;
}

/** The composition root: database, crypto, sessions, modules and HTTP wired together. Fits on one screen. */
export async function openPlatform(config: Config, opts: { dataDirForDb?: string | null; today?: () => string } = {}): Promise<Platform> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: opts.dataDirForDb === undefined ? config.dataDir : opts.dataDirForDb, poolSize: config.databasePoolSize });
  await applyMigrations(handle);
  const crypto = createFieldCrypto(loadDataKey(config.dataDir));
  const today = opts.today ?? chinaToday;
  const sessions = createSessionStore(handle.db, { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours, cacheMs: config.sessionCacheMs });
  const authenticate = createAuthenticator({ sessions, orgPathWithin: (id, within) => orgPathWithin(handle.db, id, within) });
  const organizations = createOrganizationsModule({ handle, crypto, today });
  const people = createPeopleModule({ handle, crypto, today });
  const jobs = createJobs({ handle });
  const peopleImports = createPeopleImports({ handle, crypto, today, jobs });
  const peopleExport = createPeopleExport({ handle, crypto, today });
  const accounts = createAccountsService({ handle, sessions, lockoutThreshold: config.lockoutThreshold, lockoutMinutes: config.lockoutMinutes });

  const http = await buildHttp({
    logLevel: config.logLevel,
    webDistDir: config.webDistDir,
    registerRoot: (app) => {
      app.get('/api/health', { schema: { summary: 'Liveness, database kind and migration version', tags: ['platform'], response: { 200: HealthResponse } } }, async () => ({
        status: 'ok' as const, database: handle.kind, mode: config.mode, migrations: await migrationVersion(handle),
        demoData: (await readSetting(handle.db, 'demo_data')) !== null,
      }));
    },
    registerApi: (api) => {
      registerAccountRoutes(api, authenticate, accounts, { cookieSecure: config.cookieSecure, sessionMaxHours: config.sessionMaxHours });
      registerOrganizationRoutes(api, authenticate, organizations);
      registerPeopleRoutes(api, authenticate, people);
      registerPeopleImportRoutes(api, authenticate, peopleImports);
      registerPeopleExportRoutes(api, authenticate, peopleExport);
      registerAuditRoutes(api, authenticate, handle);
    },
  });
  return {
    config, handle, crypto, http, jobs,
    close: async () => {
      await http.close();
      await jobs.stop();
      await handle.close();
    },
  };
}

const HealthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  mode: z.enum(['demo', 'production']),
  migrations: z.object({ applied: z.number(), latest: z.string().nullable(), expected: z.number() }),
  demoData: z.boolean(),
});
