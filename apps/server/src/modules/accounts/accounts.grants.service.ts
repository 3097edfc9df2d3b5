import type { OrgType, Page, Role, RoleGrant, RoleGrantStatus } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { notify } from '../../platform/notifications/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { rolesAfterApproval } from './accounts.policy.js';
import * as repo from './accounts.repository.js';
import type { AccountsDeps } from './accounts.service.js';

async function grantView(s: Scoped, r: repo.GrantWithUser): Promise<RoleGrant> {
  const { grant: g, user: u } = r;
  return {
    id: g.id,
    user: {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      homeOrg: { id: u.orgId, code: r.orgCode, name: r.orgName, type: r.orgType as OrgType },
      roles: u.roles as Role[],
      status: u.status as RoleGrant['user']['status'],
      phone: u.phoneMasked,
      phoneSharedWith: u.phoneHash ? await repo.usernamesWithPhone(s, u.phoneHash, u.id) : [],
    },
    roles: g.roles as Role[],
    status: g.status,
    requestedBy: g.requestedByName,
    requestedAt: g.requestedAt.toISOString(),
    decidedBy: g.decidedByName,
    decidedAt: g.decidedAt?.toISOString() ?? null,
    reason: g.reason,
  };
}

/**
 * 授权审批: the security officer's side of 三员分立. The roles the admin asked for that read personal data or cases
 * wait here until the security officer of the user's subtree approves (they are added to the user's roles, her
 * sessions end so the next sign-in carries them) or refuses them with a reason. Both are audited, and the admin who
 * asked is told.
 */
export function createRoleGrantService(deps: AccountsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function pendingInScope(s: Scoped, actor: UserActor, grantId: number) {
    requirePermission(actor, 'security.manage');
    const found = await repo.grantInScope(s, grantId);
    if (!found) throw new AppError('ROLE_GRANT_NOT_FOUND');
    if (found.grant.status !== 'pending') throw new AppError('ROLE_GRANT_DECIDED');
    return found;
  }

  async function tellRequester(s: Scoped, r: repo.GrantWithUser, approved: boolean) {
    await notify(s.tx, {
      kind: 'user.role_grant.decided',
      recipients: [{ user: r.grant.requestedBy }],
      title: approved
        ? { 'zh-CN': `账号 ${r.user.username} 的授权已批准`, 'en-US': `Roles of ${r.user.username} approved` }
        : { 'zh-CN': `账号 ${r.user.username} 的授权未获批准`, 'en-US': `Roles of ${r.user.username} refused` },
      link: '/users',
      target: { type: 'user', id: r.user.id },
      orgPath: r.user.orgPath,
    });
  }

  return {
    listGrants: (actor: UserActor, status: RoleGrantStatus, cursor: string | undefined, limit: number) =>
      run(actor, async (s): Promise<Page<RoleGrant>> => {
        const after = decodeCursor<{ id: number }>(cursor);
        const rows = await repo.listGrants(s, status, after ? Number(after.id) : null, limit);
        const page = rows.slice(0, limit);
        const items: RoleGrant[] = [];
        for (const r of page) items.push(await grantView(s, r));
        return {
          items,
          nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1]!.grant.id }) : null,
        };
      }),

    approve: (actor: UserActor, grantId: number) =>
      run(actor, async (s) => {
        const found = await pendingInScope(s, actor, grantId);
        const before = found.user.roles as Role[];
        const roles = rolesAfterApproval(before, found.grant.roles as Role[]);
        if (!roles)
          throw new AppError('ROLE_NOT_GRANTABLE', {
            zh: '三员分立：系统管理员、安全管理员、审计管理员不能兼任其他角色',
            en: 'Separation of duties: admin, security officer and auditor roles cannot be combined',
          });
        const decided = await repo.decideGrant(s.tx, grantId, {
          status: 'approved',
          decidedBy: actor.userId,
          decidedByName: actor.username,
        });
        if (!decided) throw new AppError('ROLE_GRANT_DECIDED');
        await repo.updateUser(s.tx, found.user.id, { roles });
        await appendAudit(s.tx, actor, {
          action: 'user.role_grant.approve',
          targetType: 'user',
          targetId: found.user.id,
          orgId: found.user.orgId,
          orgPath: found.user.orgPath,
          before: { roles: before },
          after: { grantId, roles, requestedBy: found.grant.requestedByName },
        });
        await deps.sessions.destroyAllFor(found.user.id, undefined, s.tx);
        await tellRequester(s, found, true);
        return grantView(s, (await repo.grantInScope(s, grantId))!);
      }),

    refuse: (actor: UserActor, grantId: number, reason: string) =>
      run(actor, async (s) => {
        const found = await pendingInScope(s, actor, grantId);
        const decided = await repo.decideGrant(s.tx, grantId, {
          status: 'refused',
          decidedBy: actor.userId,
          decidedByName: actor.username,
          reason,
        });
        if (!decided) throw new AppError('ROLE_GRANT_DECIDED');
        await appendAudit(s.tx, actor, {
          action: 'user.role_grant.refuse',
          targetType: 'user',
          targetId: found.user.id,
          orgId: found.user.orgId,
          orgPath: found.user.orgPath,
          reason,
          after: { grantId, roles: found.grant.roles, requestedBy: found.grant.requestedByName },
        });
        await tellRequester(s, found, false);
        return grantView(s, (await repo.grantInScope(s, grantId))!);
      }),
  };
}
