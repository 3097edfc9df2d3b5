import { z } from 'zod';
import { OrgSummary } from './organizations.js';
import { MobilePhone } from './people.js';

/*
 * Residents (群众) of the public portal: a phone number and a one-time code, their own session cookie. A resident is
 * not a registry person; a cadre may link her to one after confirming who she is (the portal never shows registry
 * data).
 */

export const LOGIN_CODE_RULES = {
  length: 6,
  ttlMinutes: 5,
  maxAttempts: 5,
  resendSeconds: 60,
  perPhonePerDay: 10,
} as const;

export const ResidentCodeRequest = z.strictObject({ phone: MobilePhone });
export const ResidentCodeSent = z.object({
  sentTo: z.string(),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
  channel: z.enum(['sms', 'development']),
});
export const ResidentLoginInput = z.strictObject({
  phone: MobilePhone,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'code'),
});
export const ResidentProfileInput = z.strictObject({
  nickname: z.string().trim().min(1).max(20).nullable().optional(),
  /** Her village or community: the catalogue she sees is its and its town's. */
  villageId: z.number().int().positive().nullable().optional(),
});

export const PortalMe = z.object({
  id: z.number().int(),
  phone: z.string(), // masked
  nickname: z.string().nullable(),
  village: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  town: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  csrfToken: z.string(),
});
export type PortalMe = z.infer<typeof PortalMe>;

export const PortalPlace = z.object({ id: z.number().int(), name: z.string(), type: z.string() });
export const PortalPlacesQuery = z.object({
  parentId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(30).optional(),
});

export const PortalNotice = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});

/** Staff view of a resident (phone masked); linking to a registry person is a cadre's confirmed act. */
export const Resident = z.object({
  id: z.number().int(),
  phone: z.string(),
  nickname: z.string().nullable(),
  village: OrgSummary.nullable(),
  person: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  linkedBy: z.string().nullable(),
  linkedAt: z.string().nullable(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type Resident = z.infer<typeof Resident>;
export const ResidentIdParams = z.object({ residentId: z.coerce.number().int().positive() });
export const LinkResidentInput = z.strictObject({
  personId: z.number().int().positive(),
  reason: z.string().trim().min(4).max(200),
});
