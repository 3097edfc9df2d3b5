import { useState } from 'react';
import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgSummary } from '@jinguo/contracts';
import { useDebounced } from '../../app/useDebounced';
import { useOrgSearch } from './organizations.api';

interface Props {
  value?: number;
  onChange?: (id: number | undefined, org?: OrgSummary) => void;
  /** Shown as the label of the initial value before any search. */
  initial?: OrgSummary | null;
  /** Orgs that may not be picked (e.g. the org itself as its own new parent). */
  excludeIds?: readonly number[];
  placeholder?: string;
  'data-testid'?: string;
}

/** Searchable org select (name, code or pinyin initials) within the acting org's subtree. */
export function OrgPicker({ value, onChange, initial, excludeIds = [], placeholder, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, 250);
  const hits = useOrgSearch(debounced);
  const [picked, setPicked] = useState<OrgSummary | null>(initial ?? null);

  const options = (hits.data ?? [])
    .filter((h) => !excludeIds.includes(h.id))
    .map((h) => ({
      value: h.id,
      label: h.name,
      hit: h,
      render: (
        <div>
          <div>
            {h.name} <Typography.Text type="secondary">{h.code}</Typography.Text>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {h.path.join(' / ')}
          </Typography.Text>
        </div>
      ),
    }));
  if (picked && picked.id === value && !options.some((o) => o.value === picked.id)) {
    options.unshift({
      value: picked.id,
      label: picked.name,
      hit: { ...picked, path: [] },
      render: <span>{picked.name}</span>,
    });
  }

  return (
    <Select<number>
      data-testid={rest['data-testid']}
      value={value}
      placeholder={placeholder ?? t('org.searchPlaceholder')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      loading={hits.isFetching}
      notFoundContent={search ? (hits.isFetching ? t('common.loading') : t('common.noData')) : t('org.typeToSearch')}
      options={options}
      optionRender={(o) => o.data.render}
      onChange={(id) => {
        const org = options.find((o) => o.value === id)?.hit;
        if (org) setPicked(org);
        setSearch('');
        onChange?.(id, org);
      }}
    />
  );
}
