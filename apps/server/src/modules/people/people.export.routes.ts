import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PersonExportQuery, PersonUnmaskedExportInput } from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import { contentDisposition, XLSX_MIME } from './people.excel.js';
import type { PeopleExport } from './people.export.service.js';

export function registerPeopleExportRoutes(app: FastifyInstance, auth: Authenticate, m: PeopleExport): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/export.xlsx',
    summary: 'Export a filtered list as .xlsx, masked (streamed; audited)',
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
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/export.xlsx',
    summary:
      '明文导出: a filtered list in clear, as an .xlsx encrypted with the given password (person.unmask, a reason; audited)',
    tags: ['people 人员与家庭'],
    access: { permission: 'person.unmask' },
    body: PersonUnmaskedExportInput,
    response: z.any().describe('An .xlsx workbook encrypted with the password (ECMA-376 agile, AES-256)'),
    handler: async ({ actor, body, reply }) => {
      const { filename, bytes } = await m.protectedXlsx(actor, body);
      void reply.type(XLSX_MIME).header('content-disposition', contentDisposition(filename));
      return bytes;
    },
  });
}
