import { Tag } from 'antd';
import { DEMAND_STATE_LABELS, type DemandState } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';

const COLORS: Record<DemandState, string> = {
  received: 'orange',
  signed: 'gold',
  dispatched: 'cyan',
  accepted: 'blue',
  transferred: 'geekblue',
  answered: 'purple',
  suggested: 'magenta',
  replied: 'lime',
  closed: 'green',
  reopened: 'volcano',
  case: 'red',
  cancelled: 'default',
};

export function DemandStateTag({ state }: { state: DemandState }) {
  const l = useLocalize();
  return (
    <Tag color={COLORS[state]} data-testid="demand-state" data-state={state}>
      {l(DEMAND_STATE_LABELS[state])}
    </Tag>
  );
}
