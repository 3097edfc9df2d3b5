import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PersonExportQuery } from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import { contentDisposition, XLSX_MIME } from './people.excel.js';
import type { PeopleExport } from './people.export.service.js';

export function registerPeopleExportRoutes(app: FastifyInstance, auth: Authenticate, m: PeopleExport): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/export.xlsx',
    summary:
      'Export a filtered list as .xlsx (streamed; masked unless unmasked=true with a reason and person.unmask; audited)',
    tags: ['people 人员与家庭'],
    access: { permission: 'person.read' },
    query: PersonExportQuery,
    response: z.any().describe('An .xlsx workbook'),
    handler: async ({ actor, query, reply }) => {
      const { filename, stream } = await m.xlsx(actor, query);
      void reply.type(XLSX_MIME).header('content-disposition', contentDisposition(filename));
      return stream;
    },
  });
}
