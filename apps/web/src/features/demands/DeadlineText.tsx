import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/time';

/**
 * A deadline in the federation's time; red with a note once passed; marked 暂定 (provisional) when it was counted
 * through a year whose holiday schedule is not loaded yet (it is counted again once it is).
 */
export function DeadlineText({
  at,
  overdue,
  label,
  provisional = false,
}: {
  at: string;
  overdue: boolean;
  label?: string;
  provisional?: boolean;
}) {
  const { t } = useTranslation();
  const text = formatDateTime(at);
  return (
    <>
      <Tooltip title={label ?? formatDateTime(at)}>
        <Typography.Text type={overdue ? 'danger' : undefined} data-overdue={overdue ? 'true' : 'false'}>
          {text}
          {overdue ? ` · ${t('demands.overdue')}` : ''}
        </Typography.Text>
      </Tooltip>
      {provisional && (
        <Tooltip title={t('demands.provisionalHint')}>
          <Tag color="gold" style={{ marginInlineStart: 6 }} data-testid="deadline-provisional">
            {t('demands.provisional')}
          </Tag>
        </Tooltip>
      )}
    </>
  );
}
