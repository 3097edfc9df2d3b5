import { z } from 'zod';
import { defineStateMachine } from './state-machine.js';
import { LocalizedText } from './errors.js';
import { OrgSummary } from './organizations.js';
import { MobilePhone } from './people.js';

/*
 * 活动 (PRODUCT §2.7): talks, trainings, lectures, job fairs, contests, volunteer services and children's programmes,
 * planned by an org for its subtree or one of its spaces (阵地); registration and QR check-in on a phone; attendance
 * (人次) and people reached; trainings of cadres and 执委 recorded per person in hours or credits.
 */

export const ACTIVITY_KINDS = {
  talk: { 'zh-CN': '宣讲', 'en-US': 'Talk' },
  training: { 'zh-CN': '培训', 'en-US': 'Training' },
  lecture: { 'zh-CN': '家庭教育讲座', 'en-US': 'Family-education lecture' },
  job_fair: { 'zh-CN': '招聘会', 'en-US': 'Job fair' },
  contest: { 'zh-CN': '技能竞赛', 'en-US': 'Skills contest' },
  volunteer_service: { 'zh-CN': '志愿服务', 'en-US': 'Volunteer service' },
  children: { 'zh-CN': '儿童活动', 'en-US': "Children's programme" },
} as const satisfies Record<string, LocalizedText>;
export type ActivityKind = keyof typeof ACTIVITY_KINDS;
export const ActivityKind = z.enum(Object.keys(ACTIVITY_KINDS) as [ActivityKind, ...ActivityKind[]]);

export const ACTIVITY_STATES = ['planned', 'open', 'held', 'summarised', 'cancelled'] as const;
export const ActivityStatus = z.enum(ACTIVITY_STATES);
export type ActivityStatus = z.infer<typeof ActivityStatus>;
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, LocalizedText> = {
  planned: { 'zh-CN': '计划中', 'en-US': 'Planned' },
  open: { 'zh-CN': '报名中', 'en-US': 'Open for registration' },
  held: { 'zh-CN': '已举办', 'en-US': 'Held' },
  summarised: { 'zh-CN': '已总结', 'en-US': 'Summarised' },
  cancelled: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
};
export type ActivityAction = 'open' | 'hold' | 'summarise' | 'cancel';
/**
 * planned → open for registration → held → summarised, or cancelled before it is held. `hold` is also taken by the
 * first check-in; a summary may be corrected (summarised → summarised).
 */
export const ACTIVITY_MACHINE = defineStateMachine<ActivityStatus, ActivityAction>({
  states: ACTIVITY_STATES,
  transitions: {
    open: { from: ['planned'], to: 'open' },
    hold: { from: ['planned', 'open'], to: 'held' },
    summarise: { from: ['held', 'summarised'], to: 'summarised' },
    cancel: { from: ['planned', 'open'], to: 'cancelled' },
  },
});

const IsoDateTime = z.iso.datetime({ offset: true });
const Text = (max: number) => z.string().trim().max(max);

export const ActivityInput = z.strictObject({
  orgId: z.number().int().positive(),
  kind: ActivityKind,
  title: Text(100).min(2),
  topic: Text(200).default(''),
  /** Whom it is for: 妇女群众, 执委, 家长, 儿童 … */
  audience: Text(100).default(''),
  /** A space (阵地) of the org's subtree, or an address, or both. */
  spaceId: z.number().int().positive().nullable().optional(),
  address: Text(200).nullable().optional(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  organiser: Text(100).min(1),
  speakers: z.array(Text(50).min(1)).max(20).default([]),
  /** Registry persons among the speakers (宣讲员, trainers), so their talks count for them. */
  speakerPersonIds: z.array(z.number().int().positive()).max(20).default([]),
  partnerOrgIds: z.array(z.number().int().positive()).max(20).default([]),
  /** Partners outside the network (companies, schools, agencies). */
  partners: Text(200).default(''),
  budgetYuan: z.number().min(0).max(100_000_000).nullable().optional(),
  /** Hours or credits an attendee earns (trainings). */
  hours: z.number().min(0).max(200).nullable().optional(),
  credits: z.number().min(0).max(100).nullable().optional(),
  /** Job fairs: posts offered. */
  postsOffered: z.number().int().min(0).max(100_000).nullable().optional(),
});
export type ActivityInput = z.infer<typeof ActivityInput>;
export const ActivityPatch = ActivityInput.omit({ orgId: true }).partial().strict();
export type ActivityPatch = z.infer<typeof ActivityPatch>;

export const ActivitySummaryInput = z.strictObject({
  summary: Text(4000).min(1),
  /** People reached beyond those checked in (online viewers, leaflets); total reached = attendance + this. */
  extraReached: z.number().int().min(0).max(10_000_000).default(0),
});
export type ActivitySummaryInput = z.infer<typeof ActivitySummaryInput>;
export const ActivityCancelInput = z.strictObject({ reason: Text(500).min(1) });

export const Activity = z.object({
  id: z.number().int(),
  org: OrgSummary,
  kind: ActivityKind,
  title: z.string(),
  topic: z.string(),
  audience: z.string(),
  space: z.object({ id: z.number().int(), name: z.string(), openingHours: z.string().nullable() }).nullable(),
  address: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int().nullable(),
  organiser: z.string(),
  speakers: z.array(z.string()),
  speakerPersons: z.array(z.object({ id: z.number().int(), name: z.string() })),
  partnerOrgs: z.array(OrgSummary),
  partners: z.string(),
  budgetYuan: z.number().nullable(),
  hours: z.number().nullable(),
  credits: z.number().nullable(),
  postsOffered: z.number().int().nullable(),
  status: ActivityStatus,
  registered: z.number().int(),
  attended: z.number().int(),
  reached: z.number().int(),
  summary: z.string().nullable(),
  photos: z.array(z.object({ id: z.number().int(), name: z.string() })),
  cancelReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  actions: z.array(z.enum(['open', 'hold', 'summarise', 'cancel'])),
});
export type Activity = z.infer<typeof Activity>;
export const ActivityListItem = Activity.pick({
  id: true,
  org: true,
  kind: true,
  title: true,
  startsAt: true,
  endsAt: true,
  status: true,
  capacity: true,
  registered: true,
  attended: true,
  reached: true,
  organiser: true,
}).extend({ place: z.string() });
export type ActivityListItem = z.infer<typeof ActivityListItem>;
export const ActivityListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  kind: ActivityKind.optional(),
  status: ActivityStatus.optional(),
  spaceId: z.coerce.number().int().positive().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;
export const ActivityIdParams = z.object({ activityId: z.coerce.number().int().positive() });

/* Registration and check-in */

export const ATTENDANCE_SOURCES = ['resident', 'walk_in', 'cadre', 'import'] as const;
export const AttendanceSource = z.enum(ATTENDANCE_SOURCES);
export const CadreRegistrationInput = z.strictObject({
  name: Text(50).min(1),
  phone: MobilePhone,
  personId: z.number().int().positive().nullable().optional(),
});
export const Registration = z.object({
  id: z.number().int(),
  name: z.string(),
  phone: z.string(), // masked
  person: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  source: z.enum(['resident', 'cadre']),
  createdAt: z.string(),
  checkedIn: z.boolean(),
});
export type Registration = z.infer<typeof Registration>;
export const Attendance = z.object({
  id: z.number().int(),
  name: z.string(),
  phone: z.string(), // masked
  person: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  source: AttendanceSource,
  checkedInAt: z.string(),
});
export type Attendance = z.infer<typeof Attendance>;
/** The organiser's live page: counts, and the check-ins after `since` (polled). */
export const AttendanceLive = z.object({
  activityId: z.number().int(),
  status: ActivityStatus,
  registered: z.number().int(),
  attended: z.number().int(),
  items: z.array(Attendance),
  /** Pass back as `afterId` to get only newer check-ins. */
  lastId: z.number().int(),
});
export type AttendanceLive = z.infer<typeof AttendanceLive>;
export const AttendanceQuery = z.object({ afterId: z.coerce.number().int().min(0).default(0) });

export const CheckInQr = z.object({
  activityId: z.number().int(),
  /** The /h5 page the QR code opens. */
  url: z.string(),
  token: z.string(),
  /** PNG data URL of the QR code. */
  image: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  expiresAt: z.string(),
});
export type CheckInQr = z.infer<typeof CheckInQr>;

/** What a resident sees of an activity on /h5 (public facts only). */
export const PublicActivity = z.object({
  id: z.number().int(),
  kind: ActivityKind,
  title: z.string(),
  topic: z.string(),
  place: z.string(),
  org: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: ActivityStatus,
  capacity: z.number().int().nullable(),
  registered: z.number().int(),
  checkInOpensAt: z.string(),
  checkInClosesAt: z.string(),
  /** Whether the signed-in resident has registered / checked in. */
  mine: z.object({ registered: z.boolean(), checkedIn: z.boolean() }).nullable(),
});
export type PublicActivity = z.infer<typeof PublicActivity>;
export const PortalRegisterInput = z.strictObject({ name: Text(50).min(1).optional() });
/** A check-in from the QR page: a signed-in resident gives nothing more; a walk-in gives name and phone. */
export const PortalCheckInInput = z.strictObject({
  token: z.string().min(1).max(300),
  name: Text(50).min(1).optional(),
  phone: MobilePhone.optional(),
});
export type PortalCheckInInput = z.infer<typeof PortalCheckInInput>;
export const CheckInResult = z.object({
  activityId: z.number().int(),
  title: z.string(),
  name: z.string(),
  checkedInAt: z.string(),
  /** False when she had already checked in (a second check-in changes nothing). */
  created: z.boolean(),
});
export type CheckInResult = z.infer<typeof CheckInResult>;

/* Trainings of cadres and 执委 (领头雁) */

export const TrainingRecordInput = z.strictObject({
  personId: z.number().int().positive(),
  title: Text(100).min(2),
  provider: Text(100).min(1),
  heldOn: z.iso.date(),
  hours: z.number().min(0).max(500).nullable().optional(),
  credits: z.number().min(0).max(100).nullable().optional(),
});
export type TrainingRecordInput = z.infer<typeof TrainingRecordInput>;
export const TrainingRecord = z.object({
  source: z.enum(['activity', 'external']),
  id: z.number().int(),
  activityId: z.number().int().nullable(),
  title: z.string(),
  provider: z.string(),
  heldOn: z.string(),
  hours: z.number().nullable(),
  credits: z.number().nullable(),
});
export type TrainingRecord = z.infer<typeof TrainingRecord>;
export const TrainingSheet = z.object({
  person: z.object({ id: z.number().int(), name: z.string() }),
  totalHours: z.number(),
  totalCredits: z.number(),
  items: z.array(TrainingRecord),
});
export type TrainingSheet = z.infer<typeof TrainingSheet>;
export const PeriodQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });

/* Figures (live counters) and spaces */

export const ACTIVITY_METRICS = [
  'activities.held',
  'activities.talks',
  'activities.lectures',
  'activities.trainings',
  'activities.attendance',
  'activities.reached',
  'activities.training_attendance',
] as const;
export const ActivityFiguresQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: z.iso.date(),
  to: z.iso.date(),
  by: z.enum(['self', 'children']).default('self'),
});
export const ActivityFigures = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(z.object({ org: OrgSummary, figures: z.record(z.string(), z.number().int()) })),
});
export type ActivityFigures = z.infer<typeof ActivityFigures>;
export const SpaceActivity = z.object({
  id: z.number().int(),
  org: OrgSummary,
  type: z.string(),
  name: z.string(),
  openingHours: z.string().nullable(),
  activities: z.number().int(),
  activitiesLast12Months: z.number().int(),
  lastHeldOn: z.string().nullable(),
  active: z.boolean(),
});
export type SpaceActivity = z.infer<typeof SpaceActivity>;
export const SpaceActivityQuery = z.object({ orgId: z.coerce.number().int().positive().optional() });

/* Attendance import */
export const AttendanceImportRowError = z.object({ row: z.number().int(), field: z.string(), message: LocalizedText });
export const AttendanceImportReport = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  valid: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  errors: z.array(AttendanceImportRowError),
});
export type AttendanceImportReport = z.infer<typeof AttendanceImportReport>;
export const AttendanceImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('true') });
