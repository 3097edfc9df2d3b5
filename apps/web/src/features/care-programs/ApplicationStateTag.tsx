import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApplicationState } from '@jinguo/contracts';

const COLORS: Record<ApplicationState, string> = {
  draft: 'default',
  in_review: 'processing',
  returned: 'warning',
  refused: 'error',
  approved: 'cyan',
  paid: 'success',
  withdrawn: 'default',
};

export function ApplicationStateTag({ state }: { state: ApplicationState }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[state]} data-testid="application-state">
      {t(`care.appStates.${state}`)}
    </Tag>
  );
}
