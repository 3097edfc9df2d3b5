import {
  ACTIVITY_MACHINE,
  type Activity,
  type ActivityKind,
  type ActivityListItem,
  type ActivityStatus,
  type Attendance,
  type OrgType,
} from '@jinguo/contracts';
import type { Scoped } from '../../platform/scope.js';
import * as foreign from './activities.directory.repository.js';
import type { ActivityRow, AttendanceRow } from './activities.repository.js';
import type { ActivitiesDeps } from './activities.service.js';

export const PHOTO_OWNER = 'activity';

const orgSummary = (o: foreign.OrgFacts | undefined, id: number) =>
  o
    ? { id: o.id, code: o.code, name: o.name, type: o.type as OrgType }
    : { id, code: '', name: '', type: 'village_federation' as OrgType };

/** Where it takes place, in one line (a space's name, its address, or both). */
export function placeOf(a: Pick<ActivityRow, 'spaceName' | 'address'>): string {
  return [a.spaceName, a.address].filter((x): x is string => !!x).join(' · ');
}

export function listItems(rows: ActivityRow[], orgs: Map<number, foreign.OrgFacts>) {
  return rows.map((a): ActivityListItem => ({
    id: a.id,
    org: orgSummary(orgs.get(a.orgId), a.orgId),
    kind: a.kind as ActivityKind,
    title: a.title,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    status: a.status as ActivityStatus,
    capacity: a.capacity,
    registered: a.registered,
    attended: a.attended,
    reached: a.attended + a.extraReached,
    organiser: a.organiser,
    place: placeOf(a),
  }));
}

/** The full view of one activity: names of its org, partners, speakers, space and photos. */
export async function activityView(
  deps: Pick<ActivitiesDeps, 'files' | 'organizations'>,
  s: Scoped,
  a: ActivityRow,
): Promise<Activity> {
  const orgs = await foreign.orgsById(s, [a.orgId, ...a.partnerOrgIds]);
  const persons = await foreign.personNames(s, a.speakerPersonIds);
  const space = a.spaceId === null ? null : await deps.organizations.findSpace(s, a.spaceId);
  const photos = await deps.files.listFiles(s, { type: PHOTO_OWNER, id: a.id });
  return {
    id: a.id,
    org: orgSummary(orgs.get(a.orgId), a.orgId),
    kind: a.kind as ActivityKind,
    title: a.title,
    topic: a.topic,
    audience: a.audience,
    space: space ? { id: space.id, name: space.name, openingHours: space.openingHours } : null,
    address: a.address,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    capacity: a.capacity,
    organiser: a.organiser,
    speakers: a.speakers,
    speakerPersons: a.speakerPersonIds.flatMap((id) => {
      const name = persons.get(id);
      return name === undefined ? [] : [{ id, name }];
    }),
    partnerOrgs: a.partnerOrgIds.flatMap((id) => (orgs.has(id) ? [orgSummary(orgs.get(id), id)] : [])),
    partners: a.partners,
    budgetYuan: a.budgetYuan,
    hours: a.hours,
    credits: a.credits,
    postsOffered: a.postsOffered,
    status: a.status as ActivityStatus,
    registered: a.registered,
    attended: a.attended,
    reached: a.attended + a.extraReached,
    summary: a.summary,
    photos: photos.map((f) => ({ id: f.id, name: f.name })),
    cancelReason: a.cancelReason,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    actions: ACTIVITY_MACHINE.actionsFrom(a.status as ActivityStatus),
  };
}

export async function attendanceViews(s: Scoped, rows: AttendanceRow[]): Promise<Attendance[]> {
  const names = await foreign.personNames(
    s,
    rows.flatMap((r) => (r.personId === null ? [] : [r.personId])),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    phone: r.phoneMasked,
    person: r.personId !== null && names.has(r.personId) ? { id: r.personId, name: names.get(r.personId)! } : null,
    source: r.source as Attendance['source'],
    checkedInAt: r.checkedInAt.toISOString(),
  }));
}
