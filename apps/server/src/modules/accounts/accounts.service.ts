import { PASSWORD_RULES, passwordProblems, permissionsOf, type Me, type OrgType, type Role } from '@jinguo/contracts';
import { appendAudit, auditNow } from '../../platform/audit/audit.service.js';
import { passwordExpired } from '../../platform/auth/authenticate.js';
import { passwordTooGuessable } from '../../platform/auth/password-strength.js';
import { burnVerification, hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { secondFactorPendingOf } from '../../platform/auth/sessions.repository.js';
import type { SignInThrottle } from '../../platform/auth/throttle.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Sms } from '../../platform/notifications/index.js';
import type { RequestInfo, UserActor } from '../../platform/scope.js';
import * as repo from './accounts.repository.js';
import { createSecurityService } from './accounts.security.service.js';
import { createRoleGrantService } from './accounts.grants.service.js';
import { createUserAdminService } from './accounts.users.service.js';

export interface AccountsDeps {
  handle: DbHandle;
  sessions: SessionStore;
  /** Users' own phones are encrypted like the registry's. */
  crypto: FieldCrypto;
  /** One-time passwords go by SMS to the user's own phone, and nowhere else. */
  sms: Sms;
  /** Failed sign-ins counted per address, username and both (platform/auth/throttle.ts). */
  throttle: SignInThrottle;
  /** Days a password lasts before its owner must change it at sign-in (PASSWORD_MAX_AGE_DAYS). */
  passwordMaxAgeDays: number;
  /** JINGUO_SECOND_FACTOR: 'required' for the roles that need it, or only for the users who enrolled (the demo). */
  secondFactor: 'required' | 'enrolled';
}

function checkStrength(password: string, user: { username: string; displayName: string }) {
  const problems = passwordProblems(password, user.username);
  if (problems.length) {
    throw new AppError('PASSWORD_TOO_WEAK', {
      field: 'newPassword',
      errors: [
        {
          field: 'newPassword',
          code: problems[0]!,
          message: {
            'zh-CN': '密码至少 8 位，并包含大写字母、小写字母、数字、符号中的三类，且不含用户名',
            'en-US':
              'At least 8 characters with 3 of: upper case, lower case, digits, symbols; not containing the username',
          },
        },
      ],
    });
  }
  if (passwordTooGuessable(password, [user.username, user.displayName])) {
    throw new AppError('PASSWORD_TOO_WEAK', {
      field: 'newPassword',
      errors: [
        {
          field: 'newPassword',
          code: 'too-guessable',
          message: {
            'zh-CN': '密码太常见或太容易猜到（常用或泄露过的密码、键盘序列、单词加年份、含姓名），请换一个',
            'en-US':
              'The password is too common or easy to guess (a common or leaked password, a keyboard walk, a word and a year, your name); choose another',
          },
        },
      ],
    });
  }
}

/** Sign-in and the user's own account. */
function createSignInService(deps: AccountsDeps, security: SecurityService) {
  const db = deps.handle.db;

  async function me(actor: UserActor, secondFactorPending?: boolean): Promise<Me> {
    const r = (await repo.findById(db, actor.userId))!;
    const pending = secondFactorPending ?? (await secondFactorPendingOf(db, actor.session.tokenHash));
    const enrolled = r.user.totpEnabledAt !== null;
    const expires = new Date(r.user.passwordChangedAt.getTime() + deps.passwordMaxAgeDays * 86_400_000);
    return {
      id: r.user.id,
      username: r.user.username,
      displayName: r.user.displayName,
      roles: r.user.roles as Role[],
      permissions: permissionsOf(r.user.roles as Role[]),
      homeOrg: { id: r.user.orgId, code: r.orgCode, name: r.orgName, type: r.orgType as OrgType },
      mustChangePassword:
        r.user.mustChangePassword || passwordExpired(r.user.passwordChangedAt, deps.passwordMaxAgeDays),
      passwordExpiresOn: expires.toISOString().slice(0, 10),
      lastLoginAt: r.user.lastLoginAt?.toISOString() ?? null,
      secondFactor: pending ? (enrolled ? 'verify' : 'enrol') : enrolled ? 'done' : 'off',
      csrfToken: actor.session.csrfToken,
    };
  }

  return {
    me,

    /**
     * Username + password. An unknown username and a wrong password get the same answer, at the same cost, and count
     * the same failures (platform/auth/throttle.ts); every attempt is audited.
     */
    async login(username: string, password: string, request: RequestInfo) {
      const audited = { ip: request.ip, userAgent: request.userAgent, requestId: request.requestId };
      const system = { kind: 'system' as const, name: 'auth', request: audited };
      const refuse = async (reason: string, userId?: number) =>
        auditNow(db, system, {
          action: 'auth.login',
          result: 'failure',
          targetType: 'user',
          ...(userId !== undefined ? { targetId: userId } : {}),
          reason,
          actorNameOverride: username.slice(0, 64),
        });
      const blocked = await deps.throttle.blocked(username, request.ip);
      if (blocked) {
        await refuse(`throttled (${blocked})`);
        throw new AppError(blocked === 'address' ? 'SIGN_IN_THROTTLED' : 'ACCOUNT_LOCKED');
      }
      const user = await repo.findByUsername(db, username);
      const passwordOk = user
        ? await verifyPassword(user.passwordHash, password)
        : (await burnVerification(password), false);
      if (!user || !passwordOk) {
        const { locked } = await deps.throttle.fail(username, request.ip);
        await refuse(`${user ? 'wrong password' : 'unknown username'}${locked ? '; locked' : ''}`, user?.id);
        throw new AppError(locked ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
      }
      if (user.status !== 'active') {
        await refuse('account disabled', user.id);
        throw new AppError('ACCOUNT_DISABLED');
      }
      const secondFactorPending = security.owesSecondFactor(user);
      const session = await db.transaction(async (tx) => {
        await repo.recordLogin(tx, user.id);
        await deps.throttle.succeed(tx, username, request.ip);
        await appendAudit(tx, system, {
          action: 'auth.login',
          result: 'success',
          targetType: 'user',
          targetId: user.id,
          orgId: user.orgId,
          orgPath: user.orgPath,
          actorNameOverride: user.username,
        });
        return deps.sessions.create(user.id, request.ip, request.userAgent, tx, secondFactorPending);
      });
      return { ...session, userId: user.id, secondFactorPending };
    },

    async logout(actor: UserActor, token: string) {
      await deps.sessions.destroy(token);
      await auditNow(db, actor, { action: 'auth.logout', targetType: 'user', targetId: actor.userId });
    },

    async changePassword(actor: UserActor, currentPassword: string, newPassword: string): Promise<Me> {
      const user = (await repo.findById(db, actor.userId))!.user;
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        await auditNow(db, actor, {
          action: 'auth.password.change',
          result: 'failure',
          targetType: 'user',
          targetId: user.id,
          reason: 'wrong current password',
        });
        throw fieldError('INVALID_CREDENTIALS', 'currentPassword', '当前密码不正确', 'the current password is wrong');
      }
      checkStrength(newPassword, user);
      const recent = [
        user.passwordHash,
        ...(await repo.recentPasswordHashes(db, user.id, PASSWORD_RULES.historyDepth - 1)),
      ];
      for (const h of recent) {
        if (await verifyPassword(h, newPassword)) throw new AppError('PASSWORD_REUSED', { field: 'newPassword' });
      }
      const hashed = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await repo.rememberPassword(tx, user.id, user.passwordHash);
        await repo.updateUser(tx, user.id, {
          passwordHash: hashed,
          mustChangePassword: false,
          passwordChangedAt: new Date(),
        });
        await appendAudit(tx, actor, {
          action: 'auth.password.change',
          targetType: 'user',
          targetId: user.id,
          orgId: user.orgId,
          orgPath: user.orgPath,
        });
        await deps.sessions.destroyAllFor(user.id, actor.session.tokenHash, tx);
      });
      deps.sessions.evict(actor.session.tokenHash);
      return me(actor);
    },
  };
}

/**
 * The accounts use cases: signing in and one's own account here, managing users in accounts.users.service.ts, the
 * security officer's approval of roles in accounts.grants.service.ts, sessions and the second factor in
 * accounts.security.service.ts.
 */
export function createAccountsService(deps: AccountsDeps) {
  const security = createSecurityService(deps);
  return {
    ...createSignInService(deps, security),
    ...createUserAdminService(deps),
    ...createRoleGrantService(deps),
    ...security,
  };
}
export type AccountsService = ReturnType<typeof createAccountsService>;

type SecurityService = ReturnType<typeof createSecurityService>;
