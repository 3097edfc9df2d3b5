import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import {
  ImportErrorsQuery,
  ImportIdParams,
  ImportPreview,
  ImportProblemsQuery,
  ImportRowProblems,
  ImportUploadQuery,
  pageOf,
  PersonImport,
  CursorQuery,
} from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import { contentDisposition, XLSX_MIME } from './people.excel.js';
import type { PeopleImports } from './people.import.service.js';

const tags = ['people 人员与家庭'];
const write = { permission: 'person.write' } as const;
const read = { permission: 'person.read' } as const;

/** Upload size limit of the import route only (the API's default body limit is 1 MB). */
export const IMPORT_MAX_BYTES = Number(process.env.JINGUO_IMPORT_MAX_MB ?? 50) * 1024 * 1024;
/** What a browser or curl sends for a spreadsheet: the raw file is the body. */
const UPLOAD_TYPES = [
  'application/octet-stream',
  XLSX_MIME,
  'application/vnd.ms-excel',
  'text/csv',
  'application/csv',
  'text/plain',
];

async function readBody(request: FastifyRequest, max: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  const stream = request.body as Readable | undefined;
  if (!stream || typeof stream.on !== 'function')
    throw new AppError('VALIDATION_FAILED', { field: 'file', zh: '请上传文件', en: 'Upload a file' });
  if (declared > max) {
    stream.resume();
    throw new AppError('BODY_TOO_LARGE', {
      field: 'file',
      zh: `文件过大（最大 ${Math.round(max / 1048576)} MB）`,
      en: `The file is too large (at most ${Math.round(max / 1048576)} MB)`,
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) {
      stream.resume();
      throw new AppError('BODY_TOO_LARGE', {
        field: 'file',
        zh: `文件过大（最大 ${Math.round(max / 1048576)} MB）`,
        en: `The file is too large (at most ${Math.round(max / 1048576)} MB)`,
      });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const file = z.any().describe('An .xlsx workbook');

export function registerPeopleImportRoutes(app: FastifyInstance, auth: Authenticate, m: PeopleImports): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/import/template',
    summary: 'The import template (.xlsx with dropdowns, 说明 and the org codes of my subtree)',
    tags,
    access: write,
    response: file,
    handler: async ({ actor, reply }) => {
      const buf = await m.template(actor);
      void reply.type(XLSX_MIME).header('content-disposition', contentDisposition('人员导入模板.xlsx'));
      return buf;
    },
  });

  // The upload takes the file itself as the body (content type of the file, or application/octet-stream) and the
  // file name as a query parameter, with a body limit of its own.
  void app.register(async (scope) => {
    scope.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
    defineRoute(scope, auth, {
      method: 'POST',
      url: '/people/imports',
      summary: 'Upload an .xlsx or .csv (UTF-8 or GBK): every row is checked; returns the preview',
      tags,
      access: write,
      query: ImportUploadQuery,
      status: 201,
      response: ImportPreview,
      handler: async ({ actor, query, request }) =>
        m.upload(actor, query.filename, await readBody(request, IMPORT_MAX_BYTES)),
    });
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/imports',
    summary: 'My imports, newest first',
    tags,
    access: read,
    query: CursorQuery,
    response: pageOf(PersonImport),
    handler: ({ actor, query }) => m.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/imports/:importId',
    summary: 'An import: status, progress, counts',
    tags,
    access: read,
    params: ImportIdParams,
    response: PersonImport,
    handler: ({ actor, params }) => m.get(actor, params.importId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/imports/:importId/problems',
    summary: 'Every bad row of an import with its reasons',
    tags,
    access: read,
    params: ImportIdParams,
    query: ImportProblemsQuery,
    response: pageOf(ImportRowProblems),
    handler: ({ actor, params, query }) => m.problems(actor, params.importId, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/imports/:importId/errors.xlsx',
    summary: 'The uploaded rows with bad cells marked and the reasons (fix and upload again)',
    tags,
    access: read,
    params: ImportIdParams,
    query: ImportErrorsQuery,
    response: file,
    handler: async ({ actor, params, query, reply }) => {
      const { filename, stream } = await m.errorsWorkbook(actor, params.importId, query.only);
      void reply.type(XLSX_MIME).header('content-disposition', contentDisposition(filename));
      return stream;
    },
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/imports/:importId/commit',
    summary: 'Import the valid rows as a background job',
    tags,
    access: write,
    params: ImportIdParams,
    response: PersonImport,
    handler: ({ actor, params }) => m.commit(actor, params.importId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/imports/:importId/discard',
    summary: 'Discard a preview never committed: its staged rows are deleted, the import stays as discarded',
    tags,
    access: write,
    params: ImportIdParams,
    response: PersonImport,
    handler: ({ actor, params }) => m.discard(actor, params.importId),
  });
}
