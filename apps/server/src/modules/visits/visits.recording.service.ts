import { pathWithin } from '../../platform/scope.js';
import type { Urgency, Visit, VisitInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Scoped, UserActor } from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import * as campaignsRepo from './visits.campaigns.repository.js';
import { campaignStatus, type Campaigns } from './visits.campaigns.service.js';
import * as foreign from './visits.directory.repository.js';
import { canRecordFor } from './visits.policy.js';
import * as repo from './visits.repository.js';
import type { VisitsDeps } from './visits.service.js';
import { visitViews } from './visits.views.js';

/* Recording a visit: the checks, the visit with its subjects and needs, needs turned into demands. */

export async function requireVisit(s: Scoped, id: number) {
  const v = await repo.findVisit(s, id);
  if (!v) throw new AppError('VISIT_NOT_FOUND');
  return v;
}

/** Turns one need into a demand of the visit's org (source: visit), in the caller's transaction. */
export async function needToDemand(
  deps: Pick<VisitsDeps, 'demands'>,
  s: Scoped,
  v: repo.VisitRow,
  n: repo.NeedRow,
  personId: number | null,
) {
  const d = await deps.demands.createDemand(s, {
    orgId: v.orgId,
    source: 'visit',
    category: n.category,
    urgency: n.urgency as Urgency,
    title: n.title,
    description: n.description,
    personId,
    visitId: v.id,
    sourceRef: `走访记录 #${v.id}`,
  });
  await repo.setNeedDemand(s, n.id, d.id);
  return d;
}

async function checkVisitors(s: Scoped, actor: UserActor, ids: number[]): Promise<number[]> {
  const wanted = [...new Set([...ids, ...(canRecordFor(actor) && ids.length ? [] : [actor.userId])])];
  if (wanted.length > 10)
    throw fieldError('VALIDATION_FAILED', 'visitorUserIds', '走访人最多 10 位', 'at most 10 visitors');
  const found = await foreign.usersById(s, wanted);
  wanted.forEach((id, i) => {
    if (found.get(id)?.status !== 'active')
      throw fieldError(
        'VALIDATION_FAILED',
        `visitorUserIds.${i}`,
        '走访人不存在或不在您的管辖范围内',
        'the visitor is not a user in your scope',
      );
  });
  return wanted;
}

/** Everything a new visit is checked for before it is written: its org, dates, visitors, campaign, subjects. */
async function checkVisit(
  deps: Pick<VisitsDeps, 'today' | 'people'>,
  campaigns: Pick<Campaigns, 'requireCampaign'>,
  s: Scoped,
  actor: UserActor,
  input: VisitInput,
) {
  const org = (await foreign.orgsById(s, [input.orgId])).get(input.orgId);
  if (!org || org.status !== 'active' || !pathWithin(org.path, actor.scope.path))
    throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
  if (input.visitedOn > deps.today())
    throw fieldError(
      'VALIDATION_FAILED',
      'visitedOn',
      '走访日期不能晚于今天',
      'the visit date cannot be in the future',
    );
  if (input.followUpOn && input.followUpOn < input.visitedOn)
    throw fieldError(
      'VALIDATION_FAILED',
      'followUpOn',
      '回访日期不能早于走访日期',
      'the follow-up date cannot be before the visit',
    );
  const visitorUserIds = await checkVisitors(s, actor, input.visitorUserIds);
  if (!canRecordFor(actor) && !visitorUserIds.includes(actor.userId))
    throw fieldError(
      'VALIDATION_FAILED',
      'visitorUserIds',
      '只能登记本人参加的走访',
      'you can record only visits you made',
    );
  const kind = await checkCampaign(deps, campaigns, s, org, input);
  await checkSubjects(deps, s, actor, input);
  return { org, visitorUserIds, kind };
}

/** A campaign visit lies in the campaign's subtree and period, while it is open; the kind it is recorded as. */
async function checkCampaign(
  deps: Pick<VisitsDeps, 'today' | 'people'>,
  campaigns: Pick<Campaigns, 'requireCampaign'>,
  s: Scoped,
  org: { path: string },
  input: VisitInput,
): Promise<VisitInput['kind']> {
  let kind = input.kind;
  if (input.campaignId) {
    const c = await campaigns.requireCampaign(s, input.campaignId).catch(() => {
      throw new AppError('CAMPAIGN_NOT_FOUND', { field: 'campaignId' });
    });
    if (!pathWithin(org.path, c.orgPath))
      throw fieldError(
        'VALIDATION_FAILED',
        'campaignId',
        '该组织不在此走访活动范围内',
        'the org is not part of this campaign',
      );
    const status = campaignStatus(c, deps.today());
    if (status === 'closed') throw new AppError('CAMPAIGN_CLOSED', { field: 'campaignId' });
    if (input.visitedOn < c.startsOn || input.visitedOn > c.endsOn)
      throw fieldError(
        'VALIDATION_FAILED',
        'visitedOn',
        `走访日期须在活动期间（${c.startsOn} 至 ${c.endsOn}）`,
        `the visit date must lie in the campaign (${c.startsOn} to ${c.endsOn})`,
      );
    kind = 'campaign';
  } else if (kind === 'campaign')
    throw fieldError(
      'VALIDATION_FAILED',
      'campaignId',
      '活动走访须选择走访活动',
      'a campaign visit names its campaign',
    );
  return kind;
}

/** Whom the visit was to: registry persons, families, orgs of the actor's subtree; at least one. */
async function checkSubjects(
  deps: Pick<VisitsDeps, 'people'>,
  s: Scoped,
  actor: UserActor,
  input: VisitInput,
): Promise<void> {
  for (const [i, pid] of input.personIds.entries())
    if (!(await deps.people.findPerson(s, pid))) throw new AppError('PERSON_NOT_FOUND', { field: `personIds.${i}` });
  const fams = await foreign.familyNames(s, input.familyIds);
  input.familyIds.forEach((fid, i) => {
    if (!fams.has(fid)) throw new AppError('FAMILY_NOT_FOUND', { field: `familyIds.${i}` });
  });
  const subjectOrgs = await foreign.orgsById(s, input.orgIds);
  input.orgIds.forEach((oid, i) => {
    const o = subjectOrgs.get(oid);
    if (!o || !pathWithin(o.path, actor.scope.path)) throw new AppError('ORG_NOT_FOUND', { field: `orgIds.${i}` });
  });
  if (!input.personIds.length && !input.familyIds.length && !input.orgIds.length)
    throw fieldError(
      'VALIDATION_FAILED',
      'personIds',
      '请至少选择一位走访对象（人员、家庭或组织）',
      'name at least one person, family or org visited',
    );
}

/** Records a visit with its subjects and needs (each need marked so becomes a demand), in the caller's transaction. */
export async function createVisit(
  deps: VisitsDeps,
  campaigns: Pick<Campaigns, 'requireCampaign'>,
  s: Scoped,
  actor: UserActor,
  input: VisitInput,
): Promise<Visit> {
  const { org, visitorUserIds, kind } = await checkVisit(deps, campaigns, s, actor, input);
  const v = await repo.insertVisit(s, {
    orgId: org.id,
    orgPath: org.path,
    districtId: org.districtId,
    campaignId: input.campaignId ?? null,
    kind,
    visitedOn: input.visitedOn,
    place: input.place,
    visitorUserIds,
    companions: input.companions ?? null,
    situation: input.situation,
    followUpOn: input.followUpOn ?? null,
    createdByUserId: actor.userId,
    createdBy: actor.displayName,
  });
  const base = { visitId: v.id, orgPath: org.path, districtId: org.districtId };
  await repo.insertSubjects(s, [
    ...input.personIds.map((personId) => ({ ...base, personId })),
    ...input.familyIds.map((familyId) => ({ ...base, familyId })),
    ...input.orgIds.map((subjectOrgId) => ({ ...base, subjectOrgId })),
  ]);
  const requester = input.personIds.length === 1 ? input.personIds[0]! : null;
  for (const need of input.needs) {
    const n = await repo.insertNeed(s, {
      ...base,
      category: need.category,
      urgency: need.urgency,
      title: need.title,
      description: need.description,
    });
    if (need.toDemand) await needToDemand(deps, s, v, n, requester);
  }
  await bumpCounters(s.tx, {
    orgPath: org.path,
    day: input.visitedOn,
    deltas: { 'visits.done': 1, 'visits.needs': input.needs.length },
  });
  if (v.campaignId) await campaignsRepo.countCampaignVisit(s, v.campaignId, org.path, 1);
  await appendAudit(s.tx, actor, {
    action: 'visit.create',
    targetType: 'visit',
    targetId: v.id,
    orgId: org.id,
    orgPath: org.path,
    after: {
      kind,
      campaignId: v.campaignId,
      visitedOn: v.visitedOn,
      visitors: visitorUserIds,
      persons: input.personIds,
      families: input.familyIds,
      orgs: input.orgIds,
      needs: input.needs.length,
    },
  });
  return (await visitViews(deps, s, actor, [v]))[0]!;
}
