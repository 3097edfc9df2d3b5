import type {
  Demand,
  DemandEvent,
  DemandListItem,
  DemandRoute,
  DemandState,
  OrgSummary,
  OrgType,
  PortalDemand,
  Rating,
  Urgency,
  DemandSource,
  LocalizedText,
} from '@jinguo/contracts';
import { DEMAND_STATE_LABELS } from '@jinguo/contracts';
import { chinaDate } from '../../platform/calendar/index.js';
import type { Scoped } from '../../platform/scope.js';
import { allowedDemandActions, type DemandActor } from './demands.policy.js';
import { serviceItemName } from './demands.catalogue.repository.js';
import { deadlineRule } from './demands.categories.service.js';
import * as foreign from './demands.directory.repository.js';
import * as repo from './demands.repository.js';

/** The number people quote on the phone: SQ + the China date of receipt + the id. */
export const demandCode = (d: Pick<repo.DemandRow, 'id' | 'receivedAt'>) =>
  `SQ${chinaDate(d.receivedAt).replaceAll('-', '')}-${String(d.id).padStart(6, '0')}`;
/** The id inside a code typed into the search box, or null. */
export function idFromCode(q: string): number | null {
  const m = /^SQ\d{8}-(\d{1,12})$/i.exec(q.trim());
  return m ? Number(m[1]) : null;
}

const summary = (o: { id: number; code: string; name: string; type: string } | undefined): OrgSummary =>
  o
    ? { id: o.id, code: o.code, name: o.name, type: o.type as OrgType }
    : { id: 0, code: '', name: '—', type: 'village_federation' };

export const isOverdue = (d: repo.DemandRow, now: Date) =>
  repo_isOpen(d.state as DemandState) && d.repliedAt === null && d.feedbackDueAt.getTime() < now.getTime();
export const isSignOverdue = (d: repo.DemandRow, now: Date) =>
  d.state === 'received' && d.signDueAt.getTime() < now.getTime();
function repo_isOpen(state: DemandState) {
  return ['received', 'signed', 'dispatched', 'accepted', 'transferred', 'answered', 'suggested', 'reopened'].includes(
    state,
  );
}

export async function listItems(s: Scoped, rows: repo.DemandRow[], now = new Date()): Promise<DemandListItem[]> {
  const orgs = await foreign.orgsById(
    s,
    rows.flatMap((r) => [r.orgId, r.escalatedToOrgId]),
  );
  const names = await foreign.userNames(
    s,
    rows.map((r) => r.assigneeUserId),
  );
  const people = await foreign.personNames(
    s,
    rows.map((r) => r.personId),
  );
  return rows.map((d) => ({
    id: d.id,
    code: demandCode(d),
    org: summary(orgs.get(d.orgId)),
    source: d.source as DemandSource,
    category: d.category,
    urgency: d.urgency as Urgency,
    title: d.title,
    state: d.state as DemandState,
    route: d.route as DemandRoute | null,
    requesterName: d.anonymous ? null : ((d.personId !== null ? people.get(d.personId) : undefined) ?? d.requesterName),
    assignee:
      d.assigneeUserId === null
        ? null
        : { id: d.assigneeUserId, displayName: names.get(d.assigneeUserId) ?? `#${d.assigneeUserId}` },
    receivedAt: d.receivedAt.toISOString(),
    signDueAt: d.signDueAt.toISOString(),
    feedbackDueAt: d.feedbackDueAt.toISOString(),
    overdue: isOverdue(d, now),
    signOverdue: isSignOverdue(d, now),
    deadlinesProvisional: d.deadlinesProvisional,
    escalationLevel: d.escalationLevel,
    escalatedTo: d.escalatedToOrgId === null ? null : summary(orgs.get(d.escalatedToOrgId)),
    rating: d.rating as Rating | null,
  }));
}

export function eventView(e: repo.DemandEventRow): DemandEvent {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    fromState: e.fromState as DemandState | null,
    toState: e.toState as DemandState | null,
    actorName: e.actorName,
    note: e.note,
    data: e.data as Record<string, unknown>,
  };
}

export async function detailView(s: Scoped, d: repo.DemandRow, actor: DemandActor, now = new Date()): Promise<Demand> {
  const [item] = await listItems(s, [d], now);
  const events = await repo.eventsOf(s, d.id);
  const escalations = await repo.escalationsOf(s, d.id);
  const orgs = await foreign.orgsById(
    s,
    escalations.map((e) => e.toOrgId),
  );
  const person = d.personId === null ? null : ((await foreign.personNames(s, [d.personId])).get(d.personId) ?? null);
  const service = d.serviceItemId === null ? null : await serviceItemName(s, d.serviceItemId);
  const escalatedTo =
    d.escalatedToOrgId === null ? undefined : (await foreign.orgsById(s, [d.escalatedToOrgId])).get(d.escalatedToOrgId);
  const rule = await deadlineRule(s, { category: d.category, urgency: d.urgency as Urgency, orgPath: d.orgPath });
  return {
    ...item!,
    description: d.description,
    sourceRef: d.sourceRef,
    requester: {
      kind: d.personId !== null ? 'person' : d.residentId !== null ? 'resident' : d.anonymous ? 'anonymous' : 'contact',
      personId: d.personId,
      personName: person,
      residentId: d.residentId,
      name: d.anonymous ? null : d.requesterName,
      phone: d.contactPhoneMasked,
    },
    serviceItem: service,
    preferredDate: d.preferredDate,
    visitId: d.visitId,
    caseId: d.caseId,
    signedAt: d.signedAt?.toISOString() ?? null,
    repliedAt: d.repliedAt?.toISOString() ?? null,
    closedAt: d.closedAt?.toISOString() ?? null,
    warnAt: d.warnAt.toISOString(),
    deadlineClock: rule.roundTheClock
      ? { kind: 'round_the_clock' }
      : { kind: 'office_hours', hours: [...rule.officeHours] },
    department: d.department,
    departmentContact: d.departmentContact,
    departmentAnswerDueOn: d.departmentDueOn,
    departmentAnswer: d.departmentAnswer,
    suggestion: d.suggestion,
    suggestionHandedTo: d.suggestionHandedTo,
    reply: d.reply,
    ratingComment: d.ratingComment,
    reopenCount: d.reopenCount,
    escalations: escalations.map((e) => ({
      level: e.level,
      at: e.at.toISOString(),
      toOrg: summary(orgs.get(e.toOrgId)),
      missed: e.missed as 'sign' | 'feedback',
    })),
    events: events.map(eventView),
    allowedActions: allowedDemandActions(actor, {
      orgId: d.orgId,
      state: d.state as DemandState,
      assigneeUserId: d.assigneeUserId,
      residentId: d.residentId,
      trackingHash: d.trackingHash,
      escalatedToOrgId: d.escalatedToOrgId,
      escalatedToPath: escalatedTo?.path ?? null,
      personId: d.personId,
    }),
    version: d.version,
  };
}

/** The requester's progress line: what happened, in words for her, never who inside the federation did it. */
const PROGRESS_TEXT: Partial<Record<string, (e: repo.DemandEventRow) => LocalizedText>> = {
  create: () => ({ 'zh-CN': '已提交，等待受理', 'en-US': 'Submitted, waiting to be taken up' }),
  sign: () => ({ 'zh-CN': '妇联已签收', 'en-US': 'Signed for by the federation' }),
  accept: () => ({ 'zh-CN': '已接单，正在办理', 'en-US': 'Taken up and being handled' }),
  transfer: (e) => ({
    'zh-CN': `已协调转交${String((e.data as { department?: string }).department ?? '相关部门')}办理`,
    'en-US': `Passed to ${String((e.data as { department?: string }).department ?? 'the responsible department')}`,
  }),
  answer: () => ({ 'zh-CN': '相关部门已答复', 'en-US': 'The department has answered' }),
  suggest: () => ({ 'zh-CN': '已形成意见建议向有关方面反映', 'en-US': 'Raised as a policy suggestion' }),
  reply: () => ({ 'zh-CN': '已答复，请您评价', 'en-US': 'Answered: please rate it' }),
  rate: (e) => ({
    'zh-CN': '您已评价',
    'en-US': 'You rated it',
    ...((e.data as { rating?: string }).rating ? {} : {}),
  }),
  close: () => ({ 'zh-CN': '已办结', 'en-US': 'Closed' }),
  reopen: () => ({ 'zh-CN': '重新办理中', 'en-US': 'Being handled again' }),
  cancel: () => ({ 'zh-CN': '已撤销', 'en-US': 'Withdrawn' }),
  reassign: () => ({ 'zh-CN': '已转由其他妇联组织办理', 'en-US': 'Passed to another federation office' }),
  convert_to_case: () => ({ 'zh-CN': '已转为维权个案办理', 'en-US': 'Now handled as a rights case' }),
};

export async function portalView(
  s: Scoped,
  d: repo.DemandRow,
  roles: { canRate: boolean; canCancel: boolean },
): Promise<PortalDemand> {
  const events = await repo.eventsOf(s, d.id, true);
  const org = (await foreign.orgsById(s, [d.orgId])).get(d.orgId);
  const service = d.serviceItemId === null ? null : await serviceItemName(s, d.serviceItemId);
  return {
    id: d.id,
    code: demandCode(d),
    org: { id: d.orgId, name: org?.name ?? '—' },
    category: d.category,
    title: d.title,
    description: d.description,
    state: d.state as DemandState,
    serviceItem: service,
    preferredDate: d.preferredDate,
    receivedAt: d.receivedAt.toISOString(),
    feedbackDueAt: d.feedbackDueAt.toISOString(),
    reply: d.reply,
    repliedAt: d.repliedAt?.toISOString() ?? null,
    rating: d.rating as Rating | null,
    canRate: roles.canRate,
    canCancel: roles.canCancel,
    progress: events.flatMap((e) => {
      const text = PROGRESS_TEXT[e.action];
      return text ? [{ at: e.at.toISOString(), state: (e.toState ?? d.state) as DemandState, text: text(e) }] : [];
    }),
  };
}

export const stateLabel = (s: DemandState) => DEMAND_STATE_LABELS[s];

/** What other modules may read of a demand (e.g. to turn it into a rights case). */
export interface DemandSummary {
  id: number;
  code: string;
  org: { id: number; code: string; name: string; type: OrgType };
  source: DemandSource;
  category: string;
  urgency: Urgency;
  title: string;
  description: string;
  state: DemandState;
  personId: number | null;
  residentId: number | null;
  requesterName: string | null;
  /** Masked. */
  contactPhone: string | null;
  anonymous: boolean;
  receivedAt: string;
  caseId: number | null;
}

export async function summaryOf(s: Scoped, d: repo.DemandRow): Promise<DemandSummary> {
  const org = (await foreign.orgsById(s, [d.orgId])).get(d.orgId);
  return {
    id: d.id,
    code: demandCode(d),
    org: {
      id: d.orgId,
      code: org?.code ?? '',
      name: org?.name ?? '',
      type: (org?.type ?? 'village_federation') as OrgType,
    },
    source: d.source as DemandSource,
    category: d.category,
    urgency: d.urgency as Urgency,
    title: d.title,
    description: d.description,
    state: d.state as DemandState,
    personId: d.personId,
    residentId: d.residentId,
    requesterName: d.anonymous ? null : d.requesterName,
    contactPhone: d.contactPhoneMasked,
    anonymous: d.anonymous,
    receivedAt: d.receivedAt.toISOString(),
    caseId: d.caseId,
  };
}
