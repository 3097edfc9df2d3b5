import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DEMAND_STATE_LABELS, type DemandEvent } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { formatDateTime } from '../../app/time';

const ACTION_KEYS = new Set([
  'sign',
  'dispatch',
  'accept',
  'decline',
  'transfer',
  'answer',
  'suggest',
  'reply',
  'rate',
  'close',
  'reopen',
  'cancel',
  'convert_to_case',
  'comment',
  'urge',
  'reassign',
]);
const OTHER: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  create: { 'zh-CN': '登记受理', 'en-US': 'Received' },
  escalate: { 'zh-CN': '超期提请督办', 'en-US': 'Escalated (overdue)' },
  warn: { 'zh-CN': '临期预警', 'en-US': 'Deadline warning' },
  hand_over: { 'zh-CN': '建议已转交', 'en-US': 'Suggestion handed over' },
  recompute_deadlines: {
    'zh-CN': '节假日安排导入后重算期限',
    'en-US': 'Deadlines counted again after the holiday schedule was loaded',
  },
};

/** The feedback deadline before and after it was counted again with a newly loaded holiday schedule. */
function RecomputedDeadlines({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const due = (x: unknown) => (x as { feedbackDueAt?: string } | undefined)?.feedbackDueAt;
  const before = due(data.before);
  const after = due(data.after);
  if (!before || !after) return null;
  return (
    <div>
      {t('demands.feedbackDue')}：{formatDateTime(before)} → {formatDateTime(after)}
    </div>
  );
}

/** 办理过程: every transition and 督办 act — who, when, why. */
export function DemandHistory({ events }: { events: DemandEvent[] }) {
  const { t } = useTranslation();
  const l = useLocalize();
  return (
    <Timeline
      data-testid="demand-history"
      items={events.map((e) => ({
        color: e.action === 'escalate' || e.action === 'urge' ? 'red' : e.action === 'create' ? 'blue' : 'gray',
        children: (
          <div data-action={e.action}>
            <Typography.Text strong>
              {ACTION_KEYS.has(e.action)
                ? t(`demands.actions.${e.action as 'sign'}`)
                : l(OTHER[e.action] ?? { 'zh-CN': e.action, 'en-US': e.action })}
            </Typography.Text>
            {e.toState && e.fromState !== e.toState && (
              <Typography.Text type="secondary"> → {l(DEMAND_STATE_LABELS[e.toState])}</Typography.Text>
            )}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at)} · {e.actorName}
              </Typography.Text>
            </div>
            {e.note && <div>{e.note}</div>}
            {typeof e.data.department === 'string' && (
              <div>
                {t('demands.department')}：{e.data.department}
              </div>
            )}
            {typeof e.data.toOrgName === 'string' && <div>→ {e.data.toOrgName}</div>}
            {e.action === 'recompute_deadlines' && <RecomputedDeadlines data={e.data} />}
            {typeof e.data.assignee === 'object' && e.data.assignee !== null && (
              <div>
                {t('demands.assignTo')}：{String((e.data.assignee as { name?: string }).name ?? '')}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
