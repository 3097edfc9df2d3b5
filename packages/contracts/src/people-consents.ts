import { z } from 'zod';
import { IsoDateTime, labels } from './labels.js';

/*
 * Consent records (个人信息保护法 §28–31, decision 0016): separate consent for processing sensitive personal data, a
 * guardian's consent for a child under 14, and consent for other stated purposes — who gave it, how, when, for what,
 * and when and why it was withdrawn.
 */

/** Under this age a child's personal data is sensitive and only her guardian may consent (个人信息保护法 §28, §31). */
export const CONSENT_CHILD_AGE = 14;

export const CONSENT_KINDS = ['sensitive', 'guardian_child', 'other'] as const;
export const ConsentKind = z.enum(CONSENT_KINDS);
export type ConsentKind = z.infer<typeof ConsentKind>;
export const CONSENT_KIND_LABELS = labels<ConsentKind>([
  ['sensitive', '敏感个人信息处理单独同意', 'Separate consent to process sensitive data'],
  ['guardian_child', '不满十四周岁未成年人监护人同意', 'Guardian consent for a child under 14'],
  ['other', '其他目的同意', 'Consent for another purpose'],
]);

export const CONSENT_METHODS = ['written', 'oral', 'portal'] as const;
export const ConsentMethod = z.enum(CONSENT_METHODS);
export type ConsentMethod = z.infer<typeof ConsentMethod>;
export const CONSENT_METHOD_LABELS = labels<ConsentMethod>([
  ['written', '书面', 'Written form'],
  ['oral', '口头', 'Oral'],
  ['portal', '线上（居民端）', 'Online (portal)'],
]);

export const ConsentInput = z.strictObject({
  kind: ConsentKind,
  purpose: z.string().trim().min(2).max(500),
  /** Who consented: the person herself (null) or one of her guardians (a registry person linked as her guardian). */
  guardianId: z.number().int().positive().nullable().default(null),
  method: ConsentMethod,
  givenAt: IsoDateTime,
  /** Where the evidence is kept (the signed form's file number, the recording's reference). */
  evidenceNote: z.string().trim().max(200).nullable().default(null),
});
export type ConsentInput = z.input<typeof ConsentInput>;

export const WithdrawConsentInput = z.strictObject({
  reason: z.string().trim().min(2).max(300),
  withdrawnAt: IsoDateTime.optional(),
});

export const ConsentParams = z.object({
  personId: z.coerce.number().int().positive(),
  consentId: z.coerce.number().int().positive(),
});

export const Consent = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  kind: ConsentKind,
  purpose: z.string(),
  givenBy: z.object({ kind: z.enum(['self', 'guardian']), personId: z.number().int(), name: z.string() }),
  method: ConsentMethod,
  givenAt: z.string(),
  evidenceNote: z.string().nullable(),
  recordedBy: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
  active: z.boolean(),
});
export type Consent = z.infer<typeof Consent>;
