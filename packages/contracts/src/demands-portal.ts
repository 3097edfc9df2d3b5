import { z } from 'zod';
import { IsoDate } from './labels.js';
import { LocalizedText } from './errors.js';
import { MobilePhone } from './people.js';
import { CategoryCode, DemandState, Rating, Urgency } from './demands.js';
import { ServiceItem } from './demands-catalogue.js';

const Text = (max: number) => z.string().trim().min(1).max(max);

// 诉求与点单 (PRODUCT §2.4), part of ./demands.ts: what residents send and see on the portal (/h5).

/* ---------------------------------------------------------------- the residents' portal */

export const PortalOrderInput = z.strictObject({
  serviceItemId: z.number().int().positive(),
  description: Text(2000),
  preferredDate: IsoDate.nullable().optional(),
});
export const PortalHelpInput = z.strictObject({
  orgId: z.number().int().positive(),
  category: CategoryCode,
  urgency: Urgency.default('ordinary'),
  description: Text(2000),
  /** Anonymous: nothing ties the request to her account; the tracking code is the only way back to it. */
  anonymous: z.boolean().default(false),
  contactPhone: MobilePhone.nullable().optional(),
});
export const PortalRateInput = z.strictObject({ rating: Rating, comment: z.string().trim().max(500).optional() });
export const PortalCancelInput = z.strictObject({ note: Text(500) });
/** What a resident sees of her request: never internal notes, assignees or other people's data. */
export const PortalDemand = z.object({
  id: z.number().int(),
  code: z.string(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  category: z.string(),
  title: z.string(),
  description: z.string(),
  state: DemandState,
  serviceItem: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  preferredDate: z.string().nullable(),
  receivedAt: z.string(),
  feedbackDueAt: z.string(),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  rating: Rating.nullable(),
  canRate: z.boolean(),
  canCancel: z.boolean(),
  progress: z.array(z.object({ at: z.string(), state: DemandState, text: LocalizedText })),
});
export type PortalDemand = z.infer<typeof PortalDemand>;
export const PortalHelpReceipt = z.object({ demand: PortalDemand, trackingCode: z.string().nullable() });
export const TrackingCode = z
  .string()
  .trim()
  .regex(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/, 'tracking-code');
export const TrackingCodeParams = z.object({ code: TrackingCode });
export const PortalServiceItem = ServiceItem.omit({ org: true }).extend({
  org: z.object({ id: z.number().int(), name: z.string(), type: z.string() }),
  full: z.boolean(),
});
export const PortalCatalogue = z.object({
  village: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  town: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  items: z.array(PortalServiceItem),
});
