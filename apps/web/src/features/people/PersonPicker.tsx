import { useState } from 'react';
import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '@jinguo/contracts';
import { useDebounced } from '../../app/useDebounced';
import { usePersonPick } from './people.api';

interface Props {
  value?: number;
  onChange?: (id: number | undefined, person?: PersonListItem) => void;
  /** Persons that may not be picked (the child herself as her own guardian). */
  excludeIds?: readonly number[];
  'data-testid'?: string;
}

/** Searchable person select (name, pinyin, initials, phone or ID number) within the acting org's subtree. */
export function PersonPicker({ value, onChange, excludeIds = [], ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, 250);
  const hits = usePersonPick(debounced);
  const options = (hits.data ?? [])
    .filter((p) => !excludeIds.includes(p.id))
    .map((p) => ({
      value: p.id,
      label: p.name,
      person: p,
      render: (
        <div data-testid={`person-option-${p.id}`}>
          {p.name}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[p.age === null ? null : t('people.ageYears', { count: p.age }), p.idNumber, p.org.name]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </div>
      ),
    }));
  return (
    <Select<number>
      data-testid={rest['data-testid']}
      value={value}
      placeholder={t('people.searchHint')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      loading={hits.isFetching}
      notFoundContent={search ? (hits.isFetching ? t('common.loading') : t('common.noData')) : t('people.typeToSearch')}
      options={options}
      optionRender={(o) => o.data.render}
      onChange={(id) => {
        onChange?.(id, options.find((o) => o.value === id)?.person);
        setSearch('');
      }}
    />
  );
}
