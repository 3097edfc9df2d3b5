import { Select } from 'antd';
import { useLocalize } from '../../i18n';
import { useCategories } from './demands.api';

/** The category dictionary as a select. */
export function CategorySelect(props: {
  value?: string;
  onChange?: (v: string) => void;
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}) {
  const l = useLocalize();
  const categories = useCategories();
  return (
    <Select
      {...props}
      loading={categories.isLoading}
      options={(categories.data ?? []).map((c) => ({ value: c.code, label: l(c.name) }))}
    />
  );
}
