import type {
  ActivityInput,
  ActivityListQuery,
  ActivityPatch,
  ActivityStatus,
  ActivitySummaryInput,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Files } from '../../platform/files/index.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import { pathWithin, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import { chinaDate } from '../../platform/time.js';
import type { OrganizationsApi } from '../organizations/index.js';
import type { PeopleApi } from '../people/index.js';
import type { PortalApi } from '../portal/index.js';
import type { VolunteersApi } from '../volunteers/index.js';
import * as foreign from './activities.directory.repository.js';
import { bookVolunteerHours } from './activities.hours.service.js';
import { heldDeltas, nextStatus } from './activities.policy.js';
import * as repo from './activities.repository.js';
import { activityView, listItems, PHOTO_OWNER } from './activities.views.js';

export interface ActivitiesDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  files: Files;
  today: () => string;
  /** The clock of check-in windows and token expiry (tests move it). */
  now: () => Date;
  organizations: Pick<OrganizationsApi, 'findSpace' | 'spacesWithin' | 'findPublicOrg'>;
  people: Pick<PeopleApi, 'findPerson' | 'personByPhoneHash'>;
  portal: Pick<PortalApi, 'residentContact'>;
  volunteers: Pick<VolunteersApi, 'recordActivityHours'>;
}

export async function requireActivity(s: Scoped, id: number, lock = false): Promise<repo.ActivityRow> {
  const a = await repo.findActivity(s, id, lock);
  if (!a) throw new AppError('ACTIVITY_NOT_FOUND');
  return a;
}

/** An org of the actor's subtree (active), or 404 naming the field. */
export async function requireOrg(s: Scoped, actor: UserActor, orgId: number, field = 'orgId') {
  const o = (await foreign.orgsById(s, [orgId])).get(orgId);
  if (!o || o.status !== 'active' || !pathWithin(o.path, actor.scope.path))
    throw new AppError('ORG_NOT_FOUND', { field });
  return o;
}

type Checked = Omit<ActivityInput, 'orgId'>;
/** Times, space, speakers and partners of a plan, checked against the org it belongs to. */
async function checkPlan(deps: ActivitiesDeps, s: Scoped, orgPath: string, input: Checked): Promise<string | null> {
  let spaceName: string | null = null;
  if (new Date(input.endsAt) <= new Date(input.startsAt))
    throw fieldError('VALIDATION_FAILED', 'endsAt', '结束时间须晚于开始时间', 'the end must be after the start');
  if (input.spaceId) {
    const sp = await deps.organizations.findSpace(s, input.spaceId);
    if (!sp || !pathWithin(sp.orgPath, orgPath))
      throw fieldError('VALIDATION_FAILED', 'spaceId', '阵地不在本组织范围内', 'the space is not in this org');
    spaceName = sp.name;
  } else if (!input.address)
    throw fieldError('VALIDATION_FAILED', 'address', '请选择阵地或填写地点', 'choose a space or give an address');
  for (const [i, pid] of input.speakerPersonIds.entries())
    if (!(await deps.people.findPerson(s, pid)))
      throw new AppError('PERSON_NOT_FOUND', { field: `speakerPersonIds.${i}` });
  const partners = await foreign.orgsById(s, input.partnerOrgIds);
  input.partnerOrgIds.forEach((id, i) => {
    if (!partners.get(id)) throw new AppError('ORG_NOT_FOUND', { field: `partnerOrgIds.${i}` });
  });
  return spaceName;
}

function columns(input: Checked, spaceName: string | null) {
  return {
    spaceName,
    kind: input.kind,
    title: input.title,
    topic: input.topic,
    audience: input.audience,
    spaceId: input.spaceId ?? null,
    address: input.address ?? null,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    startsOn: chinaDate(new Date(input.startsAt)),
    capacity: input.capacity ?? null,
    organiser: input.organiser,
    speakers: input.speakers,
    speakerPersonIds: input.speakerPersonIds,
    partnerOrgIds: input.partnerOrgIds,
    partners: input.partners,
    budgetYuan: input.budgetYuan ?? null,
    hours: input.hours ?? null,
    credits: input.credits ?? null,
    postsOffered: input.postsOffered ?? null,
  };
}

/** Plan, edit, list, read an activity; open, hold, summarise, cancel it; its photos. */
export function createActivitiesService(deps: ActivitiesDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const view = (s: Scoped, a: repo.ActivityRow) => activityView(deps, s, a);

  /** Moves an activity along the machine; held and un-held figures follow in the same transaction. */
  async function transition(s: Scoped, actor: UserActor, a: repo.ActivityRow, action: 'open' | 'hold' | 'cancel') {
    const to = nextStatus(action, a.status as ActivityStatus);
    const after = await repo.updateActivity(s, a.id, {
      status: to,
      ...(to === 'held' ? { heldAt: new Date() } : {}),
    });
    if (to === 'held') await bumpCounters(s.tx, { orgPath: a.orgPath, day: a.startsOn, deltas: heldDeltas(a.kind, 1) });
    await appendAudit(s.tx, actor, {
      action: `activity.${action}`,
      targetType: 'activity',
      targetId: a.id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      before: { status: a.status },
      after: { status: to },
    });
    return after;
  }

  const planIn = async (s: Scoped, actor: UserActor, input: ActivityInput) => {
    const org = await requireOrg(s, actor, input.orgId);
    const spaceName = await checkPlan(deps, s, org.path, input);
    const a = await repo.insertActivity(s, {
      orgId: org.id,
      orgPath: org.path,
      districtId: org.districtId,
      ...columns(input, spaceName),
      createdByUserId: actor.userId,
      createdBy: actor.displayName,
    });
    await appendAudit(s.tx, actor, {
      action: 'activity.plan',
      targetType: 'activity',
      targetId: a.id,
      orgId: org.id,
      orgPath: org.path,
      after: { kind: a.kind, title: a.title, startsAt: input.startsAt, capacity: a.capacity },
    });
    return a;
  };

  /** The summary after it was held (in the caller's transaction); people reached follow in the live figures. */
  async function summariseIn(s: Scoped, actor: UserActor, id: number, input: ActivitySummaryInput) {
    const a = await requireActivity(s, id, true);
    const to = nextStatus('summarise', a.status as ActivityStatus);
    const after = await repo.updateActivity(s, a.id, {
      status: to,
      summary: input.summary,
      extraReached: input.extraReached,
      summarisedAt: new Date(),
    });
    await bumpCounters(s.tx, {
      orgPath: a.orgPath,
      day: a.startsOn,
      deltas: { 'activities.reached': input.extraReached - a.extraReached },
    });
    await appendAudit(s.tx, actor, {
      action: 'activity.summarise',
      targetType: 'activity',
      targetId: a.id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      before: { status: a.status, extraReached: a.extraReached },
      after: { status: to, extraReached: input.extraReached, attended: a.attended },
    });
    await bookVolunteerHours(deps.volunteers, s, actor, after);
    return after;
  }

  return {
    planIn,
    transition,
    plan: (actor: UserActor, input: ActivityInput) => run(actor, async (s) => view(s, await planIn(s, actor, input))),

    get: (actor: UserActor, id: number) => run(actor, async (s) => view(s, await requireActivity(s, id))),

    update: (actor: UserActor, id: number, patch: ActivityPatch) =>
      run(actor, async (s) => {
        const a = await requireActivity(s, id, true);
        if (a.status !== 'planned' && a.status !== 'open')
          throw new AppError('ACTIVITY_INVALID_TRANSITION', { field: 'status' });
        const merged: Checked = {
          kind: patch.kind ?? (a.kind as Checked['kind']),
          title: patch.title ?? a.title,
          topic: patch.topic ?? a.topic,
          audience: patch.audience ?? a.audience,
          spaceId: patch.spaceId !== undefined ? patch.spaceId : a.spaceId,
          address: patch.address !== undefined ? patch.address : a.address,
          startsAt: patch.startsAt ?? a.startsAt.toISOString(),
          endsAt: patch.endsAt ?? a.endsAt.toISOString(),
          capacity: patch.capacity !== undefined ? patch.capacity : a.capacity,
          organiser: patch.organiser ?? a.organiser,
          speakers: patch.speakers ?? a.speakers,
          speakerPersonIds: patch.speakerPersonIds ?? a.speakerPersonIds,
          partnerOrgIds: patch.partnerOrgIds ?? a.partnerOrgIds,
          partners: patch.partners ?? a.partners,
          budgetYuan: patch.budgetYuan !== undefined ? patch.budgetYuan : a.budgetYuan,
          hours: patch.hours !== undefined ? patch.hours : a.hours,
          credits: patch.credits !== undefined ? patch.credits : a.credits,
          postsOffered: patch.postsOffered !== undefined ? patch.postsOffered : a.postsOffered,
        };
        const spaceName = await checkPlan(deps, s, a.orgPath, merged);
        if (merged.capacity != null && merged.capacity < a.registered)
          throw fieldError(
            'VALIDATION_FAILED',
            'capacity',
            '名额不能少于已报名人数',
            'capacity is below those registered',
          );
        const after = await repo.updateActivity(s, a.id, columns(merged, spaceName));
        await appendAudit(s.tx, actor, {
          action: 'activity.update',
          targetType: 'activity',
          targetId: a.id,
          orgId: a.orgId,
          orgPath: a.orgPath,
          after: patch,
        });
        return view(s, after);
      }),

    list: (actor: UserActor, q: ActivityListQuery) =>
      run(actor, async (s) => {
        const path = q.orgId === undefined ? actor.scope.path : (await requireOrg(s, actor, q.orgId)).path;
        const rows = await repo.listActivities(s, {
          path,
          kind: q.kind,
          status: q.status,
          spaceId: q.spaceId,
          from: q.from,
          to: q.to,
          after: decodeKeysetCursor(q.cursor, 'date'),
          limit: q.limit,
        });
        const page = rows.slice(0, q.limit);
        const orgs = await foreign.orgsById(
          s,
          page.map((a) => a.orgId),
        );
        const last = page[page.length - 1];
        return {
          items: listItems(page, orgs),
          nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.startsOn, id: last.id }) : null,
        };
      }),

    act: (actor: UserActor, id: number, action: 'open' | 'hold') =>
      run(actor, async (s) => view(s, await transition(s, actor, await requireActivity(s, id, true), action))),

    cancel: (actor: UserActor, id: number, reason: string) =>
      run(actor, async (s) => {
        const a = await requireActivity(s, id, true);
        await transition(s, actor, a, 'cancel');
        return view(s, await repo.updateActivity(s, a.id, { cancelReason: reason }));
      }),

    /** The summary after it was held: what happened and the people reached beyond those checked in. */
    summarise: (actor: UserActor, id: number, input: ActivitySummaryInput) =>
      run(actor, async (s) => view(s, await summariseIn(s, actor, id, input))),
    summariseIn,
    /** An activity of the caller's scope, locked for a change (the demo loader, in its transaction). */
    requireActivityIn: (s: Scoped, id: number) => requireActivity(s, id, true),

    addPhoto: (actor: UserActor, id: number, name: string, bytes: Buffer) =>
      run(actor, async (s) => {
        const a = await requireActivity(s, id);
        const f = await deps.files.saveFile(s, {
          owner: { type: PHOTO_OWNER, id: a.id },
          orgPath: a.orgPath,
          districtId: a.districtId,
          name,
          bytes,
          accept: 'images',
        });
        await appendAudit(s.tx, actor, {
          action: 'activity.photo.add',
          targetType: 'activity',
          targetId: a.id,
          orgId: a.orgId,
          orgPath: a.orgPath,
          after: { fileId: f.id, name: f.name, sha256: f.sha256 },
        });
        return view(s, a);
      }),

    photo: (actor: UserActor, id: number, fileId: number) =>
      run(actor, async (s) =>
        deps.files.readFile(s, { type: PHOTO_OWNER, id: (await requireActivity(s, id)).id }, fileId),
      ),
  };
}
export type ActivitiesService = ReturnType<typeof createActivitiesService>;
