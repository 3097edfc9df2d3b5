import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { LOGIN_CODE_RULES, maskPhone, type OrgType, type PortalMe, type Resident } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import { queryRows, type DbHandle, type Queryable } from '../../platform/db/client.js';
import { organizations } from '../../platform/db/schema.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { ResidentActor } from '../../platform/http/portal-route.js';
import type { Sms } from '../../platform/notifications/index.js';
import { registerContactResolver } from '../../platform/notifications/index.js';
import {
  requirePermission,
  runAsPortal,
  runScoped,
  systemActor,
  type RequestInfo,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import { peopleRepository, registerPersonLink } from '../people/index.js';
import { residentLoginCodes, residents, residentSessions } from './portal.tables.js';

export const RESIDENT_COOKIE = 'jinguo_resident';
export const RESIDENT_CSRF_COOKIE = 'jinguo_resident_csrf';
/** Residents sign in on their phones: a longer idle time than staff (who have 30 minutes), a month at most. */
export const RESIDENT_SESSION = { idleHours: 24, maxDays: 30 } as const;

registerPersonLink('residents', 'person_id');

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
/** Village and community federations: where a resident lives. */
const VILLAGE_TYPES = ['village_federation'];

export type ResidentRow = typeof residents.$inferSelect;

export interface ResidentsDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  sms: Sms;
  /** Told when a cadre links a resident to a registry person (the demands module attaches her requests). */
  onLinked?: (s: Scoped, residentId: number, personId: number) => Promise<void>;
  /** Whether she asked something of an org in the actor's scope (then staff there may read and link her account). */
  isRequesterIn?: (s: Scoped, residentId: number) => Promise<boolean>;
}

export function createResidentsService(deps: ResidentsDeps) {
  const { handle, crypto } = deps;
  const codeHash = (phone: string, code: string) => crypto.lookupHash(`portal-login:${phone}:${code}`);

  // The SMS outbox reaches a resident at her phone.
  registerContactResolver('resident', 'sms', async (q: Queryable, id: number) => {
    const [r] = await q.select({ enc: residents.phoneEnc }).from(residents).where(eq(residents.id, id));
    return r ? crypto.decrypt(r.enc) : null;
  });

  async function placeOf(q: Queryable, orgId: number | null) {
    if (orgId === null) return { village: null, town: null };
    const [v] = await q
      .select({ id: organizations.id, name: organizations.name, parentId: organizations.parentId })
      .from(organizations)
      .where(eq(organizations.id, orgId));
    if (!v) return { village: null, town: null };
    const [t] =
      v.parentId === null
        ? []
        : await q
            .select({ id: organizations.id, name: organizations.name })
            .from(organizations)
            .where(eq(organizations.id, v.parentId));
    return { village: { id: v.id, name: v.name }, town: t ? { id: t.id, name: t.name } : null };
  }

  /** A resident staff may read: living in the scope, or a requester of an org in it (RLS policies say the same). */
  async function visibleResident(s: Scoped, id: number, lock = false): Promise<ResidentRow> {
    const q = s.tx.select().from(residents).where(eq(residents.id, id));
    const [r] = lock ? await q.for('update') : await q;
    const inScope =
      r &&
      s.scopePath !== null &&
      r.orgPath !== null &&
      (r.orgPath === s.scopePath || r.orgPath.startsWith(`${s.scopePath}.`));
    if (!r || !(inScope || (await deps.isRequesterIn?.(s, id)))) throw new AppError('RESIDENT_NOT_FOUND');
    return r;
  }

  /** Her first request says where she lives when she has not chosen a village yet. */
  async function adoptVillage(s: Scoped, residentId: number, orgId: number): Promise<void> {
    const [o] = await s.tx.select().from(organizations).where(eq(organizations.id, orgId));
    if (!o || !VILLAGE_TYPES.includes(o.type)) return;
    await s.tx
      .update(residents)
      .set({ orgId: o.id, orgPath: o.path, districtId: o.districtId })
      .where(and(eq(residents.id, residentId), isNull(residents.orgId)));
  }

  function staffView(
    r: ResidentRow,
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
    /**
     * Sends a one-time code to the phone: one a minute and ten a day per number; only a keyed hash is kept. The text
     * goes
     * through the SMS adapter after the commit (the development channel writes it to the log and the dev outbox page).
     */
    async requestCode(phone: string, request: RequestInfo) {
      if (!deps.sms.available)
        throw new AppError('SMS_UNAVAILABLE', {
          zh: '短信通道未配置，暂时无法发送验证码',
          en: 'No SMS channel is configured: sign-in codes cannot be sent',
        });
      const phoneHash = crypto.lookupHash(phone);
      const code = String(randomInt(0, 10 ** LOGIN_CODE_RULES.length)).padStart(LOGIN_CODE_RULES.length, '0');
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(727104, hashtext(${phoneHash}))`);
        const [recent] = await queryRows<{ last: Date | null; today: number }>(
          tx,
          sql`select max(created_at) as last, count(*) filter (where created_at > now() - interval '1 day')::int as today
          from resident_login_codes where phone_hash = ${phoneHash}`,
        );
        if (recent?.last && Date.now() - new Date(recent.last).getTime() < LOGIN_CODE_RULES.resendSeconds * 1000)
          throw new AppError('LOGIN_CODE_TOO_SOON', { field: 'phone' });
        if (Number(recent?.today ?? 0) >= LOGIN_CODE_RULES.perPhonePerDay) {
          throw new AppError('LOGIN_CODE_TOO_SOON', {
            field: 'phone',
            zh: '今日验证码发送次数已达上限',
            en: 'Too many codes were sent to this number today',
          });
        }
        // earlier codes of this number stop working
        await tx
          .update(residentLoginCodes)
          .set({ consumedAt: new Date() })
          .where(and(eq(residentLoginCodes.phoneHash, phoneHash), isNull(residentLoginCodes.consumedAt)));
        await tx.insert(residentLoginCodes).values({
          phoneHash,
          codeHash: codeHash(phone, code),
          expiresAt: new Date(Date.now() + LOGIN_CODE_RULES.ttlMinutes * 60_000),
          ip: request.ip,
        });
        await appendAudit(tx, systemActor('portal'), {
          action: 'resident.code.send',
          actorNameOverride: `portal:${maskPhone(phone)}`,
          after: { phone: maskPhone(phone) },
        });
      });
      await deps.sms.send(
        phone,
        `【巾帼】您的登录验证码是 ${code}，${LOGIN_CODE_RULES.ttlMinutes} 分钟内有效。如非本人操作，请忽略本短信。`,
        { purpose: 'portal.login' },
      );
      return {
        sentTo: maskPhone(phone),
        expiresInSeconds: LOGIN_CODE_RULES.ttlMinutes * 60,
        resendAfterSeconds: LOGIN_CODE_RULES.resendSeconds,
        channel: deps.sms.channel === 'dev' ? ('development' as const) : ('sms' as const),
      };
    },

    /**
     * Checks a code. A wrong try counts against the code (committed even though the answer is a refusal); after five
     * the code is dead, even for the right digits. First sign-in creates the resident.
     */
    async login(phone: string, code: string, request: RequestInfo) {
      const phoneHash = crypto.lookupHash(phone);
      const outcome = await handle.db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(residentLoginCodes)
          .where(
            and(
              eq(residentLoginCodes.phoneHash, phoneHash),
              isNull(residentLoginCodes.consumedAt),
              gt(residentLoginCodes.expiresAt, new Date()),
            ),
          )
          .orderBy(desc(residentLoginCodes.id))
          .limit(1)
          .for('update');
        if (!row || row.attempts >= LOGIN_CODE_RULES.maxAttempts) return null;
        const a = Buffer.from(row.codeHash);
        const b = Buffer.from(codeHash(phone, code));
        if (a.length !== b.length || !timingSafeEqual(a, b)) {
          const attempts = row.attempts + 1;
          await tx
            .update(residentLoginCodes)
            .set({ attempts, ...(attempts >= LOGIN_CODE_RULES.maxAttempts ? { consumedAt: new Date() } : {}) })
            .where(eq(residentLoginCodes.id, row.id));
          await appendAudit(tx, systemActor('portal'), {
            action: 'resident.login',
            result: 'failure',
            actorNameOverride: `portal:${maskPhone(phone)}`,
            after: { attempts },
          });
          return null;
        }
        await tx.update(residentLoginCodes).set({ consumedAt: new Date() }).where(eq(residentLoginCodes.id, row.id));
        let [resident] = await tx.select().from(residents).where(eq(residents.phoneHash, phoneHash));
        resident ??= (
          await tx
            .insert(residents)
            .values({ phoneEnc: crypto.encrypt(phone), phoneHash, phoneMasked: maskPhone(phone) })
            .returning()
        )[0]!;
        if (resident.status !== 'active') return null;
        await tx.update(residents).set({ lastLoginAt: new Date() }).where(eq(residents.id, resident.id));
        const token = randomBytes(32).toString('base64url');
        const csrfToken = randomBytes(24).toString('base64url');
        await tx.insert(residentSessions).values({
          tokenHash: sha256(token),
          residentId: resident.id,
          csrfToken,
          ip: request.ip,
          userAgent: request.userAgent,
          expiresAt: new Date(Date.now() + RESIDENT_SESSION.maxDays * 86_400_000),
        });
        await appendAudit(tx, systemActor('portal'), {
          action: 'resident.login',
          targetType: 'resident',
          targetId: resident.id,
          actorNameOverride: `resident:${resident.id}`,
          orgId: resident.orgId,
          orgPath: resident.orgPath,
        });
        return { token, csrfToken, residentId: resident.id };
      });
      if (!outcome) throw new AppError('LOGIN_CODE_INVALID', { field: 'code' });
      return outcome;
    },

    /** The portal session cookie → the resident; 'expired' after a day idle or a month. */
    async resolveSession(token: string): Promise<{ residentId: number; csrfToken: string; tokenHash: string } | null> {
      const tokenHash = sha256(token);
      const [row] = await handle.db
        .select({ s: residentSessions, status: residents.status })
        .from(residentSessions)
        .innerJoin(residents, eq(residents.id, residentSessions.residentId))
        .where(eq(residentSessions.tokenHash, tokenHash));
      if (!row) return null;
      const now = Date.now();
      if (
        row.status !== 'active' ||
        row.s.expiresAt.getTime() <= now ||
        now - row.s.lastSeenAt.getTime() > RESIDENT_SESSION.idleHours * 3_600_000
      ) {
        await handle.db.delete(residentSessions).where(eq(residentSessions.tokenHash, tokenHash));
        return null;
      }
      if (now - row.s.lastSeenAt.getTime() > 60_000)
        await handle.db
          .update(residentSessions)
          .set({ lastSeenAt: new Date(now) })
          .where(eq(residentSessions.tokenHash, tokenHash));
      return { residentId: row.s.residentId, csrfToken: row.s.csrfToken, tokenHash };
    },

    async logout(resident: ResidentActor) {
      await handle.db.delete(residentSessions).where(eq(residentSessions.tokenHash, resident.session.tokenHash));
    },

    me: (resident: ResidentActor): Promise<PortalMe> =>
      runAsPortal(
        handle,
        { residentId: resident.residentId, trackingHash: null, request: resident.request },
        async (s) => {
          const [r] = await s.tx.select().from(residents).where(eq(residents.id, resident.residentId));
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
          const patch: Partial<typeof residents.$inferInsert> = {};
          if (input.nickname !== undefined) patch.nickname = input.nickname;
          if (input.villageId !== undefined) {
            if (input.villageId === null) Object.assign(patch, { orgId: null, orgPath: null, districtId: null });
            else {
              const [o] = await s.tx.select().from(organizations).where(eq(organizations.id, input.villageId));
              if (!o || !VILLAGE_TYPES.includes(o.type))
                throw new AppError('ORG_NOT_FOUND', {
                  field: 'villageId',
                  zh: '请选择所在的村（社区）',
                  en: 'Choose the village or community you live in',
                });
              Object.assign(patch, { orgId: o.id, orgPath: o.path, districtId: o.districtId });
            }
          }
          const [r] = await s.tx.update(residents).set(patch).where(eq(residents.id, resident.residentId)).returning();
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
      runAsPortal(handle, { residentId: null, trackingHash: null, request }, async (s) => {
        const types = ['district_federation', 'functional_zone_federation', 'town_federation', 'village_federation'];
        const typeList = sql.raw(`(${types.map((t) => `'${t}'`).join(',')})`);
        const rows = q.q
          ? await queryRows<{ id: number; name: string; type: string }>(
              s.tx,
              sql`select id, name, type from organizations
              where status = 'active' and type = 'village_federation' and name like ${`%${q.q.replace(/[%_\\]/g, '\\$&')}%`} order by name limit 30`,
            )
          : await queryRows<{ id: number; name: string; type: string }>(
              s.tx,
              sql`select id, name, type from organizations where status = 'active' and type in ${typeList}
              and parent_id ${q.parentId ? sql`= ${q.parentId}` : sql`= (select id from organizations where parent_id is null and type = 'city_federation' order by id limit 1)`}
              order by division_code nulls last, code limit 500`,
            );
        return { items: rows.map((r) => ({ id: Number(r.id), name: r.name, type: r.type })) };
      }),

    /**
     * The resident's phone in clear, to put on her requests so the federation can call back (stored encrypted there
     * too).
     */
    phoneOf: async (
      s: Scoped,
      residentId: number,
    ): Promise<{ phone: string; nickname: string | null; orgId: number | null }> => {
      const [r] = await s.tx.select().from(residents).where(eq(residents.id, residentId));
      if (!r) throw new AppError('UNAUTHENTICATED');
      return { phone: crypto.decrypt(r.phoneEnc), nickname: r.nickname, orgId: r.orgId };
    },

    adoptVillage,

    /* staff side */

    get: (actor: UserActor, id: number) =>
      runScoped(handle, actor, async (s) => {
        requirePermission(actor, 'resident.read');
        const r = await visibleResident(s, id);
        const [village] =
          r.orgId === null
            ? []
            : await s.tx
                .select({
                  id: organizations.id,
                  code: organizations.code,
                  name: organizations.name,
                  type: organizations.type,
                })
                .from(organizations)
                .where(eq(organizations.id, r.orgId));
        const person = r.personId === null ? null : await peopleRepository.findPerson(s, r.personId);
        return staffView(r, village ?? null, person ? { id: person.id, name: person.name } : null);
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
        const person = await peopleRepository.findPerson(s, personId);
        if (!person) throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
        if (person.status !== 'active')
          throw fieldError('VALIDATION_FAILED', 'personId', '该人员记录已被合并', 'this person record was merged');
        const [after] = await s.tx
          .update(residents)
          .set({ personId, linkedBy: actor.username, linkedAt: new Date() })
          .where(eq(residents.id, id))
          .returning();
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
        const [village] =
          after!.orgId === null
            ? []
            : await s.tx
                .select({
                  id: organizations.id,
                  code: organizations.code,
                  name: organizations.name,
                  type: organizations.type,
                })
                .from(organizations)
                .where(eq(organizations.id, after!.orgId));
        return staffView(after!, village ?? null, { id: person.id, name: person.name });
      }),
  };
}
export type ResidentsService = ReturnType<typeof createResidentsService>;
