import type { CreateUserInput, OrgType, Page, Role, UpdateUserInput, User } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { generateOneTimePassword, hashPassword } from '../../platform/auth/passwords.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { canManageUser, rolesProblem } from './accounts.policy.js';
import * as repo from './accounts.repository.js';
import type { AccountsDeps } from './accounts.service.js';

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

/** User management: listing, creating, changing, resetting and unlocking the users of the actor's subtree. */
export function createUserAdminService(deps: AccountsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function manageable(s: Scoped, actor: UserActor, userId: number) {
    requirePermission(actor, 'user.manage');
    const target = await repo.findInScope(s, userId);
    if (!target) throw new AppError('USER_NOT_FOUND');
    if (!canManageUser(actor, { id: target.user.id, roles: target.user.roles as Role[] }))
      throw new AppError('FORBIDDEN');
    return target;
  }

  return {
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
        const orgRow = await repo.findActiveHomeOrg(s, input.homeOrgId);
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
        await repo.clearLockout(s.tx, userId);
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
