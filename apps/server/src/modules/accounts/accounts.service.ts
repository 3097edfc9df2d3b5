import { PASSWORD_RULES, passwordProblems, permissionsOf, type Me, type OrgType, type Role } from '@jinguo/contracts';
import { appendAudit, auditNow } from '../../platform/audit/audit.service.js';
import { passwordExpired } from '../../platform/auth/authenticate.js';
import { burnVerification, hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Sms } from '../../platform/notifications/index.js';
import type { RequestInfo, UserActor } from '../../platform/scope.js';
import * as repo from './accounts.repository.js';
import { createRoleGrantService } from './accounts.grants.service.js';
import { createUserAdminService } from './accounts.users.service.js';

export interface AccountsDeps {
  handle: DbHandle;
  sessions: SessionStore;
  /** Users' own phones are encrypted like the registry's. */
  crypto: FieldCrypto;
  /** One-time passwords go by SMS to the user's own phone, and nowhere else. */
  sms: Sms;
  lockoutThreshold: number;
  lockoutMinutes: number;
}

function checkStrength(password: string, username: string) {
  const problems = passwordProblems(password, username);
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
}

/** Sign-in and the user's own account. */
function createSignInService(deps: AccountsDeps) {
  const db = deps.handle.db;

  async function me(actor: UserActor): Promise<Me> {
    const r = (await repo.findById(db, actor.userId))!;
    const expires = new Date(r.user.passwordChangedAt.getTime() + PASSWORD_RULES.maxAgeDays * 86_400_000);
    return {
      id: r.user.id,
      username: r.user.username,
      displayName: r.user.displayName,
      roles: r.user.roles as Role[],
      permissions: permissionsOf(r.user.roles as Role[]),
      homeOrg: { id: r.user.orgId, code: r.orgCode, name: r.orgName, type: r.orgType as OrgType },
      mustChangePassword: r.user.mustChangePassword || passwordExpired(r.user.passwordChangedAt),
      passwordExpiresOn: expires.toISOString().slice(0, 10),
      lastLoginAt: r.user.lastLoginAt?.toISOString() ?? null,
      csrfToken: actor.session.csrfToken,
    };
  }

  return {
    me,

    /** Username + password; lockout after the threshold of failures; every attempt audited. */
    async login(username: string, password: string, request: RequestInfo) {
      const audited = { ip: request.ip, userAgent: request.userAgent, requestId: request.requestId };
      const system = { kind: 'system' as const, name: 'auth', request: audited };
      const user = await repo.findByUsername(db, username);
      if (!user) {
        await burnVerification(password);
        await auditNow(db, system, {
          action: 'auth.login',
          result: 'failure',
          targetType: 'user',
          reason: 'unknown username',
          actorNameOverride: username.slice(0, 64),
        });
        throw new AppError('INVALID_CREDENTIALS');
      }
      if (user.lockedUntil && user.lockedUntil > new Date()) {
        await auditNow(db, system, {
          action: 'auth.login',
          result: 'failure',
          targetType: 'user',
          targetId: user.id,
          reason: 'account locked',
          actorNameOverride: user.username,
        });
        throw new AppError('ACCOUNT_LOCKED');
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        const { locked } = await repo.registerFailure(db, user.id, deps.lockoutThreshold, deps.lockoutMinutes);
        await auditNow(db, system, {
          action: 'auth.login',
          result: 'failure',
          targetType: 'user',
          targetId: user.id,
          reason: locked ? 'wrong password; account locked' : 'wrong password',
          actorNameOverride: user.username,
        });
        throw new AppError(locked ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
      }
      if (user.status !== 'active') {
        await auditNow(db, system, {
          action: 'auth.login',
          result: 'failure',
          targetType: 'user',
          targetId: user.id,
          reason: 'account disabled',
          actorNameOverride: user.username,
        });
        throw new AppError('ACCOUNT_DISABLED');
      }
      const session = await db.transaction(async (tx) => {
        await repo.recordLogin(tx, user.id);
        await appendAudit(tx, system, {
          action: 'auth.login',
          result: 'success',
          targetType: 'user',
          targetId: user.id,
          orgId: user.orgId,
          orgPath: user.orgPath,
          actorNameOverride: user.username,
        });
        return deps.sessions.create(user.id, request.ip, request.userAgent, tx);
      });
      return { ...session, userId: user.id };
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
      checkStrength(newPassword, user.username);
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
 * security officer's approval of roles in accounts.grants.service.ts.
 */
export function createAccountsService(deps: AccountsDeps) {
  return { ...createSignInService(deps), ...createUserAdminService(deps), ...createRoleGrantService(deps) };
}
export type AccountsService = ReturnType<typeof createAccountsService>;
