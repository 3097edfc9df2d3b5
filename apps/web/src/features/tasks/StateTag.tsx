import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AssignmentState } from '@jinguo/contracts';

const COLOR: Record<AssignmentState, string> = {
  pending: 'orange',
  signed: 'blue',
  submitted: 'cyan',
  returned: 'red',
  approved: 'green',
};

/** The state of a receiver's copy. */
export function StateTag({ state }: { state: AssignmentState }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[state]} data-testid={`state-${state}`}>
      {t(`tasks.states.${state}`)}
    </Tag>
  );
}
