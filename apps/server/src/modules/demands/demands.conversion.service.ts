import type { DemandState } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import type { Scoped, UserActor } from '../../platform/scope.js';
import type { IntakeDeps } from './demands.intake.service.js';
import { allowedDemandActions, checkTransition, rolesOf, userActorOf } from './demands.policy.js';
import * as repo from './demands.repository.js';
import { eventActorOf, recordEvent } from './demands.statistics.js';
import { factsOf } from './demands.transitions.service.js';
import { summaryOf, type DemandSummary } from './demands.views.js';

/**
 * The part of the intake the cases module calls when a demand becomes a rights case, inside the case's transaction:
 * read it (in scope, convertible by this user), take its phone, link it to the case.
 */
export function createConversion(deps: Pick<IntakeDeps, 'crypto'>) {
  /**
   * Records that the demand is handled as a rights case from now on (state `case`, the case id kept): the demand leaves
   * the queue and its deadlines stop. Refused (409) once it was answered, closed or cancelled.
   */
  async function linkDemandToCase(s: Scoped, demandId: number, caseId: number): Promise<DemandSummary> {
    const d = await repo.findDemand(s, demandId, { lock: true, visible: repo.demandsInScope(s) });
    if (!d) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandId' });
    if (d.caseId === caseId) return summaryOf(s, d);
    const check = checkTransition(new Set(['cases']), 'convert_to_case', d.state as DemandState);
    if (!check.ok) throw new AppError(check.error, { field: 'demandId' });
    const after = await repo.updateDemand(s, d.id, {
      state: 'case',
      caseId,
      nextEscalationAt: null,
      closedAt: new Date(),
    });
    await recordEvent(s, after, eventActorOf(s), {
      action: 'convert_to_case',
      from: d.state as DemandState,
      to: 'case',
      public: true,
      data: { caseId },
    });
    await appendAudit(s.tx, s.actor, {
      action: 'demand.convert_to_case',
      targetType: 'demand',
      targetId: d.id,
      orgId: d.orgId,
      orgPath: d.orgPath,
      before: { state: d.state },
      after: { state: 'case', caseId },
    });
    return summaryOf(s, after);
  }

  /** A demand's summary for conversion, or null when it is not in the caller's scope. */
  async function demandSummary(s: Scoped, demandId: number): Promise<DemandSummary | null> {
    const d = await repo.findDemand(s, demandId, { visible: repo.demandsInScope(s) });
    return d ? summaryOf(s, d) : null;
  }

  /** The states of the demands in the caller's scope, by id, in one query (a page of visits shows its needs'). */
  function demandStates(s: Scoped, demandIds: readonly number[]): Promise<Map<number, string>> {
    return repo.demandStatesByIds(s, demandIds, repo.demandsInScope(s));
  }

  /**
   * The demand about to become a case, if this user may convert it now (demands.policy: the owning or supervising
   * org's staff who take cases in, while the demand is open): 404 out of scope, 403 not theirs, 409 wrong state.
   */
  async function demandForConversion(s: Scoped, demandId: number, actor: UserActor): Promise<DemandSummary> {
    const d = await repo.findDemand(s, demandId, { visible: repo.demandsInScope(s) });
    if (!d) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandId' });
    const facts = await factsOf(s, d);
    if (!allowedDemandActions(userActorOf(actor), facts).includes('convert_to_case')) {
      const roles = rolesOf(userActorOf(actor), facts);
      const forbidden = !actor.permissions.has('case.intake') || !(roles.has('owner') || roles.has('supervisor'));
      throw new AppError(forbidden ? 'DEMAND_ACTION_FORBIDDEN' : 'DEMAND_INVALID_TRANSITION', { field: 'demandId' });
    }
    return summaryOf(s, d);
  }

  /**
   * The requester's contact phone in clear, for the case a demand becomes (stored there encrypted again, shown masked);
   * null when out of scope or none was given.
   */
  async function demandContactPhone(s: Scoped, demandId: number): Promise<string | null> {
    const d = await repo.findDemand(s, demandId, { visible: repo.demandsInScope(s) });
    return d?.contactPhoneEnc ? deps.crypto.decrypt(d.contactPhoneEnc) : null;
  }

  return { linkDemandToCase, demandSummary, demandStates, demandForConversion, demandContactPhone };
}
