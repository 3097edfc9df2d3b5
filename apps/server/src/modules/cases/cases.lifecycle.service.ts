import { caseTransitionTarget, FOLLOW_UP_WORKDAYS, type CaseOutcome, type CaseTransition } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { crashPoint } from '../../platform/crash-point.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import {
  count,
  nowOf,
  requireReadable,
  requireWritable,
  type CasesDeps,
  type LoadedCase,
} from './cases.access.service.js';
import { caseView } from './cases.read.service.js';
import * as repo from './cases.repository.js';
import { actorLabel } from './cases.policy.js';

export async function scheduleFollowUpIn(
  s: Scoped,
  c: repo.CaseRow,
  dueOn: string,
  reason: 'follow_up_phase' | 'after_closure' | 'manual',
) {
  await repo.insertFollowUp(s, { caseId: c.id, orgPath: c.orgPath, districtId: c.districtId, dueOn, reason });
}

/** A case's course: its state machine (handling, follow-up, close, reopen…) and its follow-up visits. */
export function createLifecycleService(deps: CasesDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    transition: async (
      actor: UserActor,
      id: number,
      input: { transition: CaseTransition; reason?: string | undefined; outcome?: CaseOutcome | undefined },
    ) => {
      const view = await run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        const target = caseTransitionTarget(c.status as LoadedCase['facts']['status'], input.transition, input.outcome);
        if (!target.ok) {
          if (target.reason === 'outcome_required')
            throw fieldError('VALIDATION_FAILED', 'outcome', '结案须选择结案类型', 'closing needs an outcome');
          throw new AppError('CASE_INVALID_TRANSITION', {
            zh: `案件当前为“${c.status}”，不能执行“${input.transition}”`,
            en: `A case in state ${c.status} cannot ${input.transition}${target.reason === 'early_outcome_only' ? ' with that outcome before follow-up' : ''}`,
          });
        }
        if ((input.transition === 'reopen' || input.transition === 'close') && !input.reason)
          throw fieldError('VALIDATION_FAILED', 'reason', '请填写原因', 'a reason is required');
        if (
          input.transition === 'begin_handling' &&
          c.status === 'assessment' &&
          !(await repo.assessments(s, c.id)).length
        ) {
          throw new AppError('CASE_INVALID_TRANSITION', {
            zh: '请先完成风险评估',
            en: 'Record a risk assessment first',
          });
        }
        const closing = target.to === 'closed';
        const after = await repo.updateCase(s, c.id, c.version, {
          status: target.to,
          ...(closing ? { closedAt: now } : {}),
          ...(input.transition === 'reopen' ? { closedAt: null } : {}),
        });
        if (!after) throw new AppError('CASE_VERSION_CONFLICT');
        crashPoint('case.transition.mid'); // the state changed, its event, follow-ups and audit not yet written
        if (closing) await repo.updateDetails(s, c.id, { outcome: input.outcome ?? null });
        if (input.transition === 'reopen') await repo.updateDetails(s, c.id, { outcome: null });
        await repo.insertEvent(s, c, {
          kind: 'transition',
          from: c.status,
          to: target.to,
          reason: input.reason ?? null,
          detail: input.outcome ? { outcome: input.outcome } : null,
        });
        const today = deps.today();
        if (input.transition === 'begin_follow_up')
          await scheduleFollowUpIn(s, c, deps.calendar.addWorkdays(today, FOLLOW_UP_WORKDAYS.phase), 'follow_up_phase');
        if (closing && c.status === 'follow_up')
          for (const n of FOLLOW_UP_WORKDAYS.afterClosure)
            await scheduleFollowUpIn(s, c, deps.calendar.addWorkdays(today, n), 'after_closure');
        if (closing)
          await count(
            s,
            c.orgPath,
            { 'cases.closed': 1, ...(input.outcome ? { [`cases.outcome.${input.outcome}`]: 1 } : {}) },
            now,
          );
        await appendAudit(s.tx, actor, {
          action: `case.${input.transition}`,
          targetType: 'case',
          targetId: c.id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          ...(input.reason ? { reason: input.reason } : {}),
          before: { status: c.status },
          after: { status: target.to, outcome: input.outcome ?? null },
        });
        return caseView(deps, s, actor, await requireReadable(s, actor, c.id, now));
      });
      crashPoint('case.transition.committed'); // committed, the answer not yet sent
      return view;
    },

    addFollowUp: (actor: UserActor, id: number, dueOn: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        if (dueOn < deps.today())
          throw fieldError(
            'VALIDATION_FAILED',
            'dueOn',
            '回访日期不能早于今天',
            'the follow-up date cannot be in the past',
          );
        await scheduleFollowUpIn(s, c, dueOn, 'manual');
        await repo.insertEvent(s, c, { kind: 'follow_up_scheduled', detail: { dueOn } });
        await appendAudit(s.tx, actor, {
          action: 'case.follow_up.schedule',
          targetType: 'case',
          targetId: id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          after: { dueOn },
        });
        return caseView(deps, s, actor, await requireReadable(s, actor, id, now));
      }),

    completeFollowUp: (actor: UserActor, id: number, followUpId: number, note: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        const done = await repo.completeFollowUp(s, id, followUpId, {
          doneAt: now,
          doneBy: actorLabel(actor),
          noteEnc: deps.crypto.encrypt(note),
        });
        if (!done) throw new AppError('FOLLOW_UP_NOT_FOUND', { field: 'followUpId' });
        await repo.insertEvent(s, c, {
          kind: 'follow_up_done',
          detail: { dueOn: done.dueOn, late: done.dueOn < deps.today() },
        });
        await appendAudit(s.tx, actor, {
          action: 'case.follow_up.done',
          targetType: 'case',
          targetId: id,
          orgId: c.orgId,
          orgPath: c.orgPath,
        });
        return caseView(deps, s, actor, await requireReadable(s, actor, id, now));
      }),
  };
}
