import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STATUTORY_HOLIDAYS, YearScheduleInput, type CalendarOverview, type CalendarYear } from '@jinguo/contracts';
import type { Queryable } from '../db/client.js';
import { fieldError } from '../errors.js';
import { listStoredYears, upsertYear } from './calendar.repository.js';
import { createWorkCalendar, nextDay, type WorkCalendar, type YearSchedule } from './work-calendar.js';

/** The schedules shipped with the platform (scripts/extract-holidays.mjs). */
export const HOLIDAYS_DIR = resolve(import.meta.dirname, '../../../data/holidays');

export function readScheduleFiles(dir = HOLIDAYS_DIR): YearSchedule[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => YearScheduleInput.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown));
}

/**
 * Checks what zod cannot: every date in its year, no date both a holiday and a workday, make-up workdays on weekends,
 * and each of the seven statutory holidays present (by name; a shared one such as `国庆节、中秋节` counts for both).
 */
export function checkSchedule(s: YearScheduleInput): void {
  const seen = new Set<string>();
  for (const [list, field] of [
    [s.holidays, 'holidays'],
    [s.workdays, 'workdays'],
  ] as const) {
    list.forEach((d, i) => {
      const at = `${field}.${i}.date`;
      // A holiday or make-up day may spill into the neighbouring month of the next or previous year (元旦 2023 began on
      // 2022-12-31).
      if (
        !d.date.startsWith(`${s.year}-`) &&
        !d.date.startsWith(`${s.year - 1}-12`) &&
        !d.date.startsWith(`${s.year + 1}-01`)
      ) {
        throw fieldError('CALENDAR_INVALID', at, `${d.date} 不在 ${s.year} 年内`, `${d.date} is not in ${s.year}`);
      }
      if (seen.has(d.date)) throw fieldError('CALENDAR_INVALID', at, `${d.date} 重复出现`, `${d.date} appears twice`);
      seen.add(d.date);
      const weekday = new Date(`${d.date}T00:00:00Z`).getUTCDay();
      if (field === 'workdays' && weekday !== 0 && weekday !== 6) {
        throw fieldError(
          'CALENDAR_INVALID',
          at,
          `${d.date} 不是周末，不能是调休上班日`,
          `${d.date} is not a weekend day, so it cannot be a make-up workday`,
        );
      }
    });
  }
  const missing = STATUTORY_HOLIDAYS.filter((h) => !s.holidays.some((d) => d.name.includes(h.name)));
  if (missing.length)
    throw fieldError(
      'CALENDAR_INVALID',
      'holidays',
      `${s.year} 年安排缺少法定节假日：${missing.map((h) => h.name).join('、')}`,
      `the ${s.year} schedule lacks statutory holidays: ${missing.map((h) => `${h.en} (${h.name})`).join(', ')}`,
    );
}

export interface CalendarStore {
  /** A stable facade: modules keep this reference; it answers from the latest loaded schedules. */
  readonly calendar: WorkCalendar;
  overview(today: string): CalendarOverview;
  /** Stores a year's schedule (wins over a shipped file). The caller audits, then reloads once it has committed. */
  save(q: Queryable, input: YearScheduleInput, loadedBy: string): Promise<void>;
  reload(q: Queryable): Promise<void>;
  /** Other processes pick up a loaded year within `ms`. Returns a stop function. */
  autoReload(q: Queryable, ms?: number): () => void;
  /**
   * Called after a reload that changed the schedules (a year loaded or corrected, here or by another process), once
   * the new calendar answers: modules recompute what they counted provisionally. Returns a stop function.
   */
  onChange(listener: (calendar: WorkCalendar) => Promise<void>): () => void;
}

export async function openCalendar(
  q: Queryable,
  opts: { dir?: string; log?: (m: string) => void } = {},
): Promise<CalendarStore> {
  const log = opts.log ?? ((m: string) => console.warn(`[calendar] ${m}`));
  const files = readScheduleFiles(opts.dir);
  let years: CalendarYear[] = [];
  let current: WorkCalendar = createWorkCalendar([]);
  let signature: string | null = null;
  const listeners = new Set<(calendar: WorkCalendar) => Promise<void>>();

  async function reload(db: Queryable) {
    const stored = await listStoredYears(db);
    const byYear = new Map<number, { schedule: YearSchedule; meta: CalendarYear }>();
    for (const f of files) {
      byYear.set(f.year, {
        schedule: f,
        meta: {
          year: f.year,
          source: f.source,
          holidays: f.holidays.length,
          workdays: f.workdays.length,
          origin: 'file',
          loadedBy: null,
          loadedAt: null,
        },
      });
    }
    for (const r of stored) {
      const schedule = { year: r.year, source: r.source, holidays: r.holidays, workdays: r.workdays };
      byYear.set(r.year, {
        schedule,
        meta: {
          year: r.year,
          source: r.source,
          holidays: r.holidays.length,
          workdays: r.workdays.length,
          origin: 'database',
          loadedBy: r.loadedBy,
          loadedAt: r.loadedAt.toISOString(),
        },
      });
    }
    years = [...byYear.values()].map((v) => v.meta).sort((a, b) => a.year - b.year);
    current = createWorkCalendar(
      [...byYear.values()].map((v) => v.schedule),
      {
        onUncoveredYear: (y) =>
          log(
            `no holiday schedule for ${y}: working days of ${y} count weekends only until an admin loads it (jinguo calendar load)`,
          ),
      },
    );
    const before = signature;
    signature = JSON.stringify(years.map((y) => [y.year, y.holidays, y.workdays, y.origin, y.loadedAt]));
    if (before === null || before === signature) return;
    for (const listener of listeners) {
      try {
        await listener(calendar);
      } catch (err) {
        log(`after the holiday schedules changed: ${String(err)}`);
      }
    }
  }

  const calendar: WorkCalendar = {
    isWorkday: (d) => current.isWorkday(d),
    describe: (d) => current.describe(d),
    addWorkdays: (d, n) => current.addWorkdays(d, n),
    workdaysBetween: (a, b) => current.workdaysBetween(a, b),
    deadline: (from, spec, opts) => current.deadline(from, spec, opts),
    due: (from, spec, opts) => current.due(from, spec, opts),
    addOfficeHours: (from, hours, officeHours) => current.addOfficeHours(from, hours, officeHours),
    coversYear: (y) => current.coversYear(y),
    years: () => current.years(),
  };
  await reload(q);

  return {
    calendar,
    reload,
    overview(today) {
      const year = Number(today.slice(0, 4));
      const missing = !current.coversYear(year)
        ? year
        : today.slice(5) >= '12-01' && !current.coversYear(year + 1)
          ? year + 1
          : null;
      return {
        today,
        todayIsWorkday: current.isWorkday(today),
        years,
        warning:
          missing === null
            ? null
            : {
                'zh-CN': `尚未导入 ${missing} 年节假日安排：该年的工作日暂按周一至周五计算，涉及该年的期限标为暂定。请在国务院办公厅发布通知后导入，暂定期限随即重算。`,
                'en-US': `The ${missing} holiday schedule is not loaded: working days in ${missing} count Monday to Friday only, and deadlines counted through it are marked provisional. Load it once the State Council publishes it: they are counted again then.`,
              },
      };
    },
    async save(db, input, loadedBy) {
      checkSchedule(input);
      await upsertYear(db, input, loadedBy);
    },
    autoReload(db, ms = 10 * 60_000) {
      const timer = setInterval(
        () => void reload(db).catch((err: unknown) => log(`reloading the holiday schedules failed: ${String(err)}`)),
        ms,
      );
      timer.unref();
      return () => clearInterval(timer);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Days of a range with their working-day status, for date pickers and the calendar page. */
export function daysOf(calendar: WorkCalendar, from: string, to: string) {
  const out: { date: string; workday: boolean; name: string | null }[] = [];
  for (let d = from; d <= to && out.length < 400; d = nextDay(d))
    out.push({ date: d, workday: calendar.isWorkday(d), name: calendar.describe(d)?.name ?? null });
  return out;
}
