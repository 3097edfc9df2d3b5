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

/**
 * The seven statutory public holidays of the State Council's notice (《全国年节及纪念日放假办法》): a year's schedule
 * that lacks one is incomplete and is refused. A holiday shared with another keeps both names (`国庆节、中秋节`).
 */
export const STATUTORY_HOLIDAYS = [
  { name: '元旦', en: "New Year's Day" },
  { name: '春节', en: 'Spring Festival' },
  { name: '清明节', en: 'Qingming Festival' },
  { name: '劳动节', en: 'Labour Day' },
  { name: '端午节', en: 'Dragon Boat Festival' },
  { name: '中秋节', en: 'Mid-Autumn Festival' },
  { name: '国庆节', en: 'National Day' },
] as const;

/** A time of day on the federation's clock, HH:MM (00:00–24:00). */
export const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time');
/** Minutes since midnight of an HH:MM time. */
export const clockMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** One stretch of office time in a working day, e.g. 09:00–12:00. */
export const OfficePeriod = z.strictObject({ from: ClockTime, to: ClockTime });
export type OfficePeriod = z.infer<typeof OfficePeriod>;

/**
 * An org's office hours on working days, in the federation's time zone: one to four stretches in the day's order
 * (the lunch break is the gap between two). Hour-based deadlines count only this time, on working days.
 */
export const OfficeHours = z
  .array(OfficePeriod)
  .min(1)
  .max(4)
  .superRefine((periods, ctx) => {
    periods.forEach((p, i) => {
      if (clockMinutes(p.from) >= clockMinutes(p.to))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'to'],
          message: 'ends before it starts',
          params: { zh: '结束时间须晚于开始时间', en: 'must be later than the start' },
        });
      const before = periods[i - 1];
      if (before && clockMinutes(before.to) > clockMinutes(p.from))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'from'],
          message: 'overlaps the stretch before it',
          params: { zh: '与上一时段重叠或顺序颠倒', en: 'overlaps the stretch before it or comes before it' },
        });
    });
  });
export type OfficeHours = z.infer<typeof OfficeHours>;

/** Unless an org (or one above it) sets its own: 09:00–12:00 and 14:00–17:30. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = [
  { from: '09:00', to: '12:00' },
  { from: '14:00', to: '17:30' },
];
