import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ActivityIdParams,
  AttendanceImportQuery,
  AttendanceImportReport,
  AttendanceLive,
  AttendanceQuery,
  CadreRegistrationInput,
  CheckInQr,
  CheckInResult,
  PeriodQuery,
  PersonIdParams,
  Registration,
  TrainingRecordInput,
  TrainingSheet,
} from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { registerUploadParser } from '../../platform/files/index.js';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { ActivitiesModule } from './index.js';
import { read, tags, write } from './activities.routes.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const disposition = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const workbook = z.any().describe('An .xlsx workbook');

function uploaded(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body) || !request.body.length)
    throw new AppError('VALIDATION_FAILED', { field: 'file', zh: '请上传 .xlsx 文件', en: 'Upload an .xlsx file' });
  return request.body;
}

/** The origin the QR code points residents at: the host the organiser reached us by. */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.headers.host ?? 'localhost'}`;

/** Registration, QR, check-in at the desk, the live list, Excel, and the training record of a person. */
export function registerAttendanceRoutes(app: FastifyInstance, auth: Authenticate, m: ActivitiesModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/:activityId/qr',
    summary: 'The check-in QR code: a signed token bound to the activity, valid until check-in closes',
    tags,
    access: write,
    params: ActivityIdParams,
    response: CheckInQr,
    handler: ({ actor, params, request }) => m.checkIns.qr(actor, params.activityId, originOf(request)),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/:activityId/registrations',
    summary: 'Who registered (phones masked) and whether each checked in',
    tags,
    access: read,
    params: ActivityIdParams,
    response: z.object({ items: z.array(Registration) }),
    handler: ({ actor, params }) => m.checkIns.registrations(actor, params.activityId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/activities/:activityId/registrations',
    summary: 'Register someone (a cadre, for a resident without a phone of her own to hand)',
    tags,
    access: write,
    params: ActivityIdParams,
    body: CadreRegistrationInput,
    status: 201,
    response: z.object({ id: z.number().int() }),
    handler: ({ actor, params, body }) => m.checkIns.registerFor(actor, params.activityId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/activities/:activityId/attendance',
    summary: 'Check someone in at the desk (same window as the QR code; idempotent per phone)',
    tags,
    access: write,
    params: ActivityIdParams,
    body: CadreRegistrationInput,
    response: CheckInResult,
    handler: ({ actor, params, body }) => m.checkIns.checkInFor(actor, params.activityId, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/:activityId/attendance',
    summary: 'Live check-ins: counts and the check-ins after `afterId` (the organiser polls it)',
    tags,
    access: read,
    params: ActivityIdParams,
    query: AttendanceQuery,
    response: AttendanceLive,
    handler: ({ actor, params, query }) => m.checkIns.live(actor, params.activityId, query.afterId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/:activityId/attendance.xlsx',
    summary: 'The attendance list as a workbook (phones masked)',
    tags,
    access: read,
    params: ActivityIdParams,
    response: workbook,
    handler: async ({ actor, params, reply }) => {
      const { name, bytes } = await m.excel.export(actor, params.activityId);
      void reply.type(XLSX_MIME).header('content-disposition', disposition(name));
      return bytes;
    },
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/attendance-template.xlsx',
    summary: 'The template of an attendance import (姓名, 手机号)',
    tags,
    access: write,
    response: workbook,
    handler: async ({ reply }) => {
      void reply.type(XLSX_MIME).header('content-disposition', disposition('签到导入模板.xlsx'));
      return m.excel.template();
    },
  });
  void app.register(async (scope) => {
    registerUploadParser(scope);
    defineRoute(scope, auth, {
      method: 'POST',
      url: '/activities/:activityId/attendance/import',
      summary: "Preview (dryRun=true) or import a past activity's attendance from a sheet; row-level errors",
      tags,
      access: write,
      params: ActivityIdParams,
      query: AttendanceImportQuery,
      response: AttendanceImportReport,
      handler: ({ actor, params, query, request }) =>
        m.excel.import(actor, params.activityId, uploaded(request), query.dryRun === 'true'),
    });
    defineRoute(scope, auth, {
      method: 'POST',
      url: '/activities/attendance/errors.xlsx',
      summary: 'The uploaded sheet with an 错误 column on each refused row',
      tags,
      access: write,
      response: workbook,
      handler: async ({ request, reply }) => {
        const bytes = await m.excel.errors(uploaded(request));
        void reply.type(XLSX_MIME).header('content-disposition', disposition('签到导入-错误.xlsx'));
        return bytes;
      },
    });
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/activities/trainings/:personId',
    summary: "A person's training record (领头雁): training activities attended and external trainings, with totals",
    tags,
    access: read,
    params: PersonIdParams,
    query: PeriodQuery,
    response: TrainingSheet,
    handler: ({ actor, params, query }) => m.trainings.sheet(actor, params.personId, query.from, query.to),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/activities/trainings',
    summary: 'Record an external training of a person (hours or credits)',
    tags,
    access: write,
    body: TrainingRecordInput,
    status: 201,
    response: z.object({ id: z.number().int() }),
    handler: ({ actor, body }) => m.trainings.record(actor, body),
  });
}
