import { z } from 'zod';

/** Labels of a dictionary in both languages, from rows of [code, Chinese, English]. */
export type Labels<K extends string = string> = Record<K, { 'zh-CN': string; 'en-US': string }>;
export const labels = <K extends string>(rows: readonly (readonly [K, string, string])[]) =>
  Object.fromEntries(rows.map(([k, zh, en]) => [k, { 'zh-CN': zh, 'en-US': en }])) as Labels<K>;

/** `YYYY-MM-DD` and an ISO date-time with its offset, as every contract takes them. */
export const IsoDate = z.iso.date();
export const IsoDateTime = z.iso.datetime({ offset: true });
/** An org as a row names it. */
export const OrgRef = z.object({ id: z.number().int(), name: z.string() });
