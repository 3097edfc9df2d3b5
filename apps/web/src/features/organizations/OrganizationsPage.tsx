import { federationToday } from '../../app/time';
import { useMemo, useRef, useState } from 'react';
import { Alert, Card, Checkbox, DatePicker, Space, Tooltip } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useActingOrg } from '../../app/actingOrg';
import { OrgSearchBox } from './OrgSearchBox';
import { OrgTree } from './OrgTree';
import type { OrgTreeControls } from './orgTreeControls';
import type { ChildrenOptions } from './organizations.api';

/** The org tree on the left, the selected org's detail (outlet) on the right. */
export function OrganizationsPage() {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const [at, setAt] = useState<Dayjs | null>(null);
  const [includeInactive, setIncludeInactive] = useState(false);
  const revealRef = useRef<((id: number) => void) | null>(null);
  const atText = at ? at.format('YYYY-MM-DD') : null;

  const options = useMemo<ChildrenOptions>(() => ({ at: atText, includeInactive }), [atText, includeInactive]);
  const controls = useMemo<OrgTreeControls>(() => ({ reveal: (id) => revealRef.current?.(id), at: atText }), [atText]);

  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <Card
        size="small"
        style={{ width: 380, flex: '0 0 380px', position: 'sticky', top: 16 }}
        styles={{ body: { padding: 12 } }}
        data-testid="org-tree-panel"
      >
        <Space orientation="vertical" style={{ width: '100%' }} size={8}>
          <OrgSearchBox />
          <Space wrap size={8}>
            <Tooltip title={t('org.asOfHint')}>
              <DatePicker
                value={at}
                onChange={setAt}
                allowClear
                placeholder={t('org.asOf')}
                prefix={<HistoryOutlined />}
                disabledDate={(d) => d.isAfter(federationToday(), 'day')}
                data-testid="org-tree-at"
                style={{ width: 230 }}
              />
            </Tooltip>
            <Checkbox
              checked={includeInactive}
              onChange={(e) => setIncludeInactive(e.target.checked)}
              data-testid="org-tree-inactive"
            >
              {t('org.includeInactive')}
            </Checkbox>
          </Space>
          {atText && (
            <Alert
              type="info"
              showIcon
              title={t('org.viewingAsOf', { date: atText })}
              closable={{ onClose: () => setAt(null) }}
            />
          )}
          <OrgTree
            key={`${acting?.id ?? 0}-${atText ?? 'now'}-${includeInactive}`}
            options={options}
            revealRef={revealRef}
          />
        </Space>
      </Card>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Outlet context={controls} />
      </div>
    </div>
  );
}
