import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Holiday schedules loaded by an admin (a year the shipped data files do not have yet, or a correction). */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  holidays: jsonb('holidays').$type<{ date: string; name: string }[]>().notNull(),
  workdays: jsonb('workdays').$type<{ date: string; name: string }[]>().notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});
