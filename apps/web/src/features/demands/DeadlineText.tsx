import { Tooltip, Typography } from 'antd';
import { chinaTime } from '../../app/dates';
import { useTranslation } from 'react-i18next';

/** A deadline in China time; red with a note once passed. */
export function DeadlineText({ at, overdue, label }: { at: string; overdue: boolean; label?: string }) {
  const { t } = useTranslation();
  const text = chinaTime(at, 'MM-DD HH:mm');
  return (
    <Tooltip title={label ?? chinaTime(at, 'YYYY-MM-DD HH:mm')}>
      <Typography.Text type={overdue ? 'danger' : undefined} data-overdue={overdue ? 'true' : 'false'}>
        {text}
        {overdue ? ` · ${t('demands.overdue')}` : ''}
      </Typography.Text>
    </Tooltip>
  );
}
