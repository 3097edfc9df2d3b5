import { useOrgDetail } from '../organizations/organizations.api';
import { OrgPicker } from '../organizations/OrgPicker';

/**
 * The org picker of a filter bar: the value may come from the URL or a saved filter, so its name is fetched to be
 * shown before any search.
 */
export function OrgFilterPicker({
  value,
  onChange,
  placeholder,
  ...rest
}: {
  value?: number;
  onChange: (id: number | undefined) => void;
  placeholder?: string;
  'data-testid'?: string;
}) {
  const detail = useOrgDetail(value ?? 0);
  const initial = value && detail.data ? detail.data : null;
  return (
    <div style={{ width: 240, display: 'grid' }}>
      <OrgPicker
        key={`${value ?? 0}-${initial ? 1 : 0}`}
        value={value}
        initial={initial}
        onChange={(id) => onChange(id)}
        placeholder={placeholder}
        data-testid={rest['data-testid']}
      />
    </div>
  );
}
