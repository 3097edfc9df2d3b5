import type { OrgType, PortalMe, Resident } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle, Queryable } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { ResidentActor } from '../../platform/http/portal-route.js';
import type { Sms } from '../../platform/notifications/index.js';
import {
  requirePermission,
  runAsPortal,
  runScoped,
  type RequestInfo,
  type Scoped,
  type UserActor,
  pathWithin,
} from '../../platform/scope.js';
import type { OrganizationsApi } from '../organizations/index.js';
import type { PeopleApi } from '../people/index.js';
import * as repo from './portal.repository.js';
import { createSignInService } from './portal.sign-in.service.js';

export { RESIDENT_COOKIE, RESIDENT_CSRF_COOKIE, RESIDENT_SESSION } from './portal.sign-in.service.js';
export type { ResidentRow } from './portal.repository.js';

/** Village and community federations: where a resident lives. */
const VILLAGE_TYPES = ['village_federation'];

export interface ResidentsDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  sms: Sms;
  /** The network's public reads: her village and town, the places she may choose from. */
  organizations: Pick<OrganizationsApi, 'findPublicOrg' | 'listPlaces'>;
  /** A registry person in the actor's scope (the people module). */
  findPerson: PeopleApi['findPerson'];
  /** Told when a cadre links a resident to a registry person (the demands module attaches her requests). */
  onLinked?: (s: Scoped, residentId: number, personId: number) => Promise<void>;
  /** Whether she asked something of an org in the actor's scope (then staff there may read and link her account). */
  isRequesterIn?: (s: Scoped, residentId: number) => Promise<boolean>;
}

/** Residents' accounts: sign-in and sessions (portal.sign-in.service.ts), her profile and places, the staff side. */
export function createResidentsService(deps: ResidentsDeps) {
  const { handle, crypto, organizations } = deps;

  async function placeOf(q: Queryable, orgId: number | null) {
    if (orgId === null) return { village: null, town: null };
    const v = await organizations.findPublicOrg(q, orgId);
    if (!v) return { village: null, town: null };
    const t = v.parentId === null ? null : await organizations.findPublicOrg(q, v.parentId);
    return { village: { id: v.id, name: v.name }, town: t ? { id: t.id, name: t.name } : null };
  }

  /** Her village as staff see it (id, code, name, type), or null. */
  async function villageSummary(q: Queryable, orgId: number | null) {
    const o = orgId === null ? null : await organizations.findPublicOrg(q, orgId);
    return o ? { id: o.id, code: o.code, name: o.name, type: o.type } : null;
  }

  /** A resident staff may read: living in the scope, or a requester of an org in it (RLS policies say the same). */
  async function visibleResident(s: Scoped, id: number, lock = false): Promise<repo.ResidentRow> {
    const r = await repo.findResident(s.tx, id, lock);
    const inScope = r && s.scopePath !== null && r.orgPath !== null && pathWithin(r.orgPath, s.scopePath);
    if (!r || !(inScope || (await deps.isRequesterIn?.(s, id)))) throw new AppError('RESIDENT_NOT_FOUND');
    return r;
  }

  /** Her first request says where she lives when she has not chosen a village yet. */
  async function adoptVillage(s: Scoped, residentId: number, orgId: number): Promise<void> {
    const o = await organizations.findPublicOrg(s.tx, orgId);
    if (!o || !VILLAGE_TYPES.includes(o.type)) return;
    await repo.setVillageIfNone(s.tx, residentId, { orgId: o.id, orgPath: o.path, districtId: o.districtId });
  }

  function staffView(
    r: repo.ResidentRow,
    village: { id: number; code: string; name: string; type: string } | null,
    person: { id: number; name: string } | null,
  ): Resident {
    return {
      id: r.id,
      phone: r.phoneMasked,
      nickname: r.nickname,
      village: village ? { ...village, type: village.type as OrgType } : null,
      person,
      linkedBy: r.linkedBy,
      linkedAt: r.linkedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    };
  }

  return {
    ...createSignInService(deps),

    /** Her phone in clear for the SMS outbox (the portal's contact resolver for residents), or null. */
    phoneForSms: async (q: Queryable, residentId: number): Promise<string | null> => {
      const enc = await repo.residentPhoneEnc(q, residentId);
      return enc === null ? null : crypto.decrypt(enc);
    },

    me: (resident: ResidentActor): Promise<PortalMe> =>
      runAsPortal(
        handle,
        { residentId: resident.residentId, trackingHash: null, request: resident.request },
        async (s) => {
          const r = await repo.findResident(s.tx, resident.residentId);
          if (!r) throw new AppError('UNAUTHENTICATED');
          return {
            id: r.id,
            phone: r.phoneMasked,
            nickname: r.nickname,
            ...(await placeOf(s.tx, r.orgId)),
            csrfToken: resident.session.csrfToken,
          };
        },
      ),

    /** Her nickname and her village (the catalogue she sees is its and its town's). */
    updateProfile: (
      resident: ResidentActor,
      input: { nickname?: string | null | undefined; villageId?: number | null | undefined },
    ): Promise<PortalMe> =>
      runAsPortal(
        handle,
        { residentId: resident.residentId, trackingHash: null, request: resident.request },
        async (s) => {
          const patch: repo.ResidentPatch = {};
          if (input.nickname !== undefined) patch.nickname = input.nickname;
          if (input.villageId !== undefined) {
            if (input.villageId === null) Object.assign(patch, { orgId: null, orgPath: null, districtId: null });
            else {
              const o = await organizations.findPublicOrg(s.tx, input.villageId);
              if (!o || !VILLAGE_TYPES.includes(o.type))
                throw new AppError('ORG_NOT_FOUND', {
                  field: 'villageId',
                  zh: '请选择所在的村（社区）',
                  en: 'Choose the village or community you live in',
                });
              Object.assign(patch, { orgId: o.id, orgPath: o.path, districtId: o.districtId });
            }
          }
          const r = await repo.updateResident(s.tx, resident.residentId, patch);
          await appendAudit(s.tx, s.actor, {
            action: 'resident.profile',
            targetType: 'resident',
            targetId: resident.residentId,
            actorNameOverride: `resident:${resident.residentId}`,
            orgId: r!.orgId,
            orgPath: r!.orgPath,
            after: { villageId: r!.orgId, nickname: r!.nickname },
          });
          return {
            id: r!.id,
            phone: r!.phoneMasked,
            nickname: r!.nickname,
            ...(await placeOf(s.tx, r!.orgId)),
            csrfToken: resident.session.csrfToken,
          };
        },
      ),

    /** Districts, towns and villages to choose from (names are public), children of `parentId` or matching `q`. */
    places: (request: RequestInfo, q: { parentId?: number | undefined; q?: string | undefined }) =>
      runAsPortal(handle, { residentId: null, trackingHash: null, request }, async (s) => ({
        items: await organizations.listPlaces(s.tx, q),
      })),

    /**
     * The resident's phone in clear, to put on her requests so the federation can call back (stored encrypted there
     * too).
     */
    phoneOf: async (
      s: Scoped,
      residentId: number,
    ): Promise<{ phone: string; nickname: string | null; orgId: number | null }> => {
      const r = await repo.findResident(s.tx, residentId);
      if (!r) throw new AppError('UNAUTHENTICATED');
      return { phone: crypto.decrypt(r.phoneEnc), nickname: r.nickname, orgId: r.orgId };
    },

    adoptVillage,

    /* staff side */

    get: (actor: UserActor, id: number) =>
      runScoped(handle, actor, async (s) => {
        requirePermission(actor, 'resident.read');
        const r = await visibleResident(s, id);
        const village = await villageSummary(s.tx, r.orgId);
        const person = r.personId === null ? null : await deps.findPerson(s, r.personId);
        return staffView(r, village, person ? { id: person.id, name: person.name } : null);
      }),

    /**
     * A cadre confirmed who the resident is (in person, by ID card) and links her account to the registry person.
     * Never automatic: the portal shows nothing of the registry either way.
     */
    link: (actor: UserActor, id: number, personId: number, reason: string) =>
      runScoped(handle, actor, async (s) => {
        requirePermission(actor, 'resident.link');
        const r = await visibleResident(s, id, true);
        if (r.personId !== null) throw new AppError('RESIDENT_ALREADY_LINKED');
        const person = await deps.findPerson(s, personId);
        if (!person) throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
        if (person.status !== 'active')
          throw fieldError('VALIDATION_FAILED', 'personId', '该人员记录已被合并', 'this person record was merged');
        const after = await repo.updateResident(s.tx, id, {
          personId,
          linkedBy: actor.username,
          linkedAt: new Date(),
        });
        await deps.onLinked?.(s, id, personId);
        await appendAudit(s.tx, actor, {
          action: 'resident.link',
          targetType: 'resident',
          targetId: id,
          orgId: r.orgId,
          orgPath: r.orgPath,
          reason,
          after: { personId },
        });
        const village = await villageSummary(s.tx, after!.orgId);
        return staffView(after!, village, { id: person.id, name: person.name });
      }),
  };
}
export type ResidentsService = ReturnType<typeof createResidentsService>;
