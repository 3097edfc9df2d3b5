import { useState } from 'react';
import { Card, Segmented, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SuggestionItem } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth, useMe } from '../../app/auth';
import { notifySuccess } from '../../app/notify';
import { useSuggestions } from './demands.api';
import { CreateProposalButton } from './ProposalForms';
import { useCategoryName } from './useCategoryName';
import { formatDate } from '../../app/time';

type Item = z.infer<typeof SuggestionItem>;

/**
 * 建议汇总: suggestions raised from demands; the chosen ones become a 人大建议 / 政协提案 record (ProposalsPage), which
 * marks them as handed over.
 */
export function SuggestionsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const me = useMe();
  const category = useCategoryName();
  const [handed, setHanded] = useState<'false' | 'true' | 'all'>('false');
  const list = useSuggestions(handed === 'all' ? undefined : handed === 'true', acting?.id ?? null);
  const [selected, setSelected] = useState<number[]>([]);
  const chosen = (list.data ?? []).filter((x) => selected.includes(x.demandId));
  const body = chosen.map((x, i) => `${i + 1}. ${x.suggestion}（${x.org.name}）`).join('\n');
  return (
    <Card
      title={t('work.suggestions')}
      extra={
        <>
          <Segmented
            value={handed}
            onChange={(v) => setHanded(v as 'false')}
            options={[
              { value: 'false', label: t('demands.notHanded') },
              { value: 'true', label: t('demands.handedTo') },
              { value: 'all', label: t('demands.views.all') },
            ]}
          />
          {can('demand.write') && (
            <span style={{ marginInlineStart: 8 }}>
              <CreateProposalButton
                orgId={acting?.id ?? me.homeOrg.id}
                demandIds={selected}
                body={body}
                disabled={!selected.length}
                label={t('proposals.fromSuggestions')}
                onDone={() => {
                  notifySuccess(t('demands.handedCount', { count: selected.length }));
                  setSelected([]);
                }}
              />
              <Link to="/demands/proposals" style={{ marginInlineStart: 8 }}>
                {t('proposals.title')}
              </Link>
            </span>
          )}
        </>
      }
    >
      <Table<Item>
        rowKey="demandId"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowSelection={
          can('demand.write') ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]) } : undefined
        }
        columns={[
          {
            key: 'title',
            title: t('demands.title'),
            render: (_, s) => <Link to={`/demands/${s.demandId}`}>{s.title}</Link>,
          },
          { key: 'suggestion', title: t('demands.suggestion'), dataIndex: 'suggestion' },
          { key: 'category', title: t('demands.category'), render: (_, s) => category(s.category) },
          { key: 'org', title: t('demands.org'), render: (_, s) => s.org.name },
          { key: 'at', title: t('demands.receivedAt'), render: (_, s) => formatDate(s.suggestedAt) },
          {
            key: 'handed',
            title: t('demands.handedTo'),
            render: (_, s) => (s.handedTo ? <Tag color="green">{s.handedTo}</Tag> : '—'),
          },
        ]}
      />
    </Card>
  );
}
