import { z } from 'zod';
import { defineStateMachine } from './state-machine.js';
import { LocalizedText } from './errors.js';
import { OrgSummary } from './organizations.js';

/*
 * 志愿服务 (PRODUCT §2.7): teams of an org — 巾帼志愿服务队 and 巾帼宣讲队 alike, told apart by their kind — their
 * members (registry persons, with an account of the volunteer role when they have one), skills and availability; the
 * hours they serve, from service orders (demands dispatched to them), call-ups (动员/下沉) and activities.
 */

const IsoDate = z.iso.date();

export const TEAM_KINDS = ['volunteer', 'talk'] as const;
export const TeamKind = z.enum(TEAM_KINDS);
export type TeamKind = z.infer<typeof TeamKind>;
export const TEAM_KIND_LABELS: Record<TeamKind, LocalizedText> = {
  volunteer: { 'zh-CN': '巾帼志愿服务队', 'en-US': 'Volunteer team' },
  talk: { 'zh-CN': '巾帼宣讲队', 'en-US': 'Talk team' },
};

/** Skills a volunteer offers (the service catalogue's words; free labels beyond them are refused). */
export const VOLUNTEER_SKILLS = [
  'legal',
  'psychology',
  'family_education',
  'mediation',
  'health',
  'childcare',
  'elder_care',
  'employment',
  'ecommerce',
  'handicraft',
  'talks',
  'culture',
  'other',
] as const;
export const VolunteerSkill = z.enum(VOLUNTEER_SKILLS);
export type VolunteerSkill = z.infer<typeof VolunteerSkill>;
export const SKILL_LABELS: Record<VolunteerSkill, LocalizedText> = {
  legal: { 'zh-CN': '法律咨询', 'en-US': 'Legal advice' },
  psychology: { 'zh-CN': '心理疏导', 'en-US': 'Counselling' },
  family_education: { 'zh-CN': '家庭教育', 'en-US': 'Family education' },
  mediation: { 'zh-CN': '矛盾调解', 'en-US': 'Mediation' },
  health: { 'zh-CN': '医疗健康', 'en-US': 'Health' },
  childcare: { 'zh-CN': '儿童关爱', 'en-US': 'Childcare' },
  elder_care: { 'zh-CN': '助老服务', 'en-US': 'Elder care' },
  employment: { 'zh-CN': '就业创业', 'en-US': 'Jobs' },
  ecommerce: { 'zh-CN': '电商直播', 'en-US': 'E-commerce' },
  handicraft: { 'zh-CN': '手工技艺', 'en-US': 'Handicraft' },
  talks: { 'zh-CN': '政策宣讲', 'en-US': 'Talks' },
  culture: { 'zh-CN': '文体活动', 'en-US': 'Culture and sports' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

/** When a volunteer can serve. */
export const AVAILABILITY = ['weekday_daytime', 'weekday_evening', 'weekend', 'holidays', 'on_call'] as const;
export const Availability = z.enum(AVAILABILITY);
export type Availability = z.infer<typeof Availability>;
export const AVAILABILITY_LABELS: Record<Availability, LocalizedText> = {
  weekday_daytime: { 'zh-CN': '工作日白天', 'en-US': 'Weekday daytime' },
  weekday_evening: { 'zh-CN': '工作日晚上', 'en-US': 'Weekday evenings' },
  weekend: { 'zh-CN': '周末', 'en-US': 'Weekends' },
  holidays: { 'zh-CN': '节假日', 'en-US': 'Holidays' },
  on_call: { 'zh-CN': '随叫随到', 'en-US': 'On call' },
};

export const TeamInput = z.strictObject({
  orgId: z.number().int().positive(),
  kind: TeamKind,
  name: z.string().trim().min(2).max(100),
  description: z.string().trim().max(2000).default(''),
  foundedOn: IsoDate,
});
export type TeamInput = z.infer<typeof TeamInput>;
export const TeamPatch = z.strictObject({
  name: z.string().trim().min(2).max(100).optional(),
  description: z.string().trim().max(2000).optional(),
  /** Dissolving keeps the team and its history; it no longer takes members. */
  status: z.enum(['active', 'dissolved']).optional(),
});
export const Team = z.object({
  id: z.number().int(),
  org: OrgSummary,
  kind: TeamKind,
  name: z.string(),
  description: z.string(),
  foundedOn: z.string(),
  status: z.enum(['active', 'dissolved']),
  memberCount: z.number().int(),
  /** Hours its members served this year (from the hours ledger). */
  hoursThisYear: z.number(),
});
export type Team = z.infer<typeof Team>;
export const TeamIdParams = z.object({ teamId: z.coerce.number().int().positive() });
export const TeamListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  kind: TeamKind.optional(),
});

export const VolunteerInput = z.strictObject({
  orgId: z.number().int().positive(),
  personId: z.number().int().positive(),
  /** Her staff account of the volunteer role, when she has one: she then answers call-ups and orders herself. */
  userId: z.number().int().positive().nullable().optional(),
  skills: z.array(VolunteerSkill).max(13).default([]),
  availability: z.array(Availability).max(5).default([]),
  joinedOn: IsoDate,
  teamIds: z.array(z.number().int().positive()).max(10).default([]),
});
export type VolunteerInput = z.infer<typeof VolunteerInput>;
export const VolunteerPatch = z.strictObject({
  userId: z.number().int().positive().nullable().optional(),
  skills: z.array(VolunteerSkill).max(13).optional(),
  availability: z.array(Availability).max(5).optional(),
  status: z.enum(['active', 'inactive']).optional(),
  teamIds: z.array(z.number().int().positive()).max(10).optional(),
});
export const Volunteer = z.object({
  id: z.number().int(),
  org: OrgSummary,
  person: z.object({ id: z.number().int(), name: z.string(), idNumberMasked: z.string().nullable() }),
  user: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
  skills: z.array(VolunteerSkill),
  availability: z.array(Availability),
  joinedOn: z.string(),
  status: z.enum(['active', 'inactive']),
  teams: z.array(z.object({ id: z.number().int(), name: z.string(), kind: TeamKind })),
  /** Hours served, all time and this year. */
  hoursTotal: z.number(),
  hoursThisYear: z.number(),
});
export type Volunteer = z.infer<typeof Volunteer>;
export const VolunteerIdParams = z.object({ volunteerId: z.coerce.number().int().positive() });
export const VolunteerListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  teamId: z.coerce.number().int().positive().optional(),
  skill: VolunteerSkill.optional(),
  availability: Availability.optional(),
  q: z.string().trim().max(50).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Where an hour of service came from. `other`: recorded by hand (a service outside the platform's records). */
export const HOUR_SOURCES = ['demand', 'call_up', 'activity', 'other'] as const;
export const HourSource = z.enum(HOUR_SOURCES);
export type HourSource = z.infer<typeof HourSource>;
/** Hours in steps of a quarter hour, at most 24 a day. */
export const Hours = z.number().multipleOf(0.25).positive().max(24);

export const HoursInput = z.strictObject({
  volunteerId: z.number().int().positive(),
  servedOn: IsoDate,
  hours: Hours,
  /** A service order (demand id) dispatched to the volunteer's account; omit for a service recorded by hand. */
  demandId: z.number().int().positive().optional(),
  note: z.string().trim().min(1).max(500),
});
export type HoursInput = z.infer<typeof HoursInput>;
export const HoursEntry = z.object({
  id: z.number().int(),
  volunteer: z.object({ id: z.number().int(), name: z.string() }),
  org: OrgSummary,
  servedOn: z.string(),
  hours: z.number(),
  source: HourSource,
  sourceId: z.number().int().nullable(),
  note: z.string(),
  recordedBy: z.string(),
});
export type HoursEntry = z.infer<typeof HoursEntry>;
export const HoursListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  volunteerId: z.coerce.number().int().positive().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A service order a volunteer took: the demands module's record, as the volunteer's page lists it. */
export const VolunteerOrder = z.object({
  demandId: z.number().int(),
  title: z.string(),
  state: z.string(),
  repliedAt: z.string().nullable(),
  hoursRecorded: z.number(),
});

/* 动员/下沉 call-ups */

export const CALL_UP_STATES = ['open', 'closed', 'cancelled'] as const;
export const CallUpState = z.enum(CALL_UP_STATES);
export type CallUpState = z.infer<typeof CallUpState>;
/** Open while people answer; closed once the org recorded who came (hours then count); cancelled before it. */
export const CALL_UP_MACHINE = defineStateMachine<CallUpState, 'close' | 'cancel'>({
  states: CALL_UP_STATES,
  transitions: {
    close: { from: ['open'], to: 'closed' },
    cancel: { from: ['open'], to: 'cancelled' },
  },
});

export const CallUpInput = z.strictObject({
  orgId: z.number().int().positive(),
  title: z.string().trim().min(2).max(100),
  description: z.string().trim().max(2000).default(''),
  place: z.string().trim().min(1).max(200),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  needed: z.number().int().min(1).max(10_000),
  /** Whom to ask: the members of these teams, these volunteers, and these staff (执委, women's group leaders). */
  teamIds: z.array(z.number().int().positive()).max(20).default([]),
  volunteerIds: z.array(z.number().int().positive()).max(500).default([]),
  userIds: z.array(z.number().int().positive()).max(500).default([]),
});
export type CallUpInput = z.infer<typeof CallUpInput>;
export const RESPONSES = ['pending', 'accepted', 'declined'] as const;
export const CallUpResponse = z.enum(RESPONSES);
export type CallUpResponse = z.infer<typeof CallUpResponse>;
export const CallUpInvitee = z.object({
  id: z.number().int(),
  name: z.string(),
  volunteerId: z.number().int().nullable(),
  userId: z.number().int().nullable(),
  response: CallUpResponse,
  respondedAt: z.string().nullable(),
  attended: z.boolean().nullable(),
  hours: z.number().nullable(),
});
export const CallUp = z.object({
  id: z.number().int(),
  org: OrgSummary,
  title: z.string(),
  description: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  needed: z.number().int(),
  state: CallUpState,
  accepted: z.number().int(),
  declined: z.number().int(),
  pending: z.number().int(),
  attended: z.number().int(),
  invitees: z.array(CallUpInvitee),
  /** The caller's own invitation, when she is asked. */
  myInvitation: z.object({ id: z.number().int(), response: CallUpResponse }).nullable(),
  createdBy: z.string(),
  canManage: z.boolean(),
});
export type CallUp = z.infer<typeof CallUp>;
export const CallUpListItem = CallUp.omit({ invitees: true, description: true });
export type CallUpListItem = z.infer<typeof CallUpListItem>;
export const CallUpIdParams = z.object({ callUpId: z.coerce.number().int().positive() });
export const CallUpListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  state: CallUpState.optional(),
  /** Only those the caller is asked to. */
  mine: z.coerce.boolean().optional(),
});
export const CallUpAnswer = z.strictObject({
  response: z.enum(['accepted', 'declined']),
  /** The org answers for an invitee it reached by phone; omit to answer for oneself. */
  inviteeId: z.number().int().positive().optional(),
});
export const AttendanceInput = z.strictObject({
  /** Who came and for how long; invitees not listed did not come. */
  attended: z.array(z.strictObject({ inviteeId: z.number().int().positive(), hours: Hours })).max(10_000),
});

/* figures (the live counters) */

export const VolunteerFiguresQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  by: z.enum(['self', 'children']).default('self'),
});
export const VolunteerFigureRow = z.object({
  org: OrgSummary,
  teamsFounded: z.number().int(),
  talkTeamsFounded: z.number().int(),
  volunteersJoined: z.number().int(),
  services: z.number().int(),
  hours: z.number(),
});
export type VolunteerFigureRow = z.infer<typeof VolunteerFigureRow>;
export const VolunteerFigures = z.object({ from: z.string(), to: z.string(), rows: z.array(VolunteerFigureRow) });
