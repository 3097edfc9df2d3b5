import { z } from 'zod';
import { LocalizedText } from './errors.js';

/** One dated entry of a year's holiday schedule (a holiday, or a make-up workday 调休上班). */
export const ScheduleDay = z.strictObject({ date: z.iso.date(), name: z.string().trim().min(1).max(40) });

/** A year's schedule as the State Council publishes it; loading next year's is data, not code. */
export const YearScheduleInput = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  /** Mainland China's national schedule; regional variants would carry their own code. */
  region: z.literal('CN').optional(),
  source: z.string().trim().min(4).max(300),
  holidays: z.array(ScheduleDay).min(1).max(60),
  workdays: z.array(ScheduleDay).max(20),
});
export type YearScheduleInput = z.infer<typeof YearScheduleInput>;
export const CalendarYearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const CalendarYear = z.object({
  year: z.number().int(),
  source: z.string(),
  holidays: z.number().int(),
  workdays: z.number().int(),
  /** file: shipped with the platform (apps/server/data/holidays); database: loaded by an admin (wins over a file). */
  origin: z.enum(['file', 'database']),
  loadedBy: z.string().nullable(),
  loadedAt: z.string().nullable(),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

export const CalendarOverview = z.object({
  today: z.iso.date(),
  todayIsWorkday: z.boolean(),
  years: z.array(CalendarYear),
  /** Set when this year or (from December) next year has no schedule: deadlines then count weekends only. */
  warning: LocalizedText.nullable(),
});
export type CalendarOverview = z.infer<typeof CalendarOverview>;

export const CalendarDaysQuery = z.object({ from: z.iso.date(), to: z.iso.date() });
export const CalendarDay = z.object({ date: z.iso.date(), workday: z.boolean(), name: z.string().nullable() });
