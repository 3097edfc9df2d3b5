import { useState } from 'react';
import { AutoComplete, Input, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../app/useDebounced';
import { useOrgSearch } from './organizations.api';
import { OrgTypeTag } from './OrgTypeTag';

/** Search by name, code or pinyin initials; picking a hit opens it (and the tree expands to it). */
export function OrgSearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const debounced = useDebounced(text, 250);
  const hits = useOrgSearch(debounced);
  const options = text.trim()
    ? (hits.data ?? []).map((h) => ({
        value: String(h.id),
        label: (
          <div data-testid={`org-search-hit-${h.id}`}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <span>{h.name}</span>
              <OrgTypeTag type={h.type} short />
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {h.code}
              {h.path.length > 0 && ` · ${h.path.join(' / ')}`}
            </Typography.Text>
          </div>
        ),
      }))
    : [];
  return (
    <AutoComplete
      style={{ width: '100%' }}
      value={text}
      options={options}
      onSearch={setText}
      onSelect={(id: string) => {
        setText('');
        void navigate(`/orgs/${id}`);
      }}
      notFoundContent={debounced && !hits.isFetching ? t('common.noData') : undefined}
    >
      <Input allowClear prefix={<SearchOutlined />} placeholder={t('org.searchPlaceholder')} data-testid="org-search" />
    </AutoComplete>
  );
}
