import dayjs, { type Dayjs } from 'dayjs';

/*
 * The federation's clock. Every time the web shows is on it (Asia/Shanghai unless the server's JINGUO_TIME_ZONE says
 * otherwise, read from /api/health at start), in one format, `2026-12-05 14:34`, whatever the browser's own zone; and
 * every date-time picked in a form is read on it too. Nothing else in the web formats an instant.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

let zone = DEFAULT_TIME_ZONE;
let format = formatterFor(zone);

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

/** Sets the zone every time is shown in; an unknown zone keeps the current one and returns false. */
export function setFederationTimeZone(timeZone: string): boolean {
  try {
    format = formatterFor(timeZone);
    zone = timeZone;
    return true;
  } catch {
    return false;
  }
}

export const federationTimeZone = (): string => zone;

/** Reads the federation's zone from the server (`/api/health`); the default stays when the server does not say. */
export async function loadFederationTimeZone(fetcher: typeof fetch = fetch): Promise<void> {
  try {
    const res = await fetcher('/api/health', { headers: { accept: 'application/json' } });
    if (!res.ok) return;
    const body = (await res.json()) as { timeZone?: unknown };
    if (typeof body.timeZone === 'string') setFederationTimeZone(body.timeZone);
  } catch {
    // offline or an older server: the default zone is the federation's (China)
  }
}

function partsOf(ms: number): Parts {
  const p: Record<string, number> = {};
  for (const x of format.formatToParts(new Date(ms))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour! % 24, minute: p.minute!, second: p.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateOf = (p: Parts) => `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
const timeOf = (p: Parts) => `${pad(p.hour)}:${pad(p.minute)}`;

type Instant = string | number | Date | null | undefined;

function msOf(v: Instant): number | null {
  if (v === null || v === undefined || v === '') return null;
  const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

/** An instant on the federation's clock, `2026-12-05 14:34`; `—` when there is none. */
export function formatDateTime(v: Instant): string {
  const ms = msOf(v);
  if (ms === null) return '—';
  const p = partsOf(ms);
  return `${dateOf(p)} ${timeOf(p)}`;
}

/** The same with seconds, `2026-12-05 14:34:07`, where events seconds apart must read apart (audit, check-ins). */
export function formatDateTimeSeconds(v: Instant): string {
  const ms = msOf(v);
  if (ms === null) return '—';
  const p = partsOf(ms);
  return `${dateOf(p)} ${timeOf(p)}:${pad(p.second)}`;
}

/** An instant's date on the federation's clock, `2026-12-05`. */
export function formatDate(v: Instant): string {
  const ms = msOf(v);
  return ms === null ? '—' : dateOf(partsOf(ms));
}

/** An instant's time of day on the federation's clock, `14:34` (the end of an event shown after its start). */
export function formatTime(v: Instant): string {
  const ms = msOf(v);
  return ms === null ? '—' : timeOf(partsOf(ms));
}

/** A Dayjs whose local fields are the instant's wall clock in the federation: what a date-time picker should show. */
export function toPickerValue(v: Instant): Dayjs {
  const p = partsOf(msOf(v) ?? Date.now());
  return dayjs(new Date(p.year, p.month - 1, p.day, p.hour, p.minute, p.second));
}

/** Now on the federation's clock, as a picker value (the default of "received at", "called at"). */
export const federationNow = (now: number = Date.now()): Dayjs => toPickerValue(now);

/**
 * Today on the federation's calendar, as a local-midnight Dayjs. The server dates every record by the federation's
 * clock; a browser elsewhere (or a test machine on UTC) must default its date pickers to the same day, or "today" on
 * the form is "yesterday" on the server and a same-day rename is refused.
 */
export const federationToday = (now: number = Date.now()): Dayjs => toPickerValue(now).startOf('day');

/**
 * The instant a picker's wall clock means in the federation's zone, as ISO 8601: `14:30` picked in a browser in New
 * York is 14:30 Beijing time, not 14:30 New York time.
 */
export function fromPickerValue(d: Dayjs): string {
  const wall = Date.UTC(d.year(), d.month(), d.date(), d.hour(), d.minute(), d.second());
  const offsetAt = (ms: number) => {
    const p = partsOf(ms);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
  };
  let ms = wall - offsetAt(wall);
  const second = wall - offsetAt(ms);
  if (second !== ms) ms = second;
  return new Date(ms).toISOString();
}
