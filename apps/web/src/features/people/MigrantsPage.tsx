import { useState } from 'react';
import { Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MigrantListItem } from '@jinguo/contracts';
import type { z } from 'zod';
import { useActingOrg } from '../../app/actingOrg';
import { errorText } from '../../app/notify';
import { useMigrants, type MigrantFilters } from './migrants.api';
import { OrgFilterPicker } from './OrgFilterPicker';
import { PersonTags } from './PersonTags';
import { PlaceCascader, type PlacePath } from './PlaceCascader';
import { PlaceText } from './PlaceText';
import { isReturnIntention } from './returnIntentions';

type Row = z.infer<typeof MigrantListItem>;

/**
 * 在外妇女: women of the subtree working elsewhere, by home org and where they are now. For a 流动妇联 this is
 * her list: the server shows it exactly the women it serves. 地点待核对: the women whose current place names no place
 * (or too little for a federation of her home), for a cadre to open and pick the place.
 */
export function MigrantsPage() {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const [homeOrgId, setHomeOrgId] = useState<number | undefined>(undefined);
  const [place, setPlace] = useState<PlacePath | undefined>(undefined);
  const [unmatched, setUnmatched] = useState(false);
  const placeCode = place?.[place.length - 1];
  const filters: MigrantFilters & { unmatched: boolean } = {
    ...(homeOrgId !== undefined && { homeOrgId }),
    ...(placeCode !== undefined && { placeCode }),
    unmatched,
  };
  const migrants = useMigrants(filters, acting?.id ?? null);
  const rows = migrants.data?.pages.flatMap((p) => p.items) ?? [];
  const isMobile = acting?.type === 'mobile_federation';

  return (
    <Card title={t('menu.migrants')} data-testid="migrants-page">
      {isMobile && (
        <Typography.Paragraph type="secondary">
          {t('people.migrant.mobileIntro', { org: acting.name })}
        </Typography.Paragraph>
      )}
      <Space wrap size={8} style={{ marginBottom: 12 }}>
        {!isMobile && (
          <OrgFilterPicker
            value={homeOrgId}
            onChange={setHomeOrgId}
            placeholder={t('people.migrant.homeOrg')}
            data-testid="migrants-filter-home"
          />
        )}
        {!isMobile && (
          <Segmented<'all' | 'unmatched'>
            value={unmatched ? 'unmatched' : 'all'}
            onChange={(v) => setUnmatched(v === 'unmatched')}
            options={[
              { value: 'all', label: t('people.migrant.all') },
              { value: 'unmatched', label: t('people.migrant.unmatched') },
            ]}
            data-testid="migrants-unmatched-toggle"
          />
        )}
        {!unmatched && (
          <PlaceCascader
            value={place}
            onChange={setPlace}
            placeholder={t('people.migrant.now')}
            style={{ width: 240 }}
            data-testid="migrants-filter-place"
          />
        )}
      </Space>
      <Table<Row>
        scroll={{ x: 'max-content' }}
        rowKey={(r) => r.person.id}
        size="small"
        data-testid="migrants-table"
        loading={migrants.isFetching && !migrants.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        locale={migrants.error ? { emptyText: errorText(migrants.error) } : undefined}
        columns={[
          { title: t('people.name'), render: (_, r) => <Link to={`/people/${r.person.id}`}>{r.person.name}</Link> },
          { title: t('people.age'), render: (_, r) => r.person.age ?? '—', width: 64 },
          { title: t('people.phone'), render: (_, r) => r.person.phone ?? '—' },
          {
            title: t('people.migrant.home'),
            render: (_, r) => [r.homeDistrict, r.homeTown, r.person.org.name].filter(Boolean).join(' / '),
          },
          {
            title: t('people.migrant.now'),
            render: (_, r) => <PlaceText profile={r.profile} />,
          },
          { title: t('people.migrant.employer'), render: (_, r) => r.profile.employer ?? '—' },
          { title: t('people.migrant.industry'), render: (_, r) => r.profile.industry ?? '—' },
          { title: t('people.migrant.skills'), render: (_, r) => r.profile.skills.map((s) => <Tag key={s}>{s}</Tag>) },
          {
            title: t('people.migrant.returnIntention'),
            render: (_, r) =>
              isReturnIntention(r.profile.returnIntention)
                ? t(`people.migrant.returnIntentions.${r.profile.returnIntention}`)
                : r.profile.returnIntention,
          },
          { title: t('people.migrant.mobileFederation'), render: (_, r) => r.profile.mobileFederation?.name ?? '—' },
          { title: t('people.tags'), render: (_, r) => <PersonTags codes={r.person.tags} /> },
        ]}
      />
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        {migrants.hasNextPage ? (
          <Button
            onClick={() => void migrants.fetchNextPage()}
            loading={migrants.isFetchingNextPage}
            data-testid="migrants-load-more"
          >
            {t('common.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && (
            <Typography.Text type="secondary">{t('people.shown', { count: rows.length })}</Typography.Text>
          )
        )}
      </div>
    </Card>
  );
}
