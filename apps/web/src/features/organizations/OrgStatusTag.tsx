import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgStatus } from '@jinguo/contracts';

const COLORS: Record<OrgStatus, string> = { active: 'green', merged: 'orange', dissolved: 'default' };

export function OrgStatusTag({ status }: { status: OrgStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`org.status.${status}`)}</Tag>;
}
