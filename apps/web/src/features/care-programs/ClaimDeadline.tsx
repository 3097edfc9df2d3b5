import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** A claim's last day and the days left (by the federation's today, as the server counted them). */
export function ClaimDeadline({ deadline, daysLeft }: { deadline: string | null; daysLeft: number | null }) {
  const { t } = useTranslation();
  if (!deadline || daysLeft === null) return null;
  const [color, text] =
    daysLeft < 0
      ? ['red', t('care.wishes.overdue')]
      : daysLeft === 0
        ? ['orange', t('care.wishes.dueToday')]
        : [daysLeft <= 3 ? 'orange' : 'blue', t('care.wishes.daysLeft', { count: daysLeft })];
  return (
    <span data-testid="wish-deadline-left">
      {t('care.wishes.until', { day: deadline })} <Tag color={color}>{text}</Tag>
    </span>
  );
}
