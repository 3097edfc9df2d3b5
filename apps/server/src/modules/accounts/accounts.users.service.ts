import {
  maskPhone,
  type CreateUserInput,
  type OrgType,
  type Page,
  type PasswordDelivery,
  type PasswordSent,
  type Role,
  type UpdateUserInput,
  type User,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { generateOneTimePassword, hashPassword } from '../../platform/auth/passwords.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { notify } from '../../platform/notifications/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { canManageUser, rolesProblem, rolesTakingEffect } from './accounts.policy.js';
import * as repo from './accounts.repository.js';
import type { AccountsDeps } from './accounts.service.js';

type UserWithOrg = NonNullable<Awaited<ReturnType<typeof repo.findById>>>;

export function userView(r: UserWithOrg): User {
  const u = r.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    pendingRoles: (r.pendingRoles ?? []) as Role[],
    phone: u.phoneMasked,
    homeOrg: { id: u.orgId, code: r.orgCode, name: r.orgName, type: r.orgType as OrgType },
    status: u.status as User['status'],
    lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
    secondFactorEnrolled: u.totpEnabledAt !== null,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** A user row for the audit trail: never the password hash, TOTP secret or recovery codes, nor the phone unmasked. */
export function auditUser(u: repo.UserRow) {
  const {
    passwordHash: _h,
    phoneEnc: _p,
    phoneHash: _ph,
    totpSecretEnc: _t,
    totpLastStep: _ts,
    recoveryCodeHashes: _r,
    ...rest
  } = u;
  return rest;
}

const SEPARATION_MESSAGE = {
  zh: '三员分立：系统管理员、安全管理员、审计管理员不能兼任其他角色',
  en: 'Separation of duties: admin, security officer and auditor roles cannot be combined',
};

/**
 * User management: listing, creating, changing, resetting and unlocking the users of the actor's subtree (三员分立,
 * docs/decisions/0013). The admin asks for roles; those that read personal data or cases wait for the security
 * officer (accounts.grants.service.ts). A one-time password is never in an answer: it goes by SMS to the user's own
 * phone after the commit, and only there (the development channel: the server log; its outbox page blanks it).
 */
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

  /**
   * Asks the security officer for the roles that wait (in the caller's transaction): a pending grant replaces the one
   * before it (withdrawn), and none is left when nothing waits. Every step is audited.
   */
  async function askForRoles(s: Scoped, actor: UserActor, user: repo.UserRow, pending: Role[]) {
    const previous = await repo.pendingGrantOf(s.tx, user.id);
    const audited = { targetType: 'user', targetId: user.id, orgId: user.orgId, orgPath: user.orgPath } as const;
    if (previous) {
      const same = previous.roles.length === pending.length && pending.every((r) => previous.roles.includes(r));
      if (same) return;
      await repo.decideGrant(s.tx, previous.id, {
        status: 'withdrawn',
        decidedBy: actor.userId,
        decidedByName: actor.username,
      });
      await appendAudit(s.tx, actor, {
        action: 'user.role_grant.withdraw',
        ...audited,
        before: { grantId: previous.id, roles: previous.roles },
      });
    }
    if (!pending.length) return;
    const grant = await repo.insertGrant(s.tx, {
      userId: user.id,
      roles: pending,
      requestedBy: actor.userId,
      requestedByName: actor.username,
    });
    await appendAudit(s.tx, actor, {
      action: 'user.role_grant.request',
      ...audited,
      after: { grantId: grant.id, roles: pending, heldNow: user.roles },
    });
    await notify(s.tx, {
      kind: 'user.role_grant.requested',
      recipients: [{ role: 'security_officer' }],
      title: { 'zh-CN': `账号 ${user.username} 待授权审批`, 'en-US': `Roles of ${user.username} wait for approval` },
      link: '/users/role-grants',
      target: { type: 'user', id: user.id },
      orgPath: user.orgPath,
    });
  }

  /** A fresh one-time password on the account, forced to change; sent (after the commit) by sendPassword. */
  async function setOneTimePassword(s: Scoped, actor: UserActor, user: repo.UserRow, action: string) {
    if (!user.phoneEnc) throw new AppError('USER_PHONE_MISSING');
    if (!deps.sms.available)
      throw new AppError('SMS_UNAVAILABLE', {
        zh: '短信通道未配置，一次性密码无法发给本人：请在服务器控制台运行 jinguo users reset-password',
        en: 'No SMS channel is configured to send the one-time password to its owner: run `jinguo users reset-password` at the server console',
      });
    const oneTimePassword = generateOneTimePassword();
    await repo.updateUser(s.tx, user.id, {
      passwordHash: await hashPassword(oneTimePassword),
      mustChangePassword: true,
      passwordChangedAt: new Date(),
      failedAttempts: 0,
      lockedUntil: null,
    });
    await deps.throttle.clear(s.tx, user.username);
    const delivery = deliveryTo(user.phoneMasked);
    await appendAudit(s.tx, actor, {
      action,
      targetType: 'user',
      targetId: user.id,
      orgId: user.orgId,
      orgPath: user.orgPath,
      after: { passwordSentTo: delivery.sentTo, channel: delivery.channel },
    });
    return { oneTimePassword, phone: deps.crypto.decrypt(user.phoneEnc), delivery };
  }

  function deliveryTo(phoneMasked: string | null): PasswordDelivery {
    const channel = !deps.sms.available ? 'none' : deps.sms.channel === 'dev' ? 'development' : 'sms';
    return { channel, sentTo: phoneMasked };
  }

  /** After the commit: the password to the user's own phone, and nowhere else. */
  async function sendPassword(
    user: { username: string; displayName: string },
    sent: { oneTimePassword: string; phone: string; delivery: PasswordDelivery },
  ) {
    if (sent.delivery.channel === 'none') return;
    await deps.sms.send(
      sent.phone,
      `【巾帼】${user.displayName}，您的巾帼工作平台账号 ${user.username} 的一次性密码是 ${sent.oneTimePassword}，请尽快登录并设置您自己的密码。密码只发给您本人，请勿告诉任何人（包括管理员）。`,
      { purpose: 'account.password', secret: sent.oneTimePassword },
    );
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

    /**
     * A new account with the roles that read no personal data at once, the others asked of the security officer, and
     * a one-time password sent to the phone given for the user.
     */
    async create(actor: UserActor, input: CreateUserInput): Promise<PasswordSent> {
      const { view, sent } = await run(actor, async (s) => {
        requirePermission(actor, 'user.manage');
        const problem = rolesProblem(actor, input.roles);
        if (problem)
          throw new AppError('ROLE_NOT_GRANTABLE', {
            field: 'roles',
            ...(problem === 'separation-of-duties' ? SEPARATION_MESSAGE : {}),
          });
        const orgRow = await repo.findActiveHomeOrg(s, input.homeOrgId);
        if (!orgRow) throw new AppError('ORG_NOT_FOUND', { field: 'homeOrgId' });
        if (await repo.usernameTaken(s.tx, input.username)) throw new AppError('USERNAME_TAKEN', { field: 'username' });
        const { now, pending } = rolesTakingEffect([], input.roles);
        const oneTimePassword = generateOneTimePassword();
        const created = await repo.insertUser(s.tx, {
          username: input.username,
          displayName: input.displayName,
          orgId: orgRow.id,
          orgPath: orgRow.path,
          roles: now,
          passwordHash: await hashPassword(oneTimePassword),
          mustChangePassword: true,
          phoneEnc: deps.crypto.encrypt(input.phone),
          phoneHash: deps.crypto.lookupHash(input.phone),
          phoneMasked: maskPhone(input.phone),
        });
        const delivery = deliveryTo(created.phoneMasked);
        await appendAudit(s.tx, actor, {
          action: 'user.create',
          targetType: 'user',
          targetId: created.id,
          orgId: orgRow.id,
          orgPath: orgRow.path,
          after: {
            ...auditUser(created),
            askedFor: input.roles,
            passwordSentTo: delivery.sentTo,
            channel: delivery.channel,
          },
        });
        await askForRoles(s, actor, created, pending);
        const sent = { oneTimePassword, phone: input.phone, delivery };
        return { view: userView((await repo.findInScope(s, created.id))!), sent };
      });
      await sendPassword(view, sent);
      return { user: view, delivery: sent.delivery };
    },

    update: (actor: UserActor, userId: number, input: UpdateUserInput) =>
      run(actor, async (s) => {
        const target = await manageable(s, actor, userId);
        let roles: Role[] | undefined;
        let pending: Role[] = [];
        if (input.roles) {
          const problem = rolesProblem(actor, input.roles);
          if (problem)
            throw new AppError('ROLE_NOT_GRANTABLE', {
              field: 'roles',
              ...(problem === 'separation-of-duties' ? SEPARATION_MESSAGE : {}),
            });
          ({ now: roles, pending } = rolesTakingEffect(target.user.roles as Role[], input.roles));
        }
        const after = await repo.updateUser(s.tx, userId, { ...input, ...(roles ? { roles } : {}) });
        await appendAudit(s.tx, actor, {
          action: 'user.update',
          targetType: 'user',
          targetId: userId,
          orgId: after.orgId,
          orgPath: after.orgPath,
          before: auditUser(target.user),
          after: { ...auditUser(after), ...(input.roles ? { askedFor: input.roles } : {}) },
        });
        if (input.roles) await askForRoles(s, actor, after, pending);
        if (input.status === 'disabled' || input.roles) await deps.sessions.destroyAllFor(userId, undefined, s.tx);
        return userView((await repo.findInScope(s, userId))!);
      }),

    /** A new one-time password, sent to the user's own phone; her sessions end and she must set her own again. */
    async resetPassword(actor: UserActor, userId: number): Promise<PasswordSent> {
      const { view, sent } = await run(actor, async (s) => {
        const target = await manageable(s, actor, userId);
        const sent = await setOneTimePassword(s, actor, target.user, 'user.password.reset');
        await deps.sessions.destroyAllFor(userId, undefined, s.tx);
        return { view: userView((await repo.findInScope(s, userId))!), sent };
      });
      await sendPassword(view, sent);
      return { user: view, delivery: sent.delivery };
    },

    /**
     * The security officer records or corrects a user's own phone: where one-time passwords go is not the admin's to
     * change (she could send a reset to herself).
     */
    setPhone: (actor: UserActor, userId: number, phone: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'security.manage');
        const target = await repo.findInScope(s, userId);
        if (!target) throw new AppError('USER_NOT_FOUND');
        if (target.user.id === actor.userId) throw new AppError('FORBIDDEN');
        const after = await repo.updateUser(s.tx, userId, {
          phoneEnc: deps.crypto.encrypt(phone),
          phoneHash: deps.crypto.lookupHash(phone),
          phoneMasked: maskPhone(phone),
        });
        await appendAudit(s.tx, actor, {
          action: 'user.phone.set',
          targetType: 'user',
          targetId: userId,
          orgId: after.orgId,
          orgPath: after.orgPath,
          before: { phone: target.user.phoneMasked },
          after: { phone: after.phoneMasked },
        });
        return userView((await repo.findInScope(s, userId))!);
      }),

    unlock: (actor: UserActor, userId: number) =>
      run(actor, async (s) => {
        if (!actor.permissions.has('security.manage') && !actor.permissions.has('user.manage'))
          throw new AppError('FORBIDDEN');
        const target = await repo.findInScope(s, userId);
        if (!target) throw new AppError('USER_NOT_FOUND');
        await repo.clearLockout(s.tx, userId);
        await deps.throttle.clear(s.tx, target.user.username);
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
