import { CONSULT_AGENCY_LABELS, type ReviewInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import type { Applications } from './care-programs.applications.service.js';
import { requireApplication } from './care-programs.applications.service.js';
import { noticeToApplicant, noticeToReviewers } from './care-programs.notices.service.js';
import { levelOf, mayActAtStep, toFen, toYuan } from './care-programs.policy.js';
import { requireProgram, rulesOf } from './care-programs.programs.service.js';
import * as repo from './care-programs.repository.js';
import type { CareDeps } from './care-programs.service.js';
import { applicationViews } from './care-programs.views.js';

/**
 * Approval takes a place of the district's quota and the amount from its and the program's budget, in the same
 * transaction as the state change; the quota row stays locked until it commits, so two approvals never share a place.
 */
async function reserve(s: Scoped, p: repo.ProgramRow, a: repo.ApplicationRow, amountFen: number) {
  const quotas = await repo.quotasOf(s, [p.id]);
  if (quotas.length) {
    const q = a.districtId === null ? null : await repo.lockQuota(s, p.id, a.districtId);
    if (!q)
      throw new AppError('CARE_QUOTA_EXHAUSTED', {
        field: 'quota',
        zh: '申请人所在区县未分配该项目名额',
        en: 'Her district has no quota in this program',
      });
    if (q.approvedCount >= q.quota)
      throw new AppError('CARE_QUOTA_EXHAUSTED', {
        field: 'quota',
        zh: `本区县名额已用完（${q.approvedCount}/${q.quota}）`,
        en: `The district's quota is used up (${q.approvedCount}/${q.quota})`,
      });
    if (q.budgetFen !== null && Number(q.approvedFen) + amountFen > Number(q.budgetFen))
      throw new AppError('CARE_BUDGET_EXHAUSTED', {
        field: 'amount',
        zh: `本区县资金不足：已批 ${toYuan(q.approvedFen)} 元，预算 ${toYuan(q.budgetFen)} 元`,
        en: `The district's budget is short: ${toYuan(q.approvedFen)} of ${toYuan(q.budgetFen)} yuan approved`,
      });
    await repo.addToQuota(s, q.id, { approvedCount: 1, approvedFen: amountFen });
  }
  if (p.budgetFen !== null && (await repo.programCommittedFen(s, p.id)) + amountFen > Number(p.budgetFen))
    throw new AppError('CARE_BUDGET_EXHAUSTED', { field: 'amount' });
}

export function createReviews(deps: CareDeps, _applications: Applications) {
  /** One level's act on an application waiting at it: an opinion, pass (the last level approves), return, refuse. */
  async function reviewIn(s: Scoped, actor: UserActor, id: number, input: ReviewInput) {
    const a = await requireApplication(s, id, true);
    if (a.state !== 'in_review') throw new AppError('CARE_INVALID_TRANSITION');
    const p = await requireProgram(s, a.programId);
    const chain = rulesOf(p).chain;
    const step = chain[a.step]!;
    // not her level, or a level above trying to act before the lower ones: refused, never skipped
    if (!mayActAtStep(step, levelOf(actor.scope.orgType), actor.scope.path, a.orgPath))
      throw new AppError('CARE_NOT_YOUR_LEVEL', {
        zh: `该申请正处于「${step.name}」环节，须由${step.levels.join('/')}级审核`,
        en: `The application waits at "${step.code}", for the ${step.levels.join('/')} level`,
      });
    const last = a.step === chain.length - 1;
    const now = new Date();
    let patch: Partial<repo.ApplicationRow> = {};
    if (input.action === 'pass') {
      if (step.consult.length) {
        const earlier = (await repo.reviewsOf(s, [a.id])).filter((r) => r.step === a.step);
        const consulted = new Set([
          ...earlier.flatMap((r) => (r.consultations as { agency: string }[]).map((c) => c.agency)),
          ...input.consultations.map((c) => c.agency),
        ]);
        const missing = step.consult.filter((c) => !consulted.has(c));
        if (missing.length)
          throw fieldError(
            'VALIDATION_FAILED',
            'consultations',
            `请先记录征求${missing.map((m) => CONSULT_AGENCY_LABELS[m]['zh-CN']).join('、')}意见`,
            `record the opinion of ${missing.join(', ')} first`,
          );
      }
      if (last) {
        const amountFen = input.amount === undefined ? Number(a.amountFen) : toFen(input.amount);
        const max = toFen(rulesOf(p).benefit.amount);
        if (amountFen <= 0 || amountFen > max)
          throw fieldError(
            'VALIDATION_FAILED',
            'amount',
            `批准金额须在 0–${toYuan(max)} 元之间`,
            `the approved amount must be within 0–${toYuan(max)}`,
          );
        await reserve(s, p, a, amountFen);
        patch = { state: 'approved', amountFen, stepLevels: [], stepDeadline: null, decidedAt: now };
      } else {
        const next = chain[a.step + 1]!;
        patch = {
          step: a.step + 1,
          stepLevels: next.levels,
          stepDeadline: deps.calendar.deadline(now, { amount: next.workdays, unit: 'workdays' }),
        };
      }
    } else if (input.action === 'return') {
      patch = { state: 'returned', reason: input.opinion, stepLevels: [], stepDeadline: null };
    } else if (input.action === 'refuse') {
      patch = { state: 'refused', reason: input.opinion, stepLevels: [], stepDeadline: null, decidedAt: now };
    }
    await repo.insertReview(s, {
      applicationId: a.id,
      orgPath: a.orgPath,
      districtId: a.districtId,
      step: a.step,
      action: input.action === 'pass' && last ? 'approve' : input.action,
      opinion: input.opinion,
      consultations: input.consultations,
      byUserId: actor.userId,
      byName: actor.displayName,
      byOrgId: actor.scope.orgId,
    });
    const updated = Object.keys(patch).length ? await repo.updateApplication(s, a.id, patch) : a;
    if (input.action === 'pass' && !last) await noticeToReviewers(s, p, updated, updated.step);
    if (input.action === 'pass' && last) await noticeToApplicant(s, p, updated, 'care.application.approved');
    if (input.action === 'return') await noticeToApplicant(s, p, updated, 'care.application.returned');
    if (input.action === 'refuse') await noticeToApplicant(s, p, updated, 'care.application.refused');
    await appendAudit(s.tx, actor, {
      action: `care.application.${input.action === 'pass' && last ? 'approve' : input.action}`,
      targetType: 'care_application',
      targetId: a.id,
      orgPath: a.orgPath,
      after: { step: step.code, state: updated.state },
    });
    return updated;
  }
  return {
    reviewIn,
    review: (actor: UserActor, id: number, input: ReviewInput) =>
      runScoped(
        deps.handle,
        actor,
        async (s) => (await applicationViews(s, actor, [await reviewIn(s, actor, id, input)]))[0]!,
      ),
  };
}
