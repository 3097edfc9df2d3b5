import { z } from 'zod';
import { OrgSummary } from './organizations.js';
import { CategoryCode } from './demands.js';

const Text = (max: number) => z.string().trim().min(1).max(max);

// 诉求与点单 (PRODUCT §2.4), part of ./demands.ts: the service catalogue 服务清单 residents order from.

/* ---------------------------------------------------------------- the service catalogue 服务清单 */

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time');
export const OpeningHours = z
  .array(z.strictObject({ days: z.array(z.number().int().min(1).max(7)).min(1).max(7), from: Time, to: Time }))
  .max(7);
export type OpeningHours = z.infer<typeof OpeningHours>;
export const ServiceItemInput = z.strictObject({
  orgId: z.number().int().positive(),
  category: CategoryCode,
  name: Text(60),
  description: z.string().trim().max(1000).default(''),
  provider: z.string().trim().max(100).nullable().optional(),
  place: z.string().trim().max(200).nullable().optional(),
  openingHours: OpeningHours.default([]),
  /** Orders accepted per week (Monday to Sunday, China time); null = no limit. */
  weeklyCapacity: z.number().int().min(1).max(10_000).nullable().optional(),
  active: z.boolean().default(true),
});
export type ServiceItemInput = z.infer<typeof ServiceItemInput>;
export const UpdateServiceItemInput = ServiceItemInput.omit({ orgId: true }).partial();
export const ServiceItem = z.object({
  id: z.number().int(),
  org: OrgSummary,
  category: z.string(),
  name: z.string(),
  description: z.string(),
  provider: z.string().nullable(),
  place: z.string().nullable(),
  openingHours: OpeningHours,
  weeklyCapacity: z.number().int().nullable(),
  /** Orders taken this week (China time). */
  orderedThisWeek: z.number().int(),
  active: z.boolean(),
});
export type ServiceItem = z.infer<typeof ServiceItem>;
export const ServiceItemIdParams = z.object({ itemId: z.coerce.number().int().positive() });
export const CatalogueQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** Whether an opening-hours table has the service open on an ISO weekday (1 = Monday). */
export function openOnWeekday(hours: OpeningHours, weekday: number): boolean {
  return hours.length === 0 || hours.some((h) => h.days.includes(weekday));
}
