// The dashboards module (数据驾驶舱 / 数她说): the indicator catalogue every module declares into, and the cockpit —
// any org and period, live from platform/stats, drill-down, trends, comparisons, exports.
import type { CockpitExportQuery } from '@jinguo/contracts';
import type { z } from 'zod';
import { defineModule } from '../../platform/modules.js';
import type { UserActor } from '../../platform/scope.js';
import { cockpitWorkbook } from './dashboards.excel.js';
import { cockpitPdf } from './dashboards.export.service.js';
import { registerDashboardRoutes } from './dashboards.routes.js';
import { createDashboardsService, type DashboardsService } from './dashboards.service.js';

/** What others may ask: the catalogue (a report form's prefill names figures by their indicator code). */
export interface DashboardsApi {
  catalogue: DashboardsService['catalogue'];
  cockpit: DashboardsService['cockpit'];
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    dashboards: DashboardsApi;
  }
}

export interface DashboardsModule {
  service: DashboardsService;
  exports: {
    xlsx: (actor: UserActor, q: z.infer<typeof CockpitExportQuery>) => Promise<{ name: string; body: Buffer }>;
    pdf: (actor: UserActor, q: z.infer<typeof CockpitExportQuery>) => Promise<{ name: string; body: Buffer }>;
  };
}

export const dashboardsModule = defineModule({
  name: 'dashboards',
  tables: {},
  needs: ['organizations'],
  create(platform, { organizations }) {
    const service = createDashboardsService({ ...platform, organizations });
    /** The view and its trend, computed as the page shows them. */
    const view = async (actor: UserActor, q: z.infer<typeof CockpitExportQuery>) => {
      const cockpit = await service.cockpit(actor, q);
      const trend = await service.trend(actor, {
        orgId: cockpit.org.id,
        from: q.from,
        to: q.to,
        indicators: cockpit.indicators.slice(0, 12).join(','),
      });
      const name = `${cockpit.org.name}-${q.from}-${q.to}`;
      return { cockpit, trend, inds: service.describe(cockpit.indicators), name };
    };
    const m: DashboardsModule = {
      service,
      exports: {
        xlsx: async (actor, q) => {
          const v = await view(actor, q);
          return { name: v.name, body: await cockpitWorkbook(v.cockpit, v.trend, v.inds, q.lang) };
        },
        pdf: async (actor, q) => {
          const v = await view(actor, q);
          return { name: v.name, body: await cockpitPdf(v.cockpit, v.trend, v.inds, q.lang) };
        },
      },
    };
    return {
      api: { catalogue: service.catalogue, cockpit: service.cockpit },
      routes: (api, http) => registerDashboardRoutes(api, http.authenticate, m),
    };
  },
});
