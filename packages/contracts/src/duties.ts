import { z } from 'zod';
import { LocalizedText } from './errors.js';
import { OrgSummary } from './organizations.js';

/*
 * 执委履职 (PRODUCT §2.1): a yearly checklist per org — the "七个一" of one place, the "1+10+N" of another — whose
 * items name a duty kind (counted automatically from the records of the modules that declare it: visits made,
 * families contacted, demands handled, projects led, talks given) and a target for the year. Each executive member
 * (执委) sees her progress; her org sees who is behind. Projects led by 执委 (执委领办项目) with the people they served.
 */

const IsoDate = z.iso.date();
/** `<module>.<what>`, as the modules declare their duty kinds. */
export const DutyKindCode = z.string().regex(/^[a-z][a-z0-9_]*\.[a-z0-9_]+$/, 'a duty kind code');

export const DutyItemInput = z.strictObject({
  kind: DutyKindCode,
  /** How the org words it: "联系 10 户家庭". */
  label: z.string().trim().min(1).max(100),
  target: z.number().int().min(1).max(10_000),
});
export const ChecklistInput = z.strictObject({
  orgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  name: z.string().trim().min(1).max(50),
  items: z.array(DutyItemInput).min(1).max(20),
});
export type ChecklistInput = z.infer<typeof ChecklistInput>;
export const DutyItem = z.object({
  kind: z.string(),
  label: z.string(),
  target: z.number().int(),
  kindLabel: LocalizedText,
});
export const Checklist = z.object({
  id: z.number().int(),
  org: OrgSummary,
  year: z.number().int(),
  name: z.string(),
  items: z.array(DutyItem),
  /** True when the org asked for is not the one that configured it (an ancestor's checklist applies). */
  inherited: z.boolean(),
  canEdit: z.boolean(),
});
export type Checklist = z.infer<typeof Checklist>;
export const ChecklistQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const DutyKindInfo = z.object({ code: z.string(), module: z.string(), label: LocalizedText });

export const PROGRESS_STATUSES = ['done', 'on_track', 'behind'] as const;
export const ProgressStatus = z.enum(PROGRESS_STATUSES);
export type ProgressStatus = z.infer<typeof ProgressStatus>;
export const ItemProgress = z.object({
  kind: z.string(),
  label: z.string(),
  target: z.number().int(),
  done: z.number().int(),
  /** What should be done by today at an even pace over the year. */
  expected: z.number().int(),
  status: ProgressStatus,
});
export const MemberProgress = z.object({
  user: z.object({ id: z.number().int(), displayName: z.string() }),
  org: OrgSummary,
  items: z.array(ItemProgress),
  status: ProgressStatus,
  /** Items met over items in the checklist. */
  itemsDone: z.number().int(),
});
export type MemberProgress = z.infer<typeof MemberProgress>;
export const MyDuties = z.object({
  year: z.number().int(),
  checklist: Checklist.nullable(),
  progress: MemberProgress.nullable(),
  projects: z.array(z.lazy(() => DutyProject)),
});
export const DutyTableQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: ProgressStatus.optional(),
});
export const DutyTable = z.object({
  year: z.number().int(),
  checklist: Checklist.nullable(),
  members: z.array(MemberProgress),
  behind: z.number().int(),
});
export type DutyTable = z.infer<typeof DutyTable>;

/* 执委领办项目 */

export const PROJECT_STATUSES = ['ongoing', 'completed'] as const;
export const ProjectStatus = z.enum(PROJECT_STATUSES);
export const ProjectInput = z.strictObject({
  orgId: z.number().int().positive(),
  /** The 执委 who leads it; omit for oneself. */
  leaderUserId: z.number().int().positive().optional(),
  name: z.string().trim().min(2).max(100),
  description: z.string().trim().max(2000).default(''),
  startedOn: IsoDate,
  peopleServed: z.number().int().min(0).max(1_000_000).default(0),
});
export type ProjectInput = z.infer<typeof ProjectInput>;
export const ProjectPatch = z.strictObject({
  description: z.string().trim().max(2000).optional(),
  peopleServed: z.number().int().min(0).max(1_000_000).optional(),
  /** Completing it sets the end date. */
  completedOn: IsoDate.optional(),
});
export const DutyProject = z.object({
  id: z.number().int(),
  org: OrgSummary,
  leader: z.object({ id: z.number().int(), displayName: z.string() }),
  name: z.string(),
  description: z.string(),
  startedOn: z.string(),
  completedOn: z.string().nullable(),
  status: ProjectStatus,
  peopleServed: z.number().int(),
  canEdit: z.boolean(),
});
export type DutyProject = z.infer<typeof DutyProject>;
export const ProjectIdParams = z.object({ projectId: z.coerce.number().int().positive() });
export const ProjectListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  mine: z.coerce.boolean().optional(),
});
