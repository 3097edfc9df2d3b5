import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/time';

/** A deadline in China time; red with a note once passed. */
export function DeadlineText({ at, overdue, label }: { at: string; overdue: boolean; label?: string }) {
  const { t } = useTranslation();
  const text = formatDateTime(at);
  return (
    <Tooltip title={label ?? formatDateTime(at)}>
      <Typography.Text type={overdue ? 'danger' : undefined} data-overdue={overdue ? 'true' : 'false'}>
        {text}
        {overdue ? ` · ${t('demands.overdue')}` : ''}
      </Typography.Text>
    </Tooltip>
  );
}
