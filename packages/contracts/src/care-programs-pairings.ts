import { z } from 'zod';
import type { LocalizedText } from './errors.js';
import { defineStateMachine } from './state-machine.js';

/*
 * 爱心妈妈 (PRODUCT §2.6): a volunteer or cadre paired with a left-behind child or a child in difficulty of the registry,
 * with the contacts she records and a required contact frequency; a pairing without a contact within its frequency
 * is overdue. 微心愿 lives in care-programs-wishes.ts.
 */

const IsoDate = z.iso.date();
const Id = z.number().int().positive();

export const MOTHER_KINDS = ['volunteer', 'cadre'] as const;
export const MotherKind = z.enum(MOTHER_KINDS);
export const MOTHER_KIND_LABELS: Record<z.infer<typeof MotherKind>, LocalizedText> = {
  volunteer: { 'zh-CN': '志愿者', 'en-US': 'Volunteer' },
  cadre: { 'zh-CN': '干部', 'en-US': 'Cadre' },
};
export const CONTACT_WAYS = ['visit', 'phone', 'video', 'letter', 'activity'] as const;
export const ContactWay = z.enum(CONTACT_WAYS);
export const CONTACT_WAY_LABELS: Record<z.infer<typeof ContactWay>, LocalizedText> = {
  visit: { 'zh-CN': '上门看望', 'en-US': 'Home visit' },
  phone: { 'zh-CN': '电话', 'en-US': 'Phone call' },
  video: { 'zh-CN': '视频', 'en-US': 'Video call' },
  letter: { 'zh-CN': '书信', 'en-US': 'Letter' },
  activity: { 'zh-CN': '一起参加活动', 'en-US': 'Activity together' },
};

export const PAIRING_STATES = ['active', 'ended'] as const;
export const PairingState = z.enum(PAIRING_STATES);
export const PAIRING_STATE_LABELS: Record<z.infer<typeof PairingState>, LocalizedText> = {
  active: { 'zh-CN': '结对中', 'en-US': 'Active' },
  ended: { 'zh-CN': '已结束', 'en-US': 'Ended' },
};
export const PAIRING_MACHINE = defineStateMachine<z.infer<typeof PairingState>, 'contact' | 'end'>({
  states: PAIRING_STATES,
  transitions: { contact: { from: ['active'], to: 'active' }, end: { from: ['active'], to: 'ended' } },
});

export const PairingInput = z.strictObject({
  orgId: Id,
  childPersonId: Id,
  motherKind: MotherKind,
  motherName: z.string().trim().min(2).max(40),
  motherPhone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/)
    .nullable()
    .default(null),
  startsOn: IsoDate,
  endsOn: IsoDate.nullable().default(null),
  /** At least one contact every so many days (30: monthly). */
  contactEveryDays: z.number().int().min(1).max(366),
  note: z.string().trim().max(500).default(''),
});
export const ContactInput = z.strictObject({
  contactedOn: IsoDate,
  way: ContactWay,
  note: z.string().trim().min(2).max(1000),
});
export const EndPairingInput = z.strictObject({ endedOn: IsoDate, reason: z.string().trim().min(2).max(500) });

export const PairingContact = z.object({
  id: z.number(),
  contactedOn: z.string(),
  way: ContactWay,
  note: z.string(),
  recordedBy: z.string(),
});
export const Pairing = z.object({
  id: z.number(),
  org: z.object({ id: z.number(), name: z.string() }),
  child: z.object({ id: z.number(), name: z.string() }),
  motherKind: MotherKind,
  motherName: z.string(),
  /** Masked (138****0000). */
  motherPhone: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  contactEveryDays: z.number(),
  note: z.string(),
  state: PairingState,
  endedReason: z.string().nullable(),
  lastContactOn: z.string().nullable(),
  /** The day by which the next contact is due. */
  nextContactDue: z.string().nullable(),
  overdue: z.boolean(),
  contacts: z.array(PairingContact),
});
export type Pairing = z.infer<typeof Pairing>;
export const PairingListQuery = z.object({
  state: PairingState.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const PairingIdParams = z.object({ pairingId: z.coerce.number().int().positive() });
