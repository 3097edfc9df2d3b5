import { sql } from 'drizzle-orm';
import type { YearScheduleInput } from '@jinguo/contracts';
import type { Queryable } from '../db/client.js';
import { calendarYears } from './calendar.tables.js';

export type CalendarYearRow = typeof calendarYears.$inferSelect;

/** The schedules an admin loaded (they win over the shipped files). */
export async function listStoredYears(q: Queryable): Promise<CalendarYearRow[]> {
  return q.select().from(calendarYears);
}

/** Stores a year's schedule, replacing the one loaded before. */
export async function upsertYear(q: Queryable, input: YearScheduleInput, loadedBy: string): Promise<void> {
  await q
    .insert(calendarYears)
    .values({
      year: input.year,
      source: input.source,
      holidays: input.holidays,
      workdays: input.workdays,
      loadedBy,
    })
    .onConflictDoUpdate({
      target: calendarYears.year,
      set: {
        source: input.source,
        holidays: input.holidays,
        workdays: input.workdays,
        loadedBy,
        loadedAt: sql`now()`,
      },
    });
}
