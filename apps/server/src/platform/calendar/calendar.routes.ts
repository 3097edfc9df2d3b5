import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CalendarDay,
  CalendarDaysQuery,
  CalendarOverview,
  CalendarYearParams,
  YearScheduleInput,
} from '@jinguo/contracts';
import { appendAudit } from '../audit/audit.service.js';
import type { DbHandle } from '../db/client.js';
import { fieldError } from '../errors.js';
import { defineRoute, type Authenticate } from '../http/route.js';
import { runScoped } from '../scope.js';
import { daysOf, type CalendarStore } from './calendar.store.js';

const tags = ['calendar 工作日'];

/** Which years have a holiday schedule; loading next year's (system admin). */
export function registerCalendarRoutes(
  app: FastifyInstance,
  auth: Authenticate,
  deps: { handle: DbHandle; store: CalendarStore; today: () => string },
): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/calendar',
    summary: 'Holiday schedules loaded, and a warning when a year is missing',
    tags,
    access: 'authenticated',
    response: CalendarOverview,
    handler: async () => deps.store.overview(deps.today()),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/calendar/days',
    summary: 'Working days and holidays of a date range (at most 400 days)',
    tags,
    access: 'authenticated',
    query: CalendarDaysQuery,
    response: z.object({ items: z.array(CalendarDay) }),
    handler: async ({ query }) => {
      if (query.to < query.from)
        throw fieldError('VALIDATION_FAILED', 'to', '结束日期早于开始日期', 'the end date is before the start date');
      return { items: daysOf(deps.store.calendar, query.from, query.to) };
    },
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/calendar/years/:year',
    summary: "Load a year's holiday schedule (State Council notice)",
    tags,
    access: { permission: 'calendar.manage' },
    params: CalendarYearParams,
    body: YearScheduleInput,
    response: CalendarOverview,
    handler: async ({ actor, params, body }) => {
      if (body.year !== params.year)
        throw fieldError('CALENDAR_INVALID', 'year', '年份与地址不一致', 'the year does not match the address');
      await runScoped(deps.handle, actor, async (s) => {
        await deps.store.save(s.tx, body, actor.username);
        await appendAudit(s.tx, actor, {
          action: 'calendar.load',
          targetType: 'calendar_year',
          targetId: body.year,
          after: {
            year: body.year,
            source: body.source,
            holidays: body.holidays.length,
            workdays: body.workdays.length,
          },
        });
      });
      await deps.store.reload(deps.handle.db);
      return deps.store.overview(deps.today());
    },
  });
}
