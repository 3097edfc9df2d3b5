import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import {
  needsSecondFactor,
  type RecoveryCodes,
  type Role,
  type SessionList,
  type TotpEnrolment,
} from '@jinguo/contracts';
import { appendAudit, auditNow } from '../../platform/audit/audit.service.js';
import { sessionPublicId } from '../../platform/auth/sessions.js';
import { clearSecondFactorPending } from '../../platform/auth/sessions.repository.js';
import { AppError } from '../../platform/errors.js';
import { requirePermission, runScoped, type UserActor } from '../../platform/scope.js';
import * as repo from './accounts.repository.js';
import type { AccountsDeps } from './accounts.service.js';
import { userView } from './accounts.users.service.js';

const ISSUER = '巾帼 Jinguo';
const RECOVERY_CODES = 10;
const hashCode = (code: string) => createHash('sha256').update(code.trim().toLowerCase()).digest('hex');

function totpOf(secretBase32: string, username: string) {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: secretBase32 });
}

/** Ten codes of 12 letters and digits (xxxx-xxxx-xxxx), from the CSPRNG. */
function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/**
 * The signed-in user's security: her sessions (listed, ended one by one) and her second factor (TOTP with recovery
 * codes), which the roles that unmask personal data or read cases must give at sign-in (docs/decisions/0015). Only
 * the security officer resets an authenticator, audited.
 */
export function createSecurityService(deps: AccountsDeps) {
  const db = deps.handle.db;

  /** Whether a user signing in owes the second factor in this session. */
  function owesSecondFactor(user: repo.UserRow): boolean {
    if (user.totpEnabledAt) return true;
    return deps.secondFactor === 'required' && needsSecondFactor(user.roles as Role[]);
  }

  async function passSecondFactor(actor: UserActor, action: string) {
    await db.transaction(async (tx) => {
      await clearSecondFactorPending(tx, actor.session.tokenHash);
      await appendAudit(tx, actor, { action, targetType: 'user', targetId: actor.userId });
    });
    deps.sessions.evict(actor.session.tokenHash);
  }

  async function refuseCode(actor: UserActor, action: string, reason: string): Promise<never> {
    const { locked } = await deps.throttle.fail(actor.username, actor.request.ip);
    await auditNow(db, actor, { action, result: 'failure', targetType: 'user', targetId: actor.userId, reason });
    throw new AppError(locked ? 'ACCOUNT_LOCKED' : 'SECOND_FACTOR_INVALID', { field: 'code' });
  }

  /** The time step of a good code not used before, or null. */
  function acceptTotp(user: repo.UserRow, secretBase32: string, code: string): number | null {
    const totp = totpOf(secretBase32, user.username);
    const delta = totp.validate({ token: code, window: 1 });
    if (delta === null) return null;
    const step = totp.counter() + delta;
    return user.totpLastStep !== null && step <= user.totpLastStep ? null : step;
  }

  async function refuseIfThrottled(actor: UserActor) {
    if (await deps.throttle.blocked(actor.username, actor.request.ip)) throw new AppError('ACCOUNT_LOCKED');
  }

  return {
    owesSecondFactor,

    async sessions(actor: UserActor): Promise<SessionList> {
      const rows = await deps.sessions.listFor(actor.userId);
      const current = sessionPublicId(actor.session.tokenHash);
      return {
        items: rows.map((r) => ({
          id: r.id,
          createdAt: r.createdAt.toISOString(),
          lastSeenAt: r.lastSeenAt.toISOString(),
          expiresAt: r.expiresAt.toISOString(),
          ip: r.ip,
          userAgent: r.userAgent,
          current: r.id === current,
        })),
      };
    },

    /** Ends one of my sessions (another browser, a lost phone): only mine; audited. */
    async revokeSession(actor: UserActor, sessionId: string): Promise<void> {
      await db.transaction(async (tx) => {
        if (!(await deps.sessions.revoke(actor.userId, sessionId, tx))) throw new AppError('SESSION_NOT_FOUND');
        await appendAudit(tx, actor, {
          action: 'auth.session.revoke',
          targetType: 'user',
          targetId: actor.userId,
          after: { sessionId },
        });
      });
    },

    /** A new secret to add to the authenticator app, kept (encrypted) until a code from it confirms it. */
    async startEnrolment(actor: UserActor): Promise<TotpEnrolment> {
      const user = (await repo.findById(db, actor.userId))!.user;
      if (user.totpEnabledAt) throw new AppError('SECOND_FACTOR_ENROLLED');
      const secret = new Secret({ size: 20 }).base32;
      await repo.updateUser(db, user.id, { totpSecretEnc: deps.crypto.encrypt(secret), totpLastStep: null });
      return { secret, uri: totpOf(secret, user.username).toString() };
    },

    /** A code from the app confirms the enrolment; the recovery codes are shown this once, and stored hashed. */
    async confirmEnrolment(actor: UserActor, code: string): Promise<RecoveryCodes> {
      await refuseIfThrottled(actor);
      const user = (await repo.findById(db, actor.userId))!.user;
      if (user.totpEnabledAt || !user.totpSecretEnc) throw new AppError('SECOND_FACTOR_NOT_ENROLLING');
      const step = acceptTotp(user, deps.crypto.decrypt(user.totpSecretEnc), code);
      if (step === null) return refuseCode(actor, 'auth.second_factor.enrol', 'wrong code');
      const recoveryCodes = newRecoveryCodes();
      await repo.updateUser(db, user.id, {
        totpEnabledAt: new Date(),
        totpLastStep: step,
        recoveryCodeHashes: recoveryCodes.map(hashCode),
      });
      await passSecondFactor(actor, 'auth.second_factor.enrol');
      return { recoveryCodes };
    },

    /** The code at sign-in: from the app, or a recovery code (used up). */
    async verify(actor: UserActor, code: string): Promise<void> {
      await refuseIfThrottled(actor);
      const user = (await repo.findById(db, actor.userId))!.user;
      if (!user.totpEnabledAt || !user.totpSecretEnc) throw new AppError('SECOND_FACTOR_NOT_ENROLLING');
      if (/^\d{6}$/.test(code)) {
        const step = acceptTotp(user, deps.crypto.decrypt(user.totpSecretEnc), code);
        if (step === null) return refuseCode(actor, 'auth.second_factor.verify', 'wrong code');
        await repo.updateUser(db, user.id, { totpLastStep: step });
        return passSecondFactor(actor, 'auth.second_factor.verify');
      }
      const hashed = hashCode(code);
      if (!user.recoveryCodeHashes.includes(hashed))
        return refuseCode(actor, 'auth.second_factor.verify', 'wrong recovery code');
      await repo.updateUser(db, user.id, { recoveryCodeHashes: user.recoveryCodeHashes.filter((h) => h !== hashed) });
      await passSecondFactor(actor, 'auth.second_factor.recovery_code');
    },

    /**
     * The security officer resets a user's authenticator (a lost phone, used-up codes): she enrols again at her next
     * sign-in, and her sessions end. Not her own; audited.
     */
    resetSecondFactor: (actor: UserActor, userId: number) =>
      runScoped(deps.handle, actor, async (s) => {
        requirePermission(actor, 'security.manage');
        const target = await repo.findInScope(s, userId);
        if (!target) throw new AppError('USER_NOT_FOUND');
        if (target.user.id === actor.userId) throw new AppError('FORBIDDEN');
        await repo.updateUser(s.tx, userId, {
          totpSecretEnc: null,
          totpEnabledAt: null,
          totpLastStep: null,
          recoveryCodeHashes: [],
        });
        await appendAudit(s.tx, actor, {
          action: 'user.second_factor.reset',
          targetType: 'user',
          targetId: userId,
          orgId: target.user.orgId,
          orgPath: target.user.orgPath,
          before: { enrolledAt: target.user.totpEnabledAt?.toISOString() ?? null },
        });
        await deps.sessions.destroyAllFor(userId, undefined, s.tx);
        return userView((await repo.findInScope(s, userId))!);
      }),
  };
}
