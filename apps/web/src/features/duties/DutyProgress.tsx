import { Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberProgress, ProgressStatus } from '@jinguo/contracts';

const color: Record<ProgressStatus, string> = { done: 'green', on_track: 'blue', behind: 'red' };

export function StatusTag({ status }: { status: ProgressStatus }) {
  const { t } = useTranslation();
  return <Tag color={color[status]}>{t(`duties.status.${status}`)}</Tag>;
}

/** A member's checklist items as progress bars: done of target, with the pace the year asks by today. */
export function DutyProgress({ progress }: { progress: MemberProgress }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="duty-progress">
      {progress.items.map((i) => (
        <div key={i.kind} data-testid={`duty-item-${i.kind}`}>
          <Space>
            <Typography.Text strong>{i.label}</Typography.Text>
            <span data-testid={`duty-done-${i.kind}`}>
              {i.done} / {i.target}
            </span>
            <StatusTag status={i.status} />
            <Typography.Text type="secondary">
              {t('duties.expected')} {i.expected}
            </Typography.Text>
          </Space>
          <Progress
            percent={Math.min(100, Math.round((i.done / i.target) * 100))}
            status={i.status === 'behind' ? 'exception' : i.status === 'done' ? 'success' : 'active'}
            showInfo={false}
          />
        </div>
      ))}
    </Space>
  );
}
