import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Reorganization } from '@jinguo/contracts';

const COLORS: Record<Reorganization['kind'], string> = {
  create: 'green',
  rename: 'blue',
  move: 'geekblue',
  merge: 'orange',
  split: 'purple',
  dissolve: 'red',
  import: 'default',
};

export function ReorganizationKindTag({ kind }: { kind: Reorganization['kind'] }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[kind]}>{t(`reorg.kinds.${kind}`)}</Tag>;
}
