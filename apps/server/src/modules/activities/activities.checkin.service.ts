import QRCode from 'qrcode';
import { maskPhone, type CheckInQr } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import {
  attendanceDeltas,
  checkInWindow,
  heldDeltas,
  requireCheckInOpen,
  requireRegistrationOpen,
  requireRoom,
  signCheckInToken,
} from './activities.policy.js';
import * as repo from './activities.repository.js';
import { requireActivity, type ActivitiesDeps } from './activities.service.js';
import { attendanceViews } from './activities.views.js';

/** Who checks in or registers: her name and phone, the registry person when known, and how she came. */
export interface Attendee {
  name: string;
  phone: string;
  personId: number | null;
  residentId: number | null;
  source: 'resident' | 'walk_in' | 'cadre' | 'import';
}

/** The district (or the city) an activity serves: an attendee is matched to a registry person there. */
const districtPathOf = (orgPath: string) => orgPath.split('.').slice(0, 2).join('.');

/** Registration, QR check-in (residents on /h5, walk-ins, cadres at the desk), the organiser's live list. */
export function createCheckIns(deps: ActivitiesDeps) {
  const mac = (m: string) => deps.crypto.lookupHash(m);

  /**
   * Records one check-in in the caller's transaction (the activity row locked): idempotent per phone; the first
   * check-in marks the activity held; counts and live figures follow at once.
   */
  async function recordCheckIn(s: Scoped, a: repo.ActivityRow, who: Attendee) {
    const phoneHash = deps.crypto.lookupHash(who.phone);
    const existing = await repo.findAttendance(s, a.id, phoneHash);
    if (existing) return { row: existing, created: false };
    const registration = await repo.findRegistration(s, a.id, phoneHash);
    if (!registration && a.capacity !== null && a.attended >= a.capacity)
      throw fieldError(
        'ACTIVITY_FULL',
        'capacity',
        `名额已满（${a.capacity} 人）`,
        `the activity is full (${a.capacity})`,
      );
    const row = await repo.insertAttendance(s, {
      activityId: a.id,
      orgPath: a.orgPath,
      districtId: a.districtId,
      residentId: who.residentId,
      personId: who.personId ?? registration?.personId ?? null,
      name: who.name,
      phoneEnc: deps.crypto.encrypt(who.phone),
      phoneHash,
      phoneMasked: maskPhone(who.phone),
      source: who.source,
    });
    if (!row) return { row: (await repo.findAttendance(s, a.id, phoneHash))!, created: false };
    await repo.addToCounts(s, a.id, { attended: 1 });
    if (a.status === 'planned' || a.status === 'open') {
      await repo.updateActivity(s, a.id, { status: 'held', heldAt: new Date() });
      await bumpCounters(s.tx, { orgPath: a.orgPath, day: a.startsOn, deltas: heldDeltas(a.kind, 1) });
      a.status = 'held';
    }
    a.attended += 1;
    await bumpCounters(s.tx, { orgPath: a.orgPath, day: a.startsOn, deltas: attendanceDeltas(a.kind, 1) });
    await appendAudit(s.tx, s.actor, {
      action: 'activity.checkin',
      targetType: 'activity',
      targetId: a.id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      after: { attendanceId: row.id, source: who.source, personId: row.personId, residentId: who.residentId },
    });
    return { row, created: true };
  }

  async function recordRegistration(s: Scoped, a: repo.ActivityRow, who: Attendee, by: string) {
    requireRegistrationOpen(a, deps.now());
    const phoneHash = deps.crypto.lookupHash(who.phone);
    if (await repo.findRegistration(s, a.id, phoneHash))
      throw new AppError('ACTIVITY_ALREADY_REGISTERED', { field: 'phone' });
    requireRoom(a, a.registered);
    const r = await repo.insertRegistration(s, {
      activityId: a.id,
      orgPath: a.orgPath,
      districtId: a.districtId,
      residentId: who.residentId,
      personId: who.personId,
      name: who.name,
      phoneEnc: deps.crypto.encrypt(who.phone),
      phoneHash,
      phoneMasked: maskPhone(who.phone),
      source: who.source === 'resident' ? 'resident' : 'cadre',
      createdBy: by,
    });
    if (!r) throw new AppError('ACTIVITY_ALREADY_REGISTERED', { field: 'phone' });
    await repo.addToCounts(s, a.id, { registered: 1 });
    await appendAudit(s.tx, s.actor, {
      action: 'activity.register',
      targetType: 'activity',
      targetId: a.id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      after: { registrationId: r.id, source: r.source, personId: r.personId, residentId: r.residentId },
    });
    return r;
  }

  /** A cadre's attendee: the registry person she names, or the one with that phone in the district. */
  async function staffAttendee(
    s: Scoped,
    a: repo.ActivityRow,
    input: { name: string; phone: string; personId?: number | null | undefined },
    source: 'cadre',
  ): Promise<Attendee> {
    let personId: number | null = null;
    if (input.personId) {
      if (!(await deps.people.findPerson(s, input.personId)))
        throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
      personId = input.personId;
    } else
      personId =
        (await deps.people.personByPhoneHash(s, deps.crypto.lookupHash(input.phone), districtPathOf(a.orgPath)))?.id ??
        null;
    return { name: input.name, phone: input.phone, personId, residentId: null, source };
  }

  return {
    recordCheckIn,
    recordRegistration,

    /** The QR code of an activity: a signed token valid until its check-in closes, as a PNG the organiser shows. */
    qr: (actor: UserActor, id: number, origin: string) =>
      runScoped(deps.handle, actor, async (s): Promise<CheckInQr> => {
        const a = await requireActivity(s, id);
        if (a.status === 'cancelled') throw new AppError('CHECKIN_CLOSED', { field: 'activityId' });
        const w = checkInWindow(a);
        const token = signCheckInToken(mac, a.id, w.closesAt);
        const url = `${origin}/h5/checkin/${a.id}?t=${encodeURIComponent(token)}`;
        const image = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 320 });
        return {
          activityId: a.id,
          url,
          token,
          image,
          opensAt: w.opensAt.toISOString(),
          closesAt: w.closesAt.toISOString(),
          expiresAt: w.closesAt.toISOString(),
        };
      }),

    /** A cadre registers someone (by phone; a registry person when she is one). */
    registerFor: (actor: UserActor, id: number, input: { name: string; phone: string; personId?: number | null }) =>
      runScoped(deps.handle, actor, async (s) => {
        const a = await requireActivity(s, id, true);
        const r = await recordRegistration(s, a, await staffAttendee(s, a, input, 'cadre'), actor.username);
        return { id: r.id };
      }),

    registrations: (actor: UserActor, id: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const a = await requireActivity(s, id);
        const rows = await repo.registrationsOf(s, a.id);
        const attended = await repo.attendedPhoneHashes(
          s,
          a.id,
          rows.map((r) => r.phoneHash),
        );
        const views = await attendanceViews(
          s,
          rows.map((r) => ({ ...r, checkedInAt: r.createdAt })),
        );
        return {
          items: rows.map((r, i) => ({
            id: r.id,
            name: r.name,
            phone: r.phoneMasked,
            person: views[i]!.person,
            source: r.source as 'resident' | 'cadre',
            createdAt: r.createdAt.toISOString(),
            checkedIn: attended.has(r.phoneHash),
          })),
        };
      }),

    /** A cadre checks someone in at the desk (same window and rules as the QR code). */
    checkInFor: (actor: UserActor, id: number, input: { name: string; phone: string; personId?: number | null }) =>
      runScoped(deps.handle, actor, async (s) => {
        const a = await requireActivity(s, id, true);
        requireCheckInOpen(a, deps.now());
        const { row, created } = await recordCheckIn(s, a, await staffAttendee(s, a, input, 'cadre'));
        return {
          activityId: a.id,
          title: a.title,
          name: row.name,
          checkedInAt: row.checkedInAt.toISOString(),
          created,
        };
      }),

    /** The organiser's live page: counts and the check-ins after `afterId`. */
    live: (actor: UserActor, id: number, afterId: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const a = await requireActivity(s, id);
        const rows = await repo.attendanceOf(s, a.id, afterId, 500);
        return {
          activityId: a.id,
          status: a.status as 'held',
          registered: a.registered,
          attended: a.attended,
          items: await attendanceViews(s, rows),
          lastId: rows.length ? rows[rows.length - 1]!.id : afterId,
        };
      }),
  };
}
export type CheckIns = ReturnType<typeof createCheckIns>;
