import { z } from 'zod';
import { defineStateMachine } from './state-machine.js';
import { LocalizedText } from './errors.js';
import { CategoryCode, Urgency } from './demands.js';
import { OrgSummary } from './organizations.js';

/*
 * 走访 (PRODUCT §2.3): "三访" campaigns launched by a higher org for its subtree, and visit records — campaign visits
 * and the routine contact visits of 执委 use the same record. Each need found becomes a demand in one step.
 */

/** The tiers a campaign sets targets for, by org type. */
export const CAMPAIGN_LEVELS = ['city', 'district', 'town', 'village'] as const;
export const CampaignLevel = z.enum(CAMPAIGN_LEVELS);
export type CampaignLevel = z.infer<typeof CampaignLevel>;
export const CAMPAIGN_LEVEL_ORG_TYPES: Record<CampaignLevel, readonly string[]> = {
  city: ['city_federation'],
  district: ['district_federation', 'functional_zone_federation'],
  town: ['town_federation'],
  village: ['village_federation'],
};
export const CAMPAIGN_LEVEL_LABELS: Record<CampaignLevel, LocalizedText> = {
  city: { 'zh-CN': '市级', 'en-US': 'City' },
  district: { 'zh-CN': '区县级', 'en-US': 'District' },
  town: { 'zh-CN': '镇街级', 'en-US': 'Town' },
  village: { 'zh-CN': '村社级', 'en-US': 'Village' },
};
export function campaignLevelOf(orgType: string): CampaignLevel | null {
  for (const l of CAMPAIGN_LEVELS) if (CAMPAIGN_LEVEL_ORG_TYPES[l].includes(orgType)) return l;
  return null;
}

/** Who must visit at a level: staff holding these roles at each org of the level. */
export const VisitorRole = z.enum(['cadre', 'executive_member']);

export const CampaignTarget = z.strictObject({
  level: CampaignLevel,
  /** Whom to visit, e.g. 困难妇女, 新婚新育家庭, 新领域组织 (free labels; tag codes where they exist). */
  targetGroups: z.array(z.string().trim().min(1).max(30)).min(1).max(10),
  visitorRoles: z.array(VisitorRole).min(1).max(2),
  /** Visits planned for each org of the level. */
  plannedPerOrg: z.number().int().min(0).max(10_000),
  /** Visits each visitor of such an org owes (per-cadre progress); null = only the org's total counts. */
  plannedPerVisitor: z.number().int().min(1).max(1_000).nullable().optional(),
});
export type CampaignTarget = z.infer<typeof CampaignTarget>;

const IsoDate = z.iso.date();

export const CampaignInput = z.strictObject({
  orgId: z.number().int().positive(),
  name: z.string().trim().min(2).max(100),
  description: z.string().trim().max(2000).default(''),
  startsOn: IsoDate,
  endsOn: IsoDate,
  targets: z.array(CampaignTarget).min(1).max(4),
});
export type CampaignInput = z.infer<typeof CampaignInput>;

export const CAMPAIGN_STATES = ['upcoming', 'active', 'ended', 'closed'] as const;
export const CampaignStatus = z.enum(CAMPAIGN_STATES);
/** Upcoming, active and ended follow the calendar; closing is the one action a cadre takes. */
export const CAMPAIGN_MACHINE = defineStateMachine<(typeof CAMPAIGN_STATES)[number], 'close'>({
  states: CAMPAIGN_STATES,
  transitions: { close: { from: ['upcoming', 'active', 'ended'], to: 'closed' } },
});
export const Campaign = z.object({
  id: z.number().int(),
  org: OrgSummary,
  name: z.string(),
  description: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  targets: z.array(CampaignTarget),
  status: CampaignStatus,
  planned: z.number().int(),
  done: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  canClose: z.boolean(),
});
export type Campaign = z.infer<typeof Campaign>;
export const CampaignIdParams = z.object({ campaignId: z.coerce.number().int().positive() });
export const CampaignListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  status: CampaignStatus.optional(),
});

/**
 * Progress of one org's part: planned vs done for it (rolled up over its subtree), each child, and each visitor at it.
 */
export const CampaignProgressQuery = z.object({ orgId: z.coerce.number().int().positive().optional() });
export const ProgressRow = z.object({
  org: OrgSummary,
  planned: z.number().int(),
  done: z.number().int(),
  rate: z.number().nullable(),
});
export const VisitorProgressRow = z.object({
  user: z.object({ id: z.number().int(), displayName: z.string() }),
  planned: z.number().int(),
  done: z.number().int(),
});
export const CampaignProgress = z.object({
  campaignId: z.number().int(),
  self: ProgressRow,
  children: z.array(ProgressRow),
  visitors: z.array(VisitorProgressRow),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

export const VISIT_KINDS = ['campaign', 'routine', 'other'] as const;
export const VisitKind = z.enum(VISIT_KINDS);
export type VisitKind = z.infer<typeof VisitKind>;

export const VisitNeedInput = z.strictObject({
  category: CategoryCode,
  urgency: Urgency.default('ordinary'),
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(2000),
  /** Put it in the demand queue at once (the usual case); otherwise it stays a note until converted. */
  toDemand: z.boolean().default(true),
});

export const VisitInput = z.strictObject({
  orgId: z.number().int().positive(),
  campaignId: z.number().int().positive().nullable().optional(),
  kind: VisitKind.default('other'),
  visitedOn: IsoDate,
  place: z.string().trim().min(1).max(200),
  /** Staff who visited; empty = the recorder. An executive member can record only visits she made. */
  visitorUserIds: z.array(z.number().int().positive()).max(10).default([]),
  companions: z.string().trim().max(200).nullable().optional(),
  personIds: z.array(z.number().int().positive()).max(50).default([]),
  familyIds: z.array(z.number().int().positive()).max(20).default([]),
  orgIds: z.array(z.number().int().positive()).max(20).default([]),
  situation: z.string().trim().min(1).max(4000),
  needs: z.array(VisitNeedInput).max(20).default([]),
  followUpOn: IsoDate.nullable().optional(),
});
export type VisitInput = z.infer<typeof VisitInput>;

export const VisitNeed = z.object({
  id: z.number().int(),
  category: z.string(),
  urgency: Urgency,
  title: z.string(),
  description: z.string(),
  demandId: z.number().int().nullable(),
  demandState: z.string().nullable(),
});
export const VisitPhoto = z.object({
  id: z.number().int(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
});

export const Visit = z.object({
  id: z.number().int(),
  org: OrgSummary,
  campaign: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  kind: VisitKind,
  visitedOn: z.string(),
  place: z.string(),
  visitors: z.array(z.object({ id: z.number().int(), displayName: z.string() })),
  companions: z.string().nullable(),
  persons: z.array(z.object({ id: z.number().int(), name: z.string() })),
  families: z.array(z.object({ id: z.number().int(), name: z.string() })),
  orgs: z.array(OrgSummary),
  situation: z.string(),
  needs: z.array(VisitNeed),
  photos: z.array(VisitPhoto),
  followUpOn: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  canEdit: z.boolean(),
});
export type Visit = z.infer<typeof Visit>;
export const VisitListItem = Visit.pick({
  id: true,
  org: true,
  campaign: true,
  kind: true,
  visitedOn: true,
  place: true,
  visitors: true,
  followUpOn: true,
  createdBy: true,
}).extend({
  subjects: z.string(),
  needCount: z.number().int(),
  photoCount: z.number().int(),
});
export type VisitListItem = z.infer<typeof VisitListItem>;
export const VisitIdParams = z.object({ visitId: z.coerce.number().int().positive() });
export const VisitListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  campaignId: z.coerce.number().int().positive().optional(),
  kind: VisitKind.optional(),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type VisitListQuery = z.infer<typeof VisitListQuery>;
