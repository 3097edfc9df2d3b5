import { HIGH_RISK_CONTACT_HOURS, scoreRisk, type RiskIndicator } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { count, nowOf, requireReadable, requireWritable, type CasesDeps } from './cases.access.service.js';
import { actorLabel, supervisorRecipients } from './cases.policy.js';
import { caseView } from './cases.read.service.js';
import * as repo from './cases.repository.js';

/** Records a risk assessment; a case newly high risk alerts the supervisors and must be contacted within 24 h. */
export async function assessIn(
  deps: CasesDeps,
  s: Scoped,
  c: repo.CaseRow,
  indicators: RiskIndicator[],
  note: string | undefined,
) {
  const { score, level } = scoreRisk(indicators);
  const before = await repo.details(s, c.id);
  const now = nowOf(deps);
  await repo.insertAssessment(s, {
    caseId: c.id,
    orgPath: c.orgPath,
    districtId: c.districtId,
    indicators,
    score,
    level,
    noteEnc: note ? deps.crypto.encrypt(note) : null,
    assessedBy: actorLabel(s.actor),
  });
  const becameHigh = level === 'high' && before?.riskLevel !== 'high';
  await repo.updateDetails(s, c.id, {
    riskLevel: level,
    riskScore: score,
    ...(becameHigh
      ? {
          contactDueAt: deps.calendar.deadline(now, { amount: HIGH_RISK_CONTACT_HOURS, unit: 'hours' }),
          contactedAt: null,
          contactEscalatedAt: null,
        }
      : {}),
    ...(level !== 'high' && !before?.contactedAt ? { contactDueAt: null } : {}),
  });
  await repo.insertEvent(s, c, { kind: 'assessment', detail: { level, score, previous: before?.riskLevel ?? null } });
  // Cases by risk level count each case once, at its first assessment (the figures the federation reports).
  if (!before?.riskLevel) await count(s, c.orgPath, { [`cases.risk.${level}`]: 1 }, now);
  if (becameHigh) {
    await count(s, c.orgPath, { 'cases.high_risk': 1 }, now);
    await notify(s.tx, {
      kind: 'case.high_risk',
      recipients: supervisorRecipients(c.orgPath),
      title: {
        'zh-CN': `高风险维权案件 ${c.caseNo}：须在 24 小时内联系当事人`,
        'en-US': `High-risk case ${c.caseNo}: contact within 24 hours`,
      },
      link: `/cases/${c.id}`,
      target: { type: 'case', id: c.id },
      orgPath: c.orgPath,
    });
  }
  return { score, level };
}

/** The victim's safety: risk assessments, the 24-hour contact of a high-risk case, the safety plan. */
export function createRiskService(deps: CasesDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    assess: (actor: UserActor, id: number, input: { indicators: RiskIndicator[]; note?: string | undefined }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        if (c.status === 'closed')
          throw new AppError('CASE_INVALID_TRANSITION', {
            zh: '已结案的案件不能再评估，请先重新启动',
            en: 'Reopen the case before assessing it again',
          });
        const r = await assessIn(deps, s, c, input.indicators, input.note);
        await repo.touchCase(s, c.id);
        await appendAudit(s.tx, actor, {
          action: 'case.assess',
          targetType: 'case',
          targetId: c.id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          after: r,
        });
        return caseView(deps, s, actor, await requireReadable(s, actor, c.id, now));
      }),

    markContacted: (actor: UserActor, id: number, note: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        const d = await repo.details(s, c.id);
        if (!d || d.riskLevel !== 'high' || d.contactedAt)
          throw new AppError('CASE_INVALID_TRANSITION', {
            zh: '该案件没有待联系的高风险期限',
            en: 'This case has no pending high-risk contact',
          });
        await repo.updateDetails(s, c.id, { contactedAt: now });
        await repo.insertEvent(s, c, {
          kind: 'contacted',
          reason: note,
          detail: { withinDeadline: !!d.contactDueAt && now <= d.contactDueAt },
        });
        await appendAudit(s.tx, actor, {
          action: 'case.contacted',
          targetType: 'case',
          targetId: c.id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          after: { withinDeadline: !!d.contactDueAt && now <= d.contactDueAt },
        });
        return caseView(deps, s, actor, await requireReadable(s, actor, c.id, now));
      }),

    safetyPlan: (actor: UserActor, id: number, input: { text: string; items: string[] }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        await repo.updateDetails(s, c.id, {
          safetyPlanEnc: crypto.encrypt(JSON.stringify(input)),
          safetyPlanUpdatedAt: now,
          safetyPlanUpdatedBy: actorLabel(actor),
        });
        await repo.insertEvent(s, c, { kind: 'safety_plan', detail: { items: input.items.length } });
        await appendAudit(s.tx, actor, {
          action: 'case.safety_plan',
          targetType: 'case',
          targetId: c.id,
          orgId: c.orgId,
          orgPath: c.orgPath,
        });
        return caseView(deps, s, actor, await requireReadable(s, actor, c.id, now));
      }),
  };
}
