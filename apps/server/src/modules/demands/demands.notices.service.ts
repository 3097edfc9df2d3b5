import type { LocalizedText, Rating } from '@jinguo/contracts';
import { formatDateTime } from '../../platform/time.js';
import { notify, type Recipient } from '../../platform/notifications/index.js';
import type { Scoped } from '../../platform/scope.js';
import type * as repo from './demands.repository.js';
import { demandCode } from './demands.views.js';

/* notifications: never the requester's personal data in a notice (they are read on phones and in SMS logs) */

const ownerCadres = (d: Pick<repo.DemandRow, 'orgId'>): Recipient => ({ org: d.orgId, roles: ['cadre'] });

async function send(
  s: Scoped,
  d: repo.DemandRow,
  kind: string,
  recipients: Recipient[],
  title: LocalizedText,
  body?: LocalizedText,
  link?: string,
  channels?: 'sms'[],
) {
  if (!recipients.length) return;
  await notify(s.tx, {
    kind,
    recipients,
    title,
    ...(body ? { body } : {}),
    link: link ?? `/demands/${d.id}`,
    target: { type: 'demand', id: d.id },
    orgPath: d.orgPath,
    ...(channels ? { channels } : {}),
  });
}

export const notices = {
  /** A new demand or order in the org's queue. */
  received: (s: Scoped, d: repo.DemandRow) =>
    send(
      s,
      d,
      d.source === 'online' ? 'demand.ordered' : 'demand.received',
      [ownerCadres(d)],
      d.source === 'online'
        ? { 'zh-CN': '新的服务订单', 'en-US': 'New service order' }
        : { 'zh-CN': '新的诉求待签收', 'en-US': 'New demand to sign for' },
      { 'zh-CN': `${demandCode(d)}：${d.title}`, 'en-US': `${demandCode(d)}: ${d.title}` },
    ),
  dispatched: (s: Scoped, d: repo.DemandRow, userId: number) =>
    send(
      s,
      d,
      'demand.dispatched',
      [{ user: userId }],
      { 'zh-CN': '有一单派给您，请接单', 'en-US': 'An order was dispatched to you' },
      { 'zh-CN': `${demandCode(d)}：${d.title}`, 'en-US': `${demandCode(d)}: ${d.title}` },
    ),
  deadlineWarning: (s: Scoped, d: repo.DemandRow) =>
    send(
      s,
      d,
      'demand.deadline_warning',
      [ownerCadres(d), ...(d.assigneeUserId ? [{ user: d.assigneeUserId }] : [])],
      { 'zh-CN': '诉求即将到期', 'en-US': 'A demand is nearly due' },
      {
        'zh-CN': `${demandCode(d)} 须于 ${fmt(d.feedbackDueAt)} 前答复`,
        'en-US': `${demandCode(d)} is due by ${fmt(d.feedbackDueAt)}`,
      },
    ),
  escalated: (s: Scoped, d: repo.DemandRow, toOrgId: number, level: number) =>
    (async () => {
      await send(
        s,
        d,
        'demand.escalated',
        [{ org: toOrgId, roles: ['cadre'] }],
        { 'zh-CN': `超期诉求提请督办（${level} 级）`, 'en-US': `Overdue demand escalated to you (level ${level})` },
        { 'zh-CN': `${demandCode(d)}：${d.title}`, 'en-US': `${demandCode(d)}: ${d.title}` },
      );
      await send(
        s,
        d,
        'demand.escalated_owner',
        [ownerCadres(d), ...(d.assigneeUserId ? [{ user: d.assigneeUserId }] : [])],
        { 'zh-CN': '诉求已超期，已提请上级督办', 'en-US': 'A demand is overdue and was escalated' },
        { 'zh-CN': `${demandCode(d)}：${d.title}`, 'en-US': `${demandCode(d)}: ${d.title}` },
      );
    })(),
  urged: (s: Scoped, d: repo.DemandRow, note: string) =>
    send(
      s,
      d,
      'demand.urged',
      [ownerCadres(d), ...(d.assigneeUserId ? [{ user: d.assigneeUserId }] : [])],
      { 'zh-CN': '上级督办催办', 'en-US': 'Urged by the supervising org' },
      { 'zh-CN': `${demandCode(d)}：${note}`, 'en-US': `${demandCode(d)}: ${note}` },
    ),
  reassigned: (s: Scoped, d: repo.DemandRow) =>
    send(
      s,
      d,
      'demand.reassigned',
      [ownerCadres(d)],
      { 'zh-CN': '上级转来一件诉求', 'en-US': 'A demand was reassigned to you' },
      { 'zh-CN': `${demandCode(d)}：${d.title}`, 'en-US': `${demandCode(d)}: ${d.title}` },
    ),
  /**
   * The reply to the requester: in her portal inbox, and by SMS through the platform's outbox when a channel is
   * configured.
   */
  replied: (s: Scoped, d: repo.DemandRow) =>
    d.residentId === null
      ? Promise.resolve()
      : send(
          s,
          d,
          'demand.replied',
          [{ resident: d.residentId }],
          { 'zh-CN': '您的诉求已答复，请评价', 'en-US': 'Your request was answered: please rate it' },
          { 'zh-CN': `${demandCode(d)}：${d.title}`, 'en-US': `${demandCode(d)}: ${d.title}` },
          `/h5/requests/${d.id}`,
          ['sms'],
        ),
  rated: (s: Scoped, d: repo.DemandRow, rating: Rating) =>
    rating !== 'unsatisfied'
      ? Promise.resolve()
      : send(
          s,
          d,
          'demand.unsatisfied',
          [ownerCadres(d)],
          {
            'zh-CN': '群众对答复不满意，诉求已重新办理',
            'en-US': 'The requester was not satisfied: the demand is reopened',
          },
          { 'zh-CN': `${demandCode(d)}：${d.title}`, 'en-US': `${demandCode(d)}: ${d.title}` },
        ),
};

const fmt = formatDateTime;
