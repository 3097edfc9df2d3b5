import { Button, Tooltip, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import type { SensitiveField } from './people.api';

interface Props {
  field: SensitiveField;
  masked: string | null;
  /** The clear value once unmasked on this page. */
  clear?: string | null;
  onUnmask: (field: SensitiveField) => void;
}

/** A masked value with its 👁 查看明文 button (only with `person.unmask`, and only when there is a value). */
export function MaskedField({ field, masked, clear, onUnmask }: Props) {
  const { t } = useTranslation();
  const { can } = useAuth();
  if (masked === null) return <>—</>;
  if (clear !== undefined) {
    return (
      <Typography.Text copyable={!!clear} data-testid={`clear-${field}`}>
        {clear ?? '—'}
      </Typography.Text>
    );
  }
  return (
    <span data-testid={`masked-${field}`}>
      {masked}
      {can('person.unmask') && (
        <Tooltip title={t('people.unmask.button')}>
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            onClick={() => onUnmask(field)}
            data-testid={`unmask-${field}`}
            aria-label={t('people.unmask.button')}
          />
        </Tooltip>
      )}
    </span>
  );
}
