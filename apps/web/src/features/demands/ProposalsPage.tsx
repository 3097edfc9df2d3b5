import { useState } from 'react';
import { Button, Card, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  PROPOSAL_KIND_LABELS,
  PROPOSAL_KINDS,
  PROPOSAL_STATE_LABELS,
  type Proposal,
  type ProposalKind,
} from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth, useMe } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { CreateProposalButton, EditProposalButton, ProposalActionButton } from './ProposalForms';
import { useDeleteProposal, useProposals } from './proposals.api';

const STATE_COLORS = { drafted: 'default', submitted: 'blue', accepted: 'cyan', not_accepted: 'red', replied: 'green' };

function DeleteDraft({ p }: { p: Proposal }) {
  const { t } = useTranslation();
  const del = useDeleteProposal(p.id);
  return (
    <Popconfirm
      title={t('proposals.deleteConfirm')}
      onConfirm={() =>
        del.mutate(undefined, { onSuccess: () => notifySuccess(t('common.deleted')), onError: (e) => notifyError(e) })
      }
    >
      <Button size="small" danger data-testid={`proposal-delete-${p.id}`}>
        {t('common.delete')}
      </Button>
    </Popconfirm>
  );
}

/**
 * 人大建议 / 政协提案: each a record with its number, text, date, status and reply, moved along by the actions the
 * server allows; made here or from the collected suggestions (建议汇总).
 */
export function ProposalsPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const me = useMe();
  const acting = useActingOrg();
  const [kind, setKind] = useState<ProposalKind | 'all'>('all');
  const list = useProposals(kind === 'all' ? {} : { kind }, acting?.id ?? null);
  const writer = can('demand.write');
  return (
    <Card
      title={t('proposals.title')}
      data-testid="proposals-page"
      extra={
        <Space>
          <Segmented
            value={kind}
            onChange={(v) => setKind(v as ProposalKind | 'all')}
            options={[
              { value: 'all', label: t('proposals.all') },
              ...PROPOSAL_KINDS.map((k) => ({ value: k, label: l(PROPOSAL_KIND_LABELS[k]) })),
            ]}
          />
          {writer && <CreateProposalButton orgId={acting?.id ?? me.homeOrg.id} label={t('proposals.create')} />}
        </Space>
      }
    >
      <Table<Proposal>
        data-testid="proposals-table"
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        onRow={(p) => ({ 'data-proposal-id': p.id }) as React.HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowRender: (p) => (
            <Space direction="vertical" style={{ maxWidth: 900 }}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.body}</Typography.Paragraph>
              {p.demandIds.length > 0 && (
                <Typography.Text type="secondary">
                  {t('proposals.carries', { count: p.demandIds.length })}
                </Typography.Text>
              )}
            </Space>
          ),
        }}
        columns={[
          { key: 'kind', title: t('proposals.kind'), render: (_, p) => <Tag>{l(PROPOSAL_KIND_LABELS[p.kind])}</Tag> },
          {
            key: 'number',
            title: t('proposals.number'),
            render: (_, p) => <span data-testid="proposal-number-cell">{p.number ?? '—'}</span>,
          },
          { key: 'title', title: t('proposals.proposalTitle'), dataIndex: 'title' },
          { key: 'deputy', title: t('proposals.deputy'), render: (_, p) => p.deputy ?? '—' },
          { key: 'on', title: t('proposals.submittedOn'), render: (_, p) => p.submittedOn ?? '—' },
          {
            key: 'status',
            title: t('proposals.status'),
            render: (_, p) => (
              <Tag color={STATE_COLORS[p.status]} data-testid="proposal-status">
                {l(PROPOSAL_STATE_LABELS[p.status])}
              </Tag>
            ),
          },
          {
            key: 'reply',
            title: t('proposals.reply'),
            render: (_, p) =>
              p.reply ? (
                <Typography.Text
                  data-testid="proposal-reply-cell"
                  ellipsis={{ tooltip: p.reply }}
                  style={{ maxWidth: 260 }}
                >
                  {p.replyOrg} {p.repliedOn}：{p.reply}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, p) =>
              writer && (
                <Space wrap>
                  {p.allowedActions.map((a) => (
                    <ProposalActionButton key={a} p={p} action={a} />
                  ))}
                  <EditProposalButton p={p} />
                  {p.status === 'drafted' && <DeleteDraft p={p} />}
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
