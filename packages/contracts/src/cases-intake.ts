import { z } from 'zod';
import { IsoDate, IsoDateTime } from './labels.js';
import { MobilePhone, Gender, PersonInput } from './people.js';
import { CaseChannel, CaseType, PartyRole, RiskIndicatorCode } from './cases.js';

// Rights protection 维权: intake — parties and the forms of each channel.

/**
 * A party is a registry person (existing or registered now) or, for those who must not enter the registry, kept
 * encrypted on the case.
 */
export const PartyInput = z.union([
  z.strictObject({
    role: PartyRole,
    personId: z.number().int().positive(),
    relationship: z.string().trim().max(20).optional(),
  }),
  z.strictObject({
    role: PartyRole,
    newPerson: PersonInput.omit({ tags: true }),
    relationship: z.string().trim().max(20).optional(),
  }),
  z.strictObject({
    role: PartyRole,
    unregistered: z.strictObject({
      name: z.string().trim().max(50).optional(),
      phone: MobilePhone.optional(),
      gender: Gender.optional(),
      minor: z.boolean().default(false),
    }),
    relationship: z.string().trim().max(20).optional(),
  }),
]);
export type PartyInput = z.infer<typeof PartyInput>;

/* Intake */
export const HotlineSheet = z.strictObject({
  calledAt: IsoDateTime,
  callerName: z.string().trim().max(50).optional(),
  callbackPhone: MobilePhone.optional(),
  anonymous: z.boolean().default(false),
  operator: z.string().trim().max(50).optional(),
});
export const MandatoryReportInfo = z.strictObject({
  reporterOrg: z.string().trim().min(2).max(100),
  policeReportedAt: IsoDateTime,
  policeReceiptNo: z.string().trim().min(3).max(50),
});
export const PublicOpinionInfo = z.strictObject({
  platform: z.string().trim().min(1).max(50),
  url: z.url().max(500).optional(),
  discoveredAt: IsoDateTime,
});
export const GridReportInfo = z.strictObject({
  gridName: z.string().trim().min(1).max(50),
  reporterName: z.string().trim().min(1).max(50),
});

export const CaseIntakeInput = z.strictObject({
  orgId: z.number().int().positive(),
  channel: CaseChannel,
  caseType: CaseType,
  narrative: z.string().trim().min(5).max(5000),
  occurredOn: IsoDate.optional(),
  involvesMinor: z.boolean().default(false),
  hotline: HotlineSheet.optional(),
  mandatoryReport: MandatoryReportInfo.optional(),
  publicOpinion: PublicOpinionInfo.optional(),
  gridReport: GridReportInfo.optional(),
  /** demand / visit need being converted (demand / visit channel). */
  sourceRef: z.strictObject({ type: z.enum(['demand', 'visit']), id: z.number().int().positive() }).optional(),
  parties: z.array(PartyInput).min(1).max(12),
  /** Assessment recorded with the intake (optional). */
  indicators: z.array(RiskIndicatorCode).max(20).optional(),
  /** Another worker to assign; the person taking the intake otherwise. */
  workerId: z.number().int().positive().optional(),
});
export type CaseIntakeInput = z.infer<typeof CaseIntakeInput>;

/**
 * 诉求转维权: what the worker adds when a demand becomes a case. The channel, org, source and (unless given) the victim
 * come from the demand; the narrative defaults to the demand's title and description.
 */
export const CaseFromDemandInput = z.strictObject({
  caseType: CaseType,
  narrative: z.string().trim().min(5).max(5000).optional(),
  occurredOn: IsoDate.optional(),
  involvesMinor: z.boolean().optional(),
  parties: z.array(PartyInput).min(1).max(12).optional(),
  indicators: z.array(RiskIndicatorCode).max(20).optional(),
  workerId: z.number().int().positive().optional(),
});
export type CaseFromDemandInput = z.infer<typeof CaseFromDemandInput>;
