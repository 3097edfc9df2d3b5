import type { DemandState, SupervisionInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import * as foreign from './demands.directory.repository.js';
import { notices } from './demands.notices.service.js';
import { canSupervise, rolesOf, userActorOf } from './demands.policy.js';
import * as repo from './demands.repository.js';
import type { DemandsDeps } from './demands.service.js';
import { eventActorOf, moveCounted, recordEvent } from './demands.statistics.js';
import { factsOf, freshDeadlines, requireDemand } from './demands.transitions.service.js';

/** The 督办 acts, inside the caller's transaction. Who may: demands.policy.ts (canSupervise). */
export function createSupervision(deps: Pick<DemandsDeps, 'calendar'>) {
  /** Comment (owner or supervisor), urge, reassign (supervisor: the org escalated to, or above). */
  async function supervise(s: Scoped, actor: UserActor, id: number, input: SupervisionInput) {
    requirePermission(actor, 'demand.write');
    const d = await requireDemand(s, id, true);
    const roles = rolesOf(userActorOf(actor), await factsOf(s, d));
    if (input.action !== 'comment' && d.escalatedToOrgId === null)
      throw new AppError('DEMAND_NOT_ESCALATED', { field: 'action' });
    if (!canSupervise(roles, input.action)) throw new AppError('DEMAND_ACTION_FORBIDDEN', { field: 'action' });
    const by = eventActorOf(s);
    if (input.action === 'comment' || input.action === 'urge') {
      await recordEvent(s, d, by, { action: input.action, from: null, to: null, note: input.note });
      await appendAudit(s.tx, actor, {
        action: `demand.${input.action}`,
        targetType: 'demand',
        targetId: d.id,
        orgId: d.orgId,
        orgPath: d.orgPath,
        reason: input.note.slice(0, 200),
      });
      if (input.action === 'urge') await notices.urged(s, d, input.note);
      return d;
    }
    return reassign(s, actor, d, input);
  }

  /** Hands the demand to another org of the supervisor's subtree: it starts again there, its history goes with it. */
  async function reassign(
    s: Scoped,
    actor: UserActor,
    d: repo.DemandRow,
    input: Extract<SupervisionInput, { action: 'reassign' }>,
  ) {
    const target = (await foreign.orgsById(s, [input.orgId])).get(input.orgId);
    if (!target || target.status !== 'active' || !pathWithin(target.path, actor.scope.path))
      throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
    if (target.id === d.orgId)
      throw fieldError('VALIDATION_FAILED', 'orgId', '已是该组织的诉求', 'the demand already belongs to this org');
    const now = new Date();
    await moveCounted(s, d, target.path);
    await repo.moveHistory(s, d.id, target.path, target.districtId);
    const fresh = await freshDeadlines(s, deps, d, now, target.path);
    const after = await repo.updateDemand(s, d.id, {
      ...fresh,
      orgId: target.id,
      orgPath: target.path,
      districtId: target.districtId,
      state: 'received',
      route: null,
      assigneeUserId: null,
      signedAt: null,
    });
    await recordEvent(s, after, eventActorOf(s), {
      action: 'reassign',
      from: d.state as DemandState,
      to: 'received',
      note: input.note,
      public: true,
      data: { fromOrgId: d.orgId, toOrgId: target.id, toOrgName: target.name },
    });
    await appendAudit(s.tx, actor, {
      action: 'demand.reassign',
      targetType: 'demand',
      targetId: d.id,
      orgId: target.id,
      orgPath: target.path,
      before: { orgId: d.orgId, state: d.state },
      after: { orgId: target.id, state: 'received' },
      reason: input.note.slice(0, 200),
    });
    await notices.reassigned(s, after);
    return after;
  }

  return { supervise };
}
