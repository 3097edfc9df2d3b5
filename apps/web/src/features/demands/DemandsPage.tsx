import { useState } from 'react';
import { Button, Card, Checkbox, Input, Select, Space, Tabs } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DEMAND_SOURCE_LABELS, DEMAND_SOURCES, DEMAND_STATE_LABELS, DEMAND_STATES } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { useDebounced } from '../../app/useDebounced';
import { useLocalize } from '../../i18n';
import { CategorySelect } from './CategorySelect';
import { CreateDemandDrawer } from './CreateDemandDrawer';
import { DemandsTable } from './DemandsTable';
import { useDemandQueue, type QueueView } from './demands.api';

/** 诉求工单: the acting org's queue, what was escalated to it (督办), what was dispatched to me, or the whole subtree. */
export function DemandsPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const acting = useActingOrg();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const canRead = can('demand.read');
  const view = ((canRead ? params.get('view') : 'mine') ?? 'queue') as QueueView;
  const [q, setQ] = useState('');
  // the workbench links through with ?state=received or ?overdue=true: the filters start from them
  const [state, setState] = useState<string | undefined>(() => params.get('state') ?? undefined);
  const [source, setSource] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(() => params.get('overdue') === 'true');
  const [creating, setCreating] = useState(false);
  const search = useDebounced(q, 300);
  const list = useDemandQueue(
    { view, state, source, category, overdue: overdue || undefined, q: search || undefined },
    acting?.id ?? null,
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const views: QueueView[] = canRead ? ['queue', 'supervised', 'mine', 'all'] : ['mine'];
  return (
    <Card
      title={t('work.demands')}
      extra={
        can('demand.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="demand-create">
            {t('demands.create')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={view}
        onChange={(k) => setParams({ view: k })}
        items={views.map((v) => ({
          key: v,
          label: <span data-testid={`demand-view-${v}`}>{t(`demands.views.${v}`)}</span>,
        }))}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('demands.filters.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 240 }}
          data-testid="demand-search"
        />
        <Select
          allowClear
          placeholder={t('demands.filters.allStates')}
          value={state}
          onChange={setState}
          style={{ width: 150 }}
          options={DEMAND_STATES.map((s) => ({ value: s, label: l(DEMAND_STATE_LABELS[s]) }))}
        />
        <Select
          allowClear
          placeholder={t('demands.filters.allSources')}
          value={source}
          onChange={setSource}
          style={{ width: 150 }}
          options={DEMAND_SOURCES.map((s) => ({ value: s, label: l(DEMAND_SOURCE_LABELS[s]) }))}
        />
        <CategorySelect
          allowClear
          placeholder={t('demands.filters.allCategories')}
          value={category}
          onChange={setCategory}
          style={{ width: 160 }}
        />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
          {t('demands.filters.overdueOnly')}
        </Checkbox>
      </Space>
      <DemandsTable rows={rows} loading={list.isLoading} emptyText={t(`demands.empty.${view}`)} />
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <CreateDemandDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => navigate(`/demands/${id}`)}
      />
    </Card>
  );
}
