import { and, eq, sql } from 'drizzle-orm';
import {
  PASSWORD_RULES,
  passwordProblems,
  type CreateUserInput,
  type Me,
  type OrgType,
  type Page,
  type Role,
  type UpdateUserInput,
  type User,
  permissionsOf,
} from '@jinguo/contracts';
import { appendAudit, auditNow } from '../../platform/audit/audit.service.js';
import { users } from '../../platform/auth/auth.tables.js';
import { passwordExpired } from '../../platform/auth/authenticate.js';
import {
  burnVerification,
  generateOneTimePassword,
  hashPassword,
  verifyPassword,
} from '../../platform/auth/passwords.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { requirePermission, runScoped, type RequestInfo, type Scoped, type UserActor } from '../../platform/scope.js';
import { canManageUser, rolesProblem } from './accounts.policy.js';
import * as repo from './accounts.repository.js';

export interface AccountsDeps {
  handle: DbHandle;
  sessions: SessionStore;
  lockoutThreshold: number;
  lockoutMinutes: number;
}

type UserWithOrg = NonNullable<Awaited<ReturnType<typeof repo.findById>>>;

function userView(r: UserWithOrg): User {
  const u = r.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    homeOrg: { id: u.orgId, code: r.orgCode, name: r.orgName, type: r.orgType as OrgType },
    status: u.status as User['status'],
    lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

function auditUser(u: repo.UserRow) {
  const { passwordHash: _h, ...rest } = u;
  return rest;
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

export function createAccountsService(deps: AccountsDeps) {
  const db = deps.handle.db;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

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

  async function manageable(s: Scoped, actor: UserActor, userId: number) {
    requirePermission(actor, 'user.manage');
    const target = await repo.findInScope(s, userId);
    if (!target) throw new AppError('USER_NOT_FOUND');
    if (!canManageUser(actor, { id: target.user.id, roles: target.user.roles as Role[] }))
      throw new AppError('FORBIDDEN');
    return target;
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
        await tx
          .update(users)
          .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() })
          .where(eq(users.id, user.id));
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

    list: (actor: UserActor, q: string | undefined, cursor: string | undefined, limit: number) =>
      run(actor, async (s): Promise<Page<User>> => {
        const after = decodeCursor<{ u: string }>(cursor);
        const rows = await repo.listInScope(s, q, after ? String(after.u) : null, limit);
        const page = rows.slice(0, limit);
        return {
          items: page.map(userView),
          nextCursor: rows.length > limit ? encodeCursor({ u: page[page.length - 1]!.user.username }) : null,
        };
      }),

    get: (actor: UserActor, userId: number) =>
      run(actor, async (s) => {
        const r = await repo.findInScope(s, userId);
        if (!r) throw new AppError('USER_NOT_FOUND');
        return userView(r);
      }),

    create: (actor: UserActor, input: CreateUserInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'user.manage');
        const problem = rolesProblem(actor, input.roles);
        if (problem)
          throw new AppError('ROLE_NOT_GRANTABLE', {
            field: 'roles',
            ...(problem === 'separation-of-duties'
              ? {
                  zh: '三员分立：系统管理员、安全管理员、审计管理员不能兼任其他角色',
                  en: 'Separation of duties: admin, security officer and auditor roles cannot be combined',
                }
              : {}),
          });
        const org = await s.tx.execute(
          sql`select id, path::text as path from organizations where id = ${input.homeOrgId} and path <@ ${s.scopePath}::ltree and status = 'active'`,
        );
        const orgRow = (org as unknown as { rows: { id: number; path: string }[] }).rows[0];
        if (!orgRow) throw new AppError('ORG_NOT_FOUND', { field: 'homeOrgId' });
        if (await repo.usernameTaken(s.tx, input.username)) throw new AppError('USERNAME_TAKEN', { field: 'username' });
        const oneTimePassword = generateOneTimePassword();
        const created = await repo.insertUser(s.tx, {
          username: input.username,
          displayName: input.displayName,
          orgId: orgRow.id,
          orgPath: orgRow.path,
          roles: input.roles,
          passwordHash: await hashPassword(oneTimePassword),
          mustChangePassword: true,
        });
        await appendAudit(s.tx, actor, {
          action: 'user.create',
          targetType: 'user',
          targetId: created.id,
          orgId: orgRow.id,
          orgPath: orgRow.path,
          after: auditUser(created),
        });
        return { user: userView((await repo.findInScope(s, created.id))!), oneTimePassword };
      }),

    update: (actor: UserActor, userId: number, input: UpdateUserInput) =>
      run(actor, async (s) => {
        const target = await manageable(s, actor, userId);
        if (input.roles) {
          const problem = rolesProblem(actor, input.roles);
          if (problem) throw new AppError('ROLE_NOT_GRANTABLE', { field: 'roles' });
        }
        const after = await repo.updateUser(s.tx, userId, { ...input });
        await appendAudit(s.tx, actor, {
          action: 'user.update',
          targetType: 'user',
          targetId: userId,
          orgId: after.orgId,
          orgPath: after.orgPath,
          before: auditUser(target.user),
          after: auditUser(after),
        });
        if (input.status === 'disabled' || input.roles) await deps.sessions.destroyAllFor(userId, undefined, s.tx);
        return userView((await repo.findInScope(s, userId))!);
      }),

    resetPassword: (actor: UserActor, userId: number) =>
      run(actor, async (s) => {
        const target = await manageable(s, actor, userId);
        const oneTimePassword = generateOneTimePassword();
        await repo.updateUser(s.tx, userId, {
          passwordHash: await hashPassword(oneTimePassword),
          mustChangePassword: true,
          passwordChangedAt: new Date(),
          failedAttempts: 0,
          lockedUntil: null,
        });
        await appendAudit(s.tx, actor, {
          action: 'user.password.reset',
          targetType: 'user',
          targetId: userId,
          orgId: target.user.orgId,
          orgPath: target.user.orgPath,
        });
        await deps.sessions.destroyAllFor(userId, undefined, s.tx);
        return { user: userView((await repo.findInScope(s, userId))!), oneTimePassword };
      }),

    unlock: (actor: UserActor, userId: number) =>
      run(actor, async (s) => {
        if (!actor.permissions.has('security.manage') && !actor.permissions.has('user.manage'))
          throw new AppError('FORBIDDEN');
        const target = await repo.findInScope(s, userId);
        if (!target) throw new AppError('USER_NOT_FOUND');
        await s.tx
          .update(users)
          .set({ failedAttempts: 0, lockedUntil: null })
          .where(and(eq(users.id, userId)));
        await appendAudit(s.tx, actor, {
          action: 'user.unlock',
          targetType: 'user',
          targetId: userId,
          orgId: target.user.orgId,
          orgPath: target.user.orgPath,
        });
        return userView((await repo.findInScope(s, userId))!);
      }),
  };
}
export type AccountsService = ReturnType<typeof createAccountsService>;
