import type { OrgType, Urgency, Visit, VisitKind } from '@jinguo/contracts';
import type { Scoped, UserActor } from '../../platform/scope.js';
import * as campaignsRepo from './visits.campaigns.repository.js';
import * as foreign from './visits.directory.repository.js';
import { mayEditVisit } from './visits.policy.js';
import * as repo from './visits.repository.js';
import type { VisitsDeps } from './visits.service.js';

/** Where a visit's photos are filed (platform files). */
export const PHOTO_OWNER = 'visit';

/** Visit records as the API shows them: org, campaign, visitors, whom they visited, the needs and their demands. */
export async function visitViews(
  deps: Pick<VisitsDeps, 'demands' | 'files' | 'people'>,
  s: Scoped,
  actor: UserActor,
  rows: repo.VisitRow[],
): Promise<Visit[]> {
  const ids = rows.map((r) => r.id);
  const subjects = await repo.subjectsOf(s, ids);
  const needs = await repo.needsOf(s, ids);
  const orgs = await foreign.orgsById(s, [
    ...rows.map((r) => r.orgId),
    ...subjects.flatMap((x) => (x.subjectOrgId ? [x.subjectOrgId] : [])),
  ]);
  const people = subjects.flatMap((x) => (x.personId ? [x.personId] : []));
  const personNames = new Map<number, string>();
  for (const pid of new Set(people)) {
    const p = await deps.people.findPerson(s, pid);
    if (p) personNames.set(pid, p.name);
  }
  const familyNames = await foreign.familyNames(
    s,
    subjects.flatMap((x) => (x.familyId ? [x.familyId] : [])),
  );
  const userNames = await foreign.usersById(
    s,
    rows.flatMap((r) => r.visitorUserIds),
  );
  const campaignNames = new Map<number, string>();
  for (const cid of new Set(rows.flatMap((r) => (r.campaignId ? [r.campaignId] : []))))
    campaignNames.set(cid, (await campaignsRepo.findCampaign(s, cid))?.name ?? `#${cid}`);
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
      persons: mine.flatMap((x) => (x.personId ? [{ id: x.personId, name: personNames.get(x.personId) ?? '—' }] : [])),
      families: mine.flatMap((x) => (x.familyId ? [{ id: x.familyId, name: familyNames.get(x.familyId) ?? '—' }] : [])),
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
      canEdit: mayEditVisit(actor, r),
    });
  }
  return out;
}
