import { useEffect, useState } from 'react';
import { Button, Input, InputNumber, Select, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../app/useDebounced';
import { EMPTY_FILTERS, type PeopleFilters } from './peopleFilters';
import { OrgFilterPicker } from './OrgFilterPicker';
import { TagSelect } from './TagSelect';

/** 姓名/拼音/首字母/手机号/身份证号, org within the subtree, tags, age range, gender. Every change applies at once. */
export function PeopleFilterBar({
  filters,
  onChange,
}: {
  filters: PeopleFilters;
  onChange: (f: PeopleFilters) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(filters.q ?? '');
  const debounced = useDebounced(text, 300);
  const set = (patch: Partial<PeopleFilters>) => onChange({ ...filters, ...patch });

  // Typing settles into the URL; a filter applied from elsewhere (saved filter, reset) shows in the box.
  useEffect(() => {
    const q = debounced.trim() || undefined;
    if (q !== filters.q) set({ q });
    // Only the settled text triggers this; `filters` is current in the render where it changed.
  }, [debounced]);
  useEffect(() => {
    if ((text.trim() || undefined) !== filters.q) setText(filters.q ?? '');
  }, [filters.q]);

  return (
    <Space wrap size={8} style={{ marginBottom: 12 }} data-testid="people-filters">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('people.searchHint')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={() => set({ q: text.trim() || undefined })}
        style={{ width: 280 }}
        data-testid="people-search"
      />
      <OrgFilterPicker
        value={filters.orgId}
        onChange={(orgId) => set({ orgId })}
        placeholder={t('people.orgFilter')}
        data-testid="people-filter-org"
      />
      <TagSelect
        compact
        placeholder={t('people.tagsPlaceholder')}
        value={filters.tags}
        onChange={(tags) => set({ tags })}
        style={{ minWidth: 220, maxWidth: 360 }}
        data-testid="people-filter-tags"
      />
      <Space.Compact>
        <InputNumber<number>
          min={0}
          max={150}
          precision={0}
          placeholder={t('people.ageMin')}
          value={filters.ageMin ?? null}
          onChange={(v) => set({ ageMin: v ?? undefined })}
          style={{ width: 96 }}
          data-testid="people-filter-age-min"
        />
        <InputNumber<number>
          min={0}
          max={150}
          precision={0}
          placeholder={t('people.ageMax')}
          value={filters.ageMax ?? null}
          onChange={(v) => set({ ageMax: v ?? undefined })}
          style={{ width: 96 }}
          data-testid="people-filter-age-max"
        />
      </Space.Compact>
      <Select
        allowClear
        placeholder={t('people.gender')}
        value={filters.gender}
        onChange={(gender) => set({ gender })}
        style={{ width: 96 }}
        data-testid="people-filter-gender"
        options={[
          { value: 'female', label: t('people.genders.female') },
          { value: 'male', label: t('people.genders.male') },
        ]}
      />
      <Button
        onClick={() => onChange({ ...EMPTY_FILTERS, sort: filters.sort, order: filters.order })}
        data-testid="people-filter-reset"
      >
        {t('common.reset')}
      </Button>
    </Space>
  );
}
