import dayjs, { type Dayjs } from 'dayjs';

/**
 * Today on the federation's calendar (China Standard Time, UTC+8), as a local-midnight Dayjs. The server dates
 * every record by China time; a browser elsewhere (or a test machine on UTC) must default its date pickers to the
 * same day, or "today" on the form is "yesterday" on the server and a same-day rename is refused.
 */
export function federationToday(now: number = Date.now()): Dayjs {
  return dayjs(new Date(now + 8 * 3_600_000).toISOString().slice(0, 10));
}

/**
 * An instant shown on the federation's clock (China Standard Time), whatever the browser's time zone: deadlines end at
 * 23:59 China time and must read so everywhere.
 */
export function chinaTime(iso: string, pattern = 'YYYY-MM-DD HH:mm'): string {
  return dayjs(new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19)).format(pattern);
}
