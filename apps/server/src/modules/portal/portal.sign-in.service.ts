import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { LOGIN_CODE_RULES, maskPhone } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import type { ResidentActor } from '../../platform/http/portal-route.js';
import type { Sms } from '../../platform/notifications/index.js';
import { systemActor, type RequestInfo } from '../../platform/scope.js';
import * as repo from './portal.repository.js';

export const RESIDENT_COOKIE = 'jinguo_resident';
export const RESIDENT_CSRF_COOKIE = 'jinguo_resident_csrf';
/** Residents sign in on their phones: a longer idle time than staff (who have 30 minutes), a month at most. */
export const RESIDENT_SESSION = { idleHours: 24, maxDays: 30 } as const;

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

export interface SignInDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  sms: Sms;
}

/** A resident's sign-in: one-time codes by SMS, the first sign-in creating her account, her sessions. */
export function createSignInService(deps: SignInDeps) {
  const { handle, crypto } = deps;
  const codeHash = (phone: string, code: string) => crypto.lookupHash(`portal-login:${phone}:${code}`);

  return {
    /**
     * Sends a one-time code to the phone: one a minute and ten a day per number; only a keyed hash is kept. The text
     * goes through the SMS adapter after the commit (the development channel writes it to the server log; the dev
     * outbox page shows the message with the code blanked).
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
        await repo.lockPhone(tx, phoneHash);
        const recent = await repo.recentCodes(tx, phoneHash);
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
        await repo.retireCodes(tx, phoneHash);
        await repo.insertCode(tx, {
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
        { purpose: 'portal.login', secret: code },
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
        const row = await repo.liveCodeForUpdate(tx, phoneHash);
        if (!row || row.attempts >= LOGIN_CODE_RULES.maxAttempts) return null;
        const a = Buffer.from(row.codeHash);
        const b = Buffer.from(codeHash(phone, code));
        if (a.length !== b.length || !timingSafeEqual(a, b)) {
          const attempts = row.attempts + 1;
          await repo.updateCode(tx, row.id, {
            attempts,
            ...(attempts >= LOGIN_CODE_RULES.maxAttempts ? { consumedAt: new Date() } : {}),
          });
          await appendAudit(tx, systemActor('portal'), {
            action: 'resident.login',
            result: 'failure',
            actorNameOverride: `portal:${maskPhone(phone)}`,
            after: { attempts },
          });
          return null;
        }
        await repo.updateCode(tx, row.id, { consumedAt: new Date() });
        const resident =
          (await repo.findResidentByPhoneHash(tx, phoneHash)) ??
          (await repo.insertResident(tx, {
            phoneEnc: crypto.encrypt(phone),
            phoneHash,
            phoneMasked: maskPhone(phone),
          }));
        if (resident.status !== 'active') return null;
        await repo.updateResident(tx, resident.id, { lastLoginAt: new Date() });
        const token = randomBytes(32).toString('base64url');
        const csrfToken = randomBytes(24).toString('base64url');
        await repo.insertSession(tx, {
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
      const row = await repo.sessionByTokenHash(handle.db, tokenHash);
      if (!row) return null;
      const now = Date.now();
      if (
        row.status !== 'active' ||
        row.s.expiresAt.getTime() <= now ||
        now - row.s.lastSeenAt.getTime() > RESIDENT_SESSION.idleHours * 3_600_000
      ) {
        await repo.deleteSession(handle.db, tokenHash);
        return null;
      }
      if (now - row.s.lastSeenAt.getTime() > 60_000) await repo.touchSession(handle.db, tokenHash, new Date(now));
      return { residentId: row.s.residentId, csrfToken: row.s.csrfToken, tokenHash };
    },

    async logout(resident: ResidentActor) {
      await repo.deleteSession(handle.db, resident.session.tokenHash);
    },
  };
}
export type SignInService = ReturnType<typeof createSignInService>;
