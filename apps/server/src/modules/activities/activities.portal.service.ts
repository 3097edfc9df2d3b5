import { maskPhone, type CheckInResult, type PortalCheckInInput } from '@jinguo/contracts';
import { AppError, fieldError } from '../../platform/errors.js';
import type { ResidentActor } from '../../platform/http/portal-route.js';
import { runAsPortal, runAsSystem, systemActor, type RequestInfo, type Scoped } from '../../platform/scope.js';
import type { Attendee, CheckIns } from './activities.checkin.service.js';
import * as foreign from './activities.directory.repository.js';
import { requireCheckInOpen, verifyCheckInToken } from './activities.policy.js';
import * as repo from './activities.repository.js';
import type { ActivitiesDeps } from './activities.service.js';

/** The district (or the city) an activity serves: an attendee is matched to a registry person there. */
const districtPathOf = (orgPath: string) => orgPath.split('.').slice(0, 2).join('.');

/**
 * The residents' side, as the portal's database role (jinguo_portal): an activity's public page, registering, the QR
 * check-in. Row-level security admits the writes of the one activity the service verified (`admitPortalTo`).
 */
export function createPortalCheckIns(
  deps: ActivitiesDeps,
  core: Pick<CheckIns, 'recordCheckIn' | 'recordRegistration'>,
) {
  const { recordCheckIn, recordRegistration } = core;
  const mac = (m: string) => deps.crypto.lookupHash(m);

  /** A walk-in's registry person, matched by phone in the activity's district after her check-in (portal role). */
  async function linkByPhone(attendanceId: number, orgPath: string, phone: string) {
    await runAsSystem(deps.handle, systemActor('activities:link'), async (s) => {
      const p = await deps.people.personByPhoneHash(s, deps.crypto.lookupHash(phone), districtPathOf(orgPath));
      if (p) await repo.linkAttendance(s, attendanceId, p.id);
    });
  }

  const portalCaller = (resident: ResidentActor | null, request: RequestInfo) => ({
    residentId: resident?.residentId ?? null,
    trackingHash: null,
    request,
  });

  /** The signed-in resident as an attendee (her phone, her nickname or the name she gives, her linked person). */
  async function residentAttendee(s: Scoped, resident: ResidentActor, name?: string): Promise<Attendee> {
    const c = await deps.portal.residentContact(s, resident.residentId);
    if (!c) throw new AppError('UNAUTHENTICATED');
    return {
      name: name ?? c.nickname ?? maskPhone(c.phone),
      phone: c.phone,
      personId: c.personId,
      residentId: resident.residentId,
      source: 'resident',
    };
  }

  return {
    /** Open activities around her village (the one asked for, else hers), for the portal's home page. */
    nearby: (resident: ResidentActor | null, request: RequestInfo, villageId?: number) =>
      runAsPortal(deps.handle, portalCaller(resident, request), async (s) => {
        const id =
          villageId ?? (resident ? (await deps.portal.residentContact(s, resident.residentId))?.villageId : null);
        const village = id ? await deps.organizations.findPublicOrg(s.tx, id) : null;
        if (!village) return [];
        const rows = await repo.openAround(s, village.path, deps.now());
        const orgs = await foreign.orgsById(
          s,
          rows.map((a) => a.orgId),
        );
        return rows.map((a) => ({ a, org: orgs.get(a.orgId)?.name ?? '' }));
      }),

    publicView: (resident: ResidentActor | null, request: RequestInfo, id: number) =>
      runAsPortal(deps.handle, portalCaller(resident, request), async (s) => {
        const a = await repo.findActivity(s, id);
        if (!a || !['open', 'held', 'summarised'].includes(a.status)) throw new AppError('ACTIVITY_NOT_FOUND');
        await repo.admitPortalTo(s, a.id);
        let mine: { registered: boolean; checkedIn: boolean } | null = null;
        if (resident) {
          const c = await deps.portal.residentContact(s, resident.residentId);
          const h = c ? deps.crypto.lookupHash(c.phone) : '';
          mine = {
            registered: !!c && !!(await repo.findRegistration(s, a.id, h)),
            checkedIn: !!c && !!(await repo.findAttendance(s, a.id, h)),
          };
        }
        const org = (await foreign.orgsById(s, [a.orgId])).get(a.orgId)?.name ?? '';
        return { a, mine, org };
      }),

    /** A signed-in resident registers herself for an activity open for registration. */
    register: (resident: ResidentActor, id: number, name?: string) =>
      runAsPortal(deps.handle, portalCaller(resident, resident.request), async (s) => {
        await repo.admitPortalTo(s, id);
        const a = await repo.findActivity(s, id, true);
        if (!a || a.status !== 'open') throw new AppError('ACTIVITY_NOT_FOUND');
        const r = await recordRegistration(
          s,
          a,
          await residentAttendee(s, resident, name),
          `resident:${resident.residentId}`,
        );
        return { id: r.id };
      }),

    /** The QR page: the token is checked first (nothing is read or written for a forged, foreign or expired one). */
    checkIn: async (
      resident: ResidentActor | null,
      request: RequestInfo,
      id: number,
      input: PortalCheckInInput,
    ): Promise<CheckInResult> => {
      verifyCheckInToken(mac, input.token, id, deps.now());
      const out = await runAsPortal(deps.handle, portalCaller(resident, request), async (s) => {
        await repo.admitPortalTo(s, id);
        const a = await repo.findActivity(s, id, true);
        if (!a) throw new AppError('ACTIVITY_NOT_FOUND');
        requireCheckInOpen(a, deps.now());
        let who: Attendee;
        if (resident) who = await residentAttendee(s, resident, input.name);
        else {
          if (!input.name) throw fieldError('VALIDATION_FAILED', 'name', '请填写姓名', 'give your name');
          if (!input.phone) throw fieldError('VALIDATION_FAILED', 'phone', '请填写手机号', 'give your phone number');
          who = { name: input.name, phone: input.phone, personId: null, residentId: null, source: 'walk_in' };
        }
        const { row, created } = await recordCheckIn(s, a, who);
        return { a, row, created, phone: who.phone };
      });
      if (out.created && out.row.personId === null) await linkByPhone(out.row.id, out.a.orgPath, out.phone);
      return {
        activityId: out.a.id,
        title: out.a.title,
        name: out.row.name,
        checkedInAt: out.row.checkedInAt.toISOString(),
        created: out.created,
      };
    },
  };
}
