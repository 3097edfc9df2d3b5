import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Cockpit, CockpitExportQuery, CockpitQuery, IndicatorCatalogue, Trend, TrendQuery } from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { DashboardsModule } from './index.js';

const tags = ['dashboards 数据驾驶舱'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string, ext: string) =>
  `attachment; filename="cockpit.${ext}"; filename*=UTF-8''${encodeURIComponent(`${name}.${ext}`)}`;

export function registerDashboardRoutes(app: FastifyInstance, auth: Authenticate, m: DashboardsModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/dashboards/indicators',
    summary: 'The indicator catalogue: code, name, definition, unit, source module and formula of every figure',
    tags,
    access: 'authenticated',
    response: IndicatorCatalogue,
    handler: () => Promise.resolve(m.service.catalogue()),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/dashboards/cockpit',
    summary: 'Figures of an org and each child for a period, with the same period a year before (live counters)',
    tags,
    access: { permission: 'stats.read' },
    query: CockpitQuery,
    response: Cockpit,
    handler: ({ actor, query }) => m.service.cockpit(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/dashboards/trend',
    summary: 'Figures of an org month by month, and the same months a year before',
    tags,
    access: { permission: 'stats.read' },
    query: TrendQuery,
    response: Trend,
    handler: ({ actor, query }) => m.service.trend(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/dashboards/cockpit.xlsx',
    summary: 'The cockpit view as an Excel workbook (figures, month by month, definitions)',
    tags,
    access: { permission: 'stats.read' },
    query: CockpitExportQuery,
    response: z.any().describe('An .xlsx workbook'),
    handler: async ({ actor, query, reply }) => {
      const { name, body } = await m.exports.xlsx(actor, query);
      void reply.type(XLSX).header('content-disposition', attachment(name, 'xlsx'));
      return body;
    },
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/dashboards/cockpit.pdf',
    summary: 'The cockpit view as a PDF with embedded Chinese font (figures, month by month, definitions)',
    tags,
    access: { permission: 'stats.read' },
    query: CockpitExportQuery,
    response: z.any().describe('A PDF document'),
    handler: async ({ actor, query, reply }) => {
      const { name, body } = await m.exports.pdf(actor, query);
      void reply.type('application/pdf').header('content-disposition', attachment(name, 'pdf'));
      return body;
    },
  });
}
