import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportStatus } from '@jinguo/contracts';
import type { z } from 'zod';

const COLORS: Record<z.infer<typeof ImportStatus>, string> = {
  validating: 'processing',
  validated: 'blue',
  queued: 'processing',
  running: 'processing',
  done: 'green',
  failed: 'red',
  discarded: 'default',
};

export function ImportStatusTag({ status }: { status: z.infer<typeof ImportStatus> }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="import-status">
      {t(`imports.status.${status}`)}
    </Tag>
  );
}
