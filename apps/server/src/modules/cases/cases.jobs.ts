import { appendAudit } from '../../platform/audit/audit.service.js';
import { notify } from '../../platform/notifications/index.js';
import { runAsSystem, systemActor, type Scoped } from '../../platform/scope.js';
import type { CasesDeps } from './cases.access.service.js';
import { superviseIn } from './cases.assignment.service.js';
import {
  expiringOrders,
  markFollowUpEscalated,
  markOrderReminded,
  overdueContacts,
  overdueFollowUps,
} from './cases.jobs.repository.js';
import { supervisorRecipients } from './cases.policy.js';
import * as assignmentRepo from './cases.assignment.repository.js';
import * as repo from './cases.repository.js';

export const CASES_SWEEP_QUEUE = 'cases.sweep';

export interface SweepReport {
  contactsOverdue: number;
  followUpsOverdue: number;
  ordersExpiring: number;
}

/**
 * Raises what is late even when nobody opens a page: high-risk cases not contacted within 24 hours, follow-ups past
 * their day, protection orders nearing expiry. Idempotent: each raise is stamped (`*_escalated_at`, `reminder_sent_at`)
 * in the same transaction as its notices, so a run repeated after a crash raises nothing twice.
 */
export async function sweepCases(deps: Pick<CasesDeps, 'handle' | 'today' | 'now'>): Promise<SweepReport> {
  const now = deps.now ? deps.now() : new Date();
  const today = deps.today();
  return runAsSystem(deps.handle, systemActor('cases.sweep'), async (s) => {
    const report: SweepReport = { contactsOverdue: 0, followUpsOverdue: 0, ordersExpiring: 0 };
    const contacts = await overdueContacts(s, now);
    for (const { c } of contacts) {
      await repo.updateDetails(s, c.id, { contactEscalatedAt: now });
      await escalate(
        s,
        c,
        'contact_overdue',
        '高风险案件 24 小时内未联系当事人',
        {
          'zh-CN': `督办：高风险案件 ${c.caseNo} 超过 24 小时未联系当事人`,
          'en-US': `Escalated: high-risk case ${c.caseNo} not contacted within 24 hours`,
        },
        now,
      );
      report.contactsOverdue++;
    }
    const followUps = await overdueFollowUps(s, today);
    for (const { f, c } of followUps) {
      await markFollowUpEscalated(s, f.id, now);
      await escalate(
        s,
        c,
        'follow_up_overdue',
        `回访逾期（应于 ${f.dueOn} 完成）`,
        {
          'zh-CN': `督办：维权案件 ${c.caseNo} 的回访已逾期`,
          'en-US': `Escalated: follow-up of case ${c.caseNo} is overdue`,
        },
        now,
      );
      report.followUpsOverdue++;
    }
    const orders = await expiringOrders(s, today);
    for (const { i, c } of orders) {
      await markOrderReminded(s, i.id, now);
      await repo.insertEvent(s, c, {
        kind: 'order_expiring',
        detail: { instrumentId: i.id, validUntil: i.validUntil },
      });
      await notify(s.tx, {
        kind: 'case.order_expiring',
        recipients: (await assignmentRepo.activeAssignees(s, c.id)).map((u) => ({ user: u })),
        title: {
          'zh-CN': `维权案件 ${c.caseNo} 的人身安全保护令将于 ${i.validUntil} 到期`,
          'en-US': `The protection order of case ${c.caseNo} expires on ${i.validUntil}`,
        },
        link: `/cases/${c.id}`,
        target: { type: 'case', id: c.id },
        orgPath: c.orgPath,
      });
      await appendAudit(s.tx, s.actor, {
        action: 'case.order_expiring',
        targetType: 'case',
        targetId: c.id,
        orgId: c.orgId,
        orgPath: c.orgPath,
        after: { instrumentId: i.id, validUntil: i.validUntil },
      });
      report.ordersExpiring++;
    }
    return report;
  });
}

/** Overdue: the case is put under supervision (督办) and the workers and every supervisor up the chain are told. */
async function escalate(
  s: Scoped,
  c: repo.CaseRow,
  kind: string,
  reason: string,
  title: { 'zh-CN': string; 'en-US': string },
  now: Date,
) {
  await repo.insertEvent(s, c, { kind, reason });
  await superviseIn(s, c, reason, now);
  await notify(s.tx, {
    kind: `case.${kind}`,
    recipients: [
      ...supervisorRecipients(c.orgPath),
      ...(await assignmentRepo.activeAssignees(s, c.id)).map((u) => ({ user: u })),
    ],
    title,
    link: `/cases/${c.id}`,
    target: { type: 'case', id: c.id },
    orgPath: c.orgPath,
  });
  await appendAudit(s.tx, s.actor, {
    action: `case.${kind}`,
    targetType: 'case',
    targetId: c.id,
    orgId: c.orgId,
    orgPath: c.orgPath,
    reason,
  });
}
