import { sql } from 'drizzle-orm';
import type { OrgType, Urgency, Visit, VisitInput, VisitKind, VisitListItem, VisitListQuery } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Files } from '../../platform/files/index.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import { hasPermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { bumpCounters, registerStatSource } from '../../platform/stats/index.js';
import type { DemandIntake } from '../demands/index.js';
import { peopleRepository } from '../people/index.js';
import type { Campaigns } from './visits.campaigns.service.js';
import { campaignStatus } from './visits.campaigns.service.js';
import * as repo from './visits.repository.js';
import { visits } from './visits.tables.js';

export interface VisitsDeps {
  handle: DbHandle;
  today: () => string;
  files: Files;
  /** The demands module's intake: each need raised becomes a demand in the same transaction. */
  demands: DemandIntake;
}

export const VISIT_METRICS = ['visits.done', 'visits.needs'] as const;
registerStatSource({
  name: 'visits',
  metrics: VISIT_METRICS,
  rebuild: sql`select org_path, visited_on as day, 'visits.done' as metric, count(*)::bigint as value from visits group by org_path, visited_on
    union all
    select n.org_path, v.visited_on, 'visits.needs', count(*)::bigint from visit_needs n join visits v on v.id = n.visit_id group by n.org_path, v.visited_on`,
});

const within = (path: string, ancestor: string) => path === ancestor || path.startsWith(`${ancestor}.`);
const PHOTO_OWNER = 'visit';

export function createVisitsService(deps: VisitsDeps, campaigns: Campaigns) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });
  const canRecordFor = (actor: UserActor) => hasPermission(actor, 'visit.write');

  async function requireVisit(s: Scoped, id: number) {
    const v = await repo.findVisit(s, id);
    if (!v) throw new AppError('VISIT_NOT_FOUND');
    return v;
  }
  /** Changing a visit (photos, needs): its recorder, one of its visitors, or staff with visit.write. */
  function requireEditable(actor: UserActor, v: repo.VisitRow) {
    if (canRecordFor(actor) || v.createdByUserId === actor.userId || v.visitorUserIds.includes(actor.userId)) return;
    throw new AppError('FORBIDDEN');
  }

  async function views(s: Scoped, actor: UserActor, rows: repo.VisitRow[]): Promise<Visit[]> {
    const ids = rows.map((r) => r.id);
    const subjects = await repo.subjectsOf(s, ids);
    const needs = await repo.needsOf(s, ids);
    const orgs = await repo.orgsById(s, [
      ...rows.map((r) => r.orgId),
      ...subjects.flatMap((x) => (x.subjectOrgId ? [x.subjectOrgId] : [])),
    ]);
    const people = subjects.flatMap((x) => (x.personId ? [x.personId] : []));
    const personNames = new Map<number, string>();
    for (const pid of new Set(people)) {
      const p = await peopleRepository.findPerson(s, pid);
      if (p) personNames.set(pid, p.name);
    }
    const familyNames = await repo.familyNames(
      s,
      subjects.flatMap((x) => (x.familyId ? [x.familyId] : [])),
    );
    const userNames = await repo.usersById(
      s,
      rows.flatMap((r) => r.visitorUserIds),
    );
    const campaignNames = new Map<number, string>();
    for (const cid of new Set(rows.flatMap((r) => (r.campaignId ? [r.campaignId] : []))))
      campaignNames.set(cid, (await repo.findCampaign(s, cid))?.name ?? `#${cid}`);
    const out: Visit[] = [];
    for (const r of rows) {
      const org = orgs.get(r.orgId);
      const mine = subjects.filter((x) => x.visitId === r.id);
      const needViews = [];
      for (const n of needs.filter((x) => x.visitId === r.id)) {
        const d = n.demandId ? await deps.demands.demandSummary(s, n.demandId) : null;
        needViews.push({
          id: n.id,
          category: n.category,
          urgency: n.urgency as Urgency,
          title: n.title,
          description: n.description,
          demandId: n.demandId,
          demandState: d?.state ?? null,
        });
      }
      out.push({
        id: r.id,
        org: {
          id: r.orgId,
          code: org?.code ?? '',
          name: org?.name ?? '',
          type: (org?.type ?? 'village_federation') as OrgType,
        },
        campaign: r.campaignId ? { id: r.campaignId, name: campaignNames.get(r.campaignId) ?? '' } : null,
        kind: r.kind as VisitKind,
        visitedOn: r.visitedOn,
        place: r.place,
        visitors: r.visitorUserIds.map((id) => ({ id, displayName: userNames.get(id)?.displayName ?? `#${id}` })),
        companions: r.companions,
        persons: mine.flatMap((x) =>
          x.personId ? [{ id: x.personId, name: personNames.get(x.personId) ?? '—' }] : [],
        ),
        families: mine.flatMap((x) =>
          x.familyId ? [{ id: x.familyId, name: familyNames.get(x.familyId) ?? '—' }] : [],
        ),
        orgs: mine.flatMap((x) => {
          const o = x.subjectOrgId ? orgs.get(x.subjectOrgId) : undefined;
          return o ? [{ id: o.id, code: o.code, name: o.name, type: o.type as OrgType }] : [];
        }),
        situation: r.situation,
        needs: needViews,
        photos: (await deps.files.listFiles(s, { type: PHOTO_OWNER, id: r.id })).map((f) => ({
          id: f.id,
          name: f.name,
          mime: f.mime,
          size: f.size,
        })),
        followUpOn: r.followUpOn,
        createdBy: r.createdBy,
        createdAt: r.createdAt.toISOString(),
        canEdit: canRecordFor(actor) || r.createdByUserId === actor.userId || r.visitorUserIds.includes(actor.userId),
      });
    }
    return out;
  }

  /** Turns one need into a demand of the visit's org (source: visit), in the caller's transaction. */
  async function needToDemand(s: Scoped, v: repo.VisitRow, n: repo.NeedRow, personId: number | null) {
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
    const found = await repo.usersById(s, wanted);
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

  async function createVisit(s: Scoped, actor: UserActor, input: VisitInput): Promise<Visit> {
    const org = (await repo.orgsById(s, [input.orgId])).get(input.orgId);
    if (!org || org.status !== 'active' || !within(org.path, actor.scope.path))
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
    let kind = input.kind;
    if (input.campaignId) {
      const c = await campaigns.requireCampaign(s, input.campaignId).catch(() => {
        throw new AppError('CAMPAIGN_NOT_FOUND', { field: 'campaignId' });
      });
      if (!within(org.path, c.orgPath))
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
    for (const [i, pid] of input.personIds.entries())
      if (!(await peopleRepository.findPerson(s, pid)))
        throw new AppError('PERSON_NOT_FOUND', { field: `personIds.${i}` });
    const fams = await repo.familyNames(s, input.familyIds);
    input.familyIds.forEach((fid, i) => {
      if (!fams.has(fid)) throw new AppError('FAMILY_NOT_FOUND', { field: `familyIds.${i}` });
    });
    const subjectOrgs = await repo.orgsById(s, input.orgIds);
    input.orgIds.forEach((oid, i) => {
      const o = subjectOrgs.get(oid);
      if (!o || !within(o.path, actor.scope.path)) throw new AppError('ORG_NOT_FOUND', { field: `orgIds.${i}` });
    });
    if (!input.personIds.length && !input.familyIds.length && !input.orgIds.length)
      throw fieldError(
        'VALIDATION_FAILED',
        'personIds',
        '请至少选择一位走访对象（人员、家庭或组织）',
        'name at least one person, family or org visited',
      );

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
      if (need.toDemand) await needToDemand(s, v, n, requester);
    }
    await bumpCounters(s.tx, {
      orgPath: org.path,
      day: input.visitedOn,
      deltas: { 'visits.done': 1, 'visits.needs': input.needs.length },
    });
    if (v.campaignId) await repo.countCampaignVisit(s, v.campaignId, org.path, 1);
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
    return (await views(s, actor, [v]))[0]!;
  }

  return {
    create: (actor: UserActor, input: VisitInput) => run(actor, (s) => createVisit(s, actor, input)),
    /** Inside the caller's transaction (the demo loader). */
    createIn: createVisit,

    get: (actor: UserActor, id: number) =>
      run(actor, async (s) => (await views(s, actor, [await requireVisit(s, id)]))[0]!),

    list: (actor: UserActor, q: VisitListQuery) =>
      run(actor, async (s) => {
        let path = actor.scope.path;
        if (q.orgId !== undefined) {
          const o = (await repo.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !within(o.path, actor.scope.path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          path = o.path;
        }
        const where = [];
        if (q.campaignId) where.push(sql`${visits.campaignId} = ${q.campaignId}`);
        if (q.kind) where.push(sql`${visits.kind} = ${q.kind}`);
        if (q.mine) where.push(sql`${actor.userId} = any(${visits.visitorUserIds})`);
        if (q.from) where.push(sql`${visits.visitedOn} >= ${q.from}::date`);
        if (q.to) where.push(sql`${visits.visitedOn} <= ${q.to}::date`);
        const after = decodeKeysetCursor(q.cursor, 'date');
        const rows = await repo.listVisits(s, { path, where, after, limit: q.limit });
        const page = rows.slice(0, q.limit);
        const full = await views(s, actor, page);
        const items: VisitListItem[] = full.map((v) => ({
          id: v.id,
          org: v.org,
          campaign: v.campaign,
          kind: v.kind,
          visitedOn: v.visitedOn,
          place: v.place,
          visitors: v.visitors,
          followUpOn: v.followUpOn,
          createdBy: v.createdBy,
          subjects: [
            ...v.persons.map((p) => p.name),
            ...v.families.map((f) => f.name),
            ...v.orgs.map((o) => o.name),
          ].join('、'),
          needCount: v.needs.length,
          photoCount: v.photos.length,
        }));
        const last = page[page.length - 1];
        return {
          items,
          nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.visitedOn, id: last.id }) : null,
        };
      }),

    /** "Each need becomes a demand in one step": converts a need noted without a demand. */
    convertNeed: (actor: UserActor, visitId: number, needId: number) =>
      run(actor, async (s) => {
        const v = await requireVisit(s, visitId);
        requireEditable(actor, v);
        const n = (await repo.needsOf(s, [v.id])).find((x) => x.id === needId);
        if (!n) throw new AppError('NOT_FOUND', { field: 'needId' });
        if (n.demandId)
          throw new AppError('CONFLICT', {
            field: 'needId',
            zh: '该需求已转为诉求',
            en: 'This need is already a demand',
          });
        const subjects = (await repo.subjectsOf(s, [v.id])).filter((x) => x.personId);
        await needToDemand(s, v, n, subjects.length === 1 ? subjects[0]!.personId : null);
        await appendAudit(s.tx, actor, {
          action: 'visit.need.to_demand',
          targetType: 'visit',
          targetId: v.id,
          orgId: v.orgId,
          orgPath: v.orgPath,
          after: { needId },
        });
        return (await views(s, actor, [v]))[0]!;
      }),

    addPhoto: (actor: UserActor, visitId: number, name: string, bytes: Buffer) =>
      run(actor, async (s) => {
        const v = await requireVisit(s, visitId);
        requireEditable(actor, v);
        const f = await deps.files.saveFile(s, {
          owner: { type: PHOTO_OWNER, id: v.id },
          orgPath: v.orgPath,
          districtId: v.districtId,
          name,
          bytes,
          accept: 'images',
        });
        await appendAudit(s.tx, actor, {
          action: 'visit.photo.add',
          targetType: 'visit',
          targetId: v.id,
          orgId: v.orgId,
          orgPath: v.orgPath,
          after: { fileId: f.id, name: f.name, mime: f.mime, size: f.size, sha256: f.sha256 },
        });
        return (await views(s, actor, [v]))[0]!;
      }),

    photo: (actor: UserActor, visitId: number, fileId: number) =>
      run(actor, async (s) => {
        const v = await requireVisit(s, visitId);
        return deps.files.readFile(s, { type: PHOTO_OWNER, id: v.id }, fileId);
      }),

    removePhoto: (actor: UserActor, visitId: number, fileId: number) =>
      run(actor, async (s) => {
        const v = await requireVisit(s, visitId);
        requireEditable(actor, v);
        const f = await deps.files.removeFile(s, { type: PHOTO_OWNER, id: v.id }, fileId);
        await appendAudit(s.tx, actor, {
          action: 'visit.photo.remove',
          targetType: 'visit',
          targetId: v.id,
          orgId: v.orgId,
          orgPath: v.orgPath,
          before: { fileId: f.id, name: f.name },
        });
        return (await views(s, actor, [v]))[0]!;
      }),
  };
}
export type VisitsService = ReturnType<typeof createVisitsService>;
