import type { DemandState, OrgType, Urgency, Visit, VisitKind } from '@jinguo/contracts';
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
  const personNames = await deps.people.personNames(s, [
    ...new Set(subjects.flatMap((x) => (x.personId ? [x.personId] : []))),
  ]);
  const familyNames = await foreign.familyNames(
    s,
    subjects.flatMap((x) => (x.familyId ? [x.familyId] : [])),
  );
  const userNames = await foreign.usersById(
    s,
    rows.flatMap((r) => r.visitorUserIds),
  );
  const campaignNames = await campaignsRepo.campaignNames(s, [
    ...new Set(rows.flatMap((r) => (r.campaignId ? [r.campaignId] : []))),
  ]);
  const demandStates = await deps.demands.demandStates(s, [
    ...new Set(needs.flatMap((n) => (n.demandId ? [n.demandId] : []))),
  ]);
  const photos = await deps.files.listFilesOf(s, PHOTO_OWNER, ids);
  const out: Visit[] = [];
  for (const r of rows) {
    const org = orgs.get(r.orgId);
    const mine = subjects.filter((x) => x.visitId === r.id);
    const needViews = needs
      .filter((x) => x.visitId === r.id)
      .map((n) => ({
        id: n.id,
        category: n.category,
        urgency: n.urgency as Urgency,
        title: n.title,
        description: n.description,
        demandId: n.demandId,
        demandState: ((n.demandId && demandStates.get(n.demandId)) ?? null) as DemandState | null,
      }));
    out.push({
      id: r.id,
      org: {
        id: r.orgId,
        code: org?.code ?? '',
        name: org?.name ?? '',
        type: (org?.type ?? 'village_federation') as OrgType,
      },
      campaign: r.campaignId ? { id: r.campaignId, name: campaignNames.get(r.campaignId) ?? `#${r.campaignId}` } : null,
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
      photos: (photos.get(r.id) ?? []).map((f) => ({
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
