import { Tag } from 'antd';
import { URGENCY_LABELS, type Urgency } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';

const COLORS: Record<Urgency, string> = { emergency: 'red', urgent: 'orange', ordinary: 'default', complex: 'purple' };

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const l = useLocalize();
  return <Tag color={COLORS[urgency]}>{l(URGENCY_LABELS[urgency]).replace(/（.*）|\s\(.*\)/, '')}</Tag>;
}
