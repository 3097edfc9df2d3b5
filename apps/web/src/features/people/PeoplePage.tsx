import { useState } from 'react';
import { Button, Card, Space, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { errorText } from '../../app/notify';
import { usePeopleSearch } from './people.api';
import { usePeopleFilters } from './peopleFilters';
import { PeopleFilterBar } from './PeopleFilterBar';
import { SavedFiltersMenu } from './SavedFiltersMenu';
import { PeopleTable } from './PeopleTable';
import { PersonDrawer } from './PersonDrawer';
import { ExportModal } from './ExportModal';

/** 人员: the registry of the acting org's subtree, filtered, sorted, paged by cursor. */
export function PeoplePage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const acting = useActingOrg();
  const [filters, setFilters] = usePeopleFilters();
  const people = usePeopleSearch(filters, acting?.id ?? null);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const rows = people.data?.pages.flatMap((p) => p.items) ?? [];
  const write = can('person.write');

  return (
    <Card
      title={t('menu.people')}
      data-testid="people-page"
      extra={
        <Space wrap>
          <SavedFiltersMenu filters={filters} onApply={setFilters} />
          {write && (
            <Button
              icon={<UploadOutlined />}
              onClick={() => navigate('/people/import')}
              data-testid="people-import-button"
            >
              {t('people.import')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} onClick={() => setExporting(true)} data-testid="people-export-button">
            {t('people.export.button')}
          </Button>
          {write && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="create-person-button"
            >
              {t('people.create')}
            </Button>
          )}
        </Space>
      }
    >
      <PeopleFilterBar filters={filters} onChange={setFilters} />
      <PeopleTable
        rows={rows}
        filters={filters}
        onSort={(sort, order) => setFilters({ ...filters, sort, order })}
        loading={people.isFetching && !people.isFetchingNextPage}
        emptyText={people.error ? errorText(people.error) : undefined}
      />
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        {people.hasNextPage ? (
          <Button
            onClick={() => void people.fetchNextPage()}
            loading={people.isFetchingNextPage}
            data-testid="people-load-more"
          >
            {t('common.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && (
            <Typography.Text type="secondary">{t('people.shown', { count: rows.length })}</Typography.Text>
          )
        )}
      </div>
      <PersonDrawer person={null} open={creating} onClose={() => setCreating(false)} />
      <ExportModal filters={filters} open={exporting} onClose={() => setExporting(false)} />
    </Card>
  );
}
