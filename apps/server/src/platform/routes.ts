import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { purgeStaleThrottles } from './auth/throttle.repository.js';
import { registerCalendarRoutes } from './calendar/index.js';
import { migrationVersion } from './db/migrate.js';
import { AppError } from './errors.js';
import type { ResidentAuthenticate } from './http/portal-route.js';
import type { HttpServices, PeriodicJob, PlatformServices } from './modules.js';
import { deliverPending, notify, registerNotificationRoutes } from './notifications/index.js';
import { registerPlaceRoutes } from './places/index.js';
import {
  createRetention,
  registerRetentionRoutes,
  RETENTION_AUTO_APPLY_SETTING,
  RETENTION_QUEUE,
  RETENTION_SECONDS,
} from './retention/index.js';
import { readSetting } from './settings.js';

/** The platform's own routes: health at the root; audit, calendar, notifications and places under /api/v1. */
export const registerPlatformRoutes = {
  root(app: FastifyInstance, p: PlatformServices): void {
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
        database: p.handle.kind,
        mode: p.config.mode,
        migrations: await migrationVersion(p.handle),
        demoData: (await readSetting(p.handle.db, 'demo_data')) !== null,
        timeZone: p.config.timeZone,
      }),
    );
  },
  api(api: FastifyInstance, http: HttpServices, p: PlatformServices): void {
    registerAuditRoutes(api, http.authenticate, p.handle, p.audit);
    registerCalendarRoutes(api, http.authenticate, { handle: p.handle, store: p.calendarStore, today: p.today });
    registerNotificationRoutes(api, http.authenticate, { handle: p.handle, demoMode: http.demoMode });
    registerPlaceRoutes(api, http.authenticate);
    registerRetentionRoutes(api, http.authenticate, createRetention(p));
  },
};

/** How often the head of the audit chain is anchored outside the database (decision 0014). */
export const AUDIT_CHECKPOINT_SECONDS = 60;

/** The platform's own background work: the audit checkpoint, the notification outbox, the holiday-schedule check. */
export function platformJobs(p: PlatformServices): PeriodicJob[] {
  return [
    {
      // A signed checkpoint of the audit chain's head, to the checkpoint file and the log, when the head moved: events
      // older than the newest checkpoint cannot be cut from the trail unnoticed.
      name: 'audit.checkpoint',
      seconds: AUDIT_CHECKPOINT_SECONDS,
      run: async () => void (await p.audit.checkpoint()),
    },
    {
      name: 'notifications.deliver',
      seconds: 15,
      run: async () => void (await deliverPending(p.handle, p.sms)),
    },
    {
      // Once a day: a missing holiday schedule (this year, or next year from December) is told to the system admins.
      name: 'calendar.coverage-check',
      seconds: 24 * 3600,
      run: async () => {
        await p.calendarStore.reload(p.handle.db);
        const warning = p.calendarStore.overview(p.today()).warning;
        if (!warning) return;
        await p.handle.db.transaction(async (tx) => {
          await notify(tx, {
            kind: 'calendar.schedule_missing',
            recipients: [{ role: 'system_admin' }],
            title: { 'zh-CN': '节假日安排未导入', 'en-US': 'Holiday schedule missing' },
            body: warning,
            link: '/admin/calendar',
          });
        });
      },
    },
    {
      // Sign-in failures counted a day ago and not since, no longer blocking: forgotten (the table would otherwise
      // keep every username ever typed and every address that failed).
      name: 'auth.throttle.purge',
      seconds: 3600,
      run: async () => void (await purgeStaleThrottles(p.handle.db)),
    },
    {
      // Once a day: a dry-run report of what is past its retention period, for an admin to confirm (decision 0016);
      // carried out at once only where the setting retention.auto_apply is true.
      name: RETENTION_QUEUE,
      seconds: RETENTION_SECONDS,
      run: async () => {
        const auto = (await readSetting<boolean>(p.handle.db, RETENTION_AUTO_APPLY_SETTING)) === true;
        await createRetention(p).scheduled(auto);
      },
    },
  ];
}

/** Without a module that signs residents in, every portal route answers 401. */
export const residentsUnavailable: ResidentAuthenticate = async () => {
  throw new AppError('UNAUTHENTICATED');
};

const HealthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  mode: z.enum(['demo', 'production']),
  migrations: z.object({ applied: z.number(), latest: z.string().nullable(), expected: z.number() }),
  demoData: z.boolean(),
  /** The federation's time zone: the web shows every time in it, whatever the browser's clock. */
  timeZone: z.string(),
});
