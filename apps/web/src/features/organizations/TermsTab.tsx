import { useState } from 'react';
import { Button, Popconfirm, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TERM_STATE_LABELS, TERM_TRANSITIONS, type OrgDetail, type Term, type TermState } from '@jinguo/contracts';
import { errorText, notifySuccess } from '../../app/notify';
import { useLang } from '../../i18n';
import { useTerms, useTransitionTerm } from './org-records.api';
import { TermModal } from './TermModal';
import { formatDateTime } from '../../app/time';

const STATE_COLORS: Record<TermState, string> = {
  planned: 'default',
  nominated: 'processing',
  congress_held: 'blue',
  elected: 'cyan',
  filed: 'green',
};

/** 换届: each term's election state; only the transitions the shared state machine allows are offered. */
export function TermsTab({ org }: { org: OrgDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const terms = useTerms(org.id);
  const transition = useTransitionTerm();
  const canManage = org.allowedActions.includes('manageOfficers');
  const [creating, setCreating] = useState(false);
  const nextNumber = Math.max(0, ...(terms.data ?? []).map((x) => x.number)) + 1;

  return (
    <>
      {canManage && (
        <div style={{ textAlign: 'right', marginBottom: 12 }}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="create-term-button"
          >
            {t('terms.create')}
          </Button>
        </div>
      )}
      <Table<Term>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        data-testid="terms-table"
        loading={terms.isPending}
        dataSource={[...(terms.data ?? [])].sort((a, b) => b.number - a.number)}
        locale={terms.error ? { emptyText: errorText(terms.error) } : undefined}
        pagination={false}
        rowClassName={(x) => (x.overdue ? 'jg-term-overdue' : '')}
        expandable={{
          rowExpandable: (x) => x.history.length > 0,
          expandedRowRender: (x) => (
            <Timeline
              style={{ marginTop: 12 }}
              items={x.history.map((h, i) => ({
                key: i,
                content: (
                  <span>
                    {formatDateTime(h.at)} · {h.from ? `${TERM_STATE_LABELS[h.from][lang]} → ` : ''}
                    {TERM_STATE_LABELS[h.to][lang]}
                    {h.note && <Typography.Text type="secondary"> · {h.note}</Typography.Text>}
                  </span>
                ),
              }))}
            />
          ),
        }}
        columns={[
          { title: t('terms.term'), render: (_, x) => t('terms.number', { n: x.number }) },
          {
            title: t('common.status'),
            render: (_, x) => <Tag color={STATE_COLORS[x.state]}>{TERM_STATE_LABELS[x.state][lang]}</Tag>,
          },
          { title: t('terms.startsOn'), render: (_, x) => x.startsOn ?? '—' },
          {
            title: t('terms.dueOn'),
            render: (_, x) => (
              <Space size={4}>
                <Typography.Text type={x.overdue ? 'danger' : undefined} strong={x.overdue}>
                  {x.dueOn}
                </Typography.Text>
                {x.overdue && (
                  <Tag color="red" data-testid="term-overdue">
                    {t('terms.overdue')}
                  </Tag>
                )}
              </Space>
            ),
          },
          ...(canManage
            ? [
                {
                  title: t('terms.nextStep'),
                  key: 'actions',
                  render: (_: unknown, x: Term) => (
                    <Space size={0} wrap>
                      {TERM_TRANSITIONS[x.state].map((to) => (
                        <Popconfirm
                          key={to}
                          title={t('terms.transitionConfirm', { state: TERM_STATE_LABELS[to][lang] })}
                          onConfirm={() =>
                            transition.mutate({ id: x.id, to }, { onSuccess: () => notifySuccess(t('common.saved')) })
                          }
                        >
                          <Button type="link" size="small" data-testid={`term-to-${to}`}>
                            → {TERM_STATE_LABELS[to][lang]}
                          </Button>
                        </Popconfirm>
                      ))}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <TermModal orgId={org.id} open={creating} defaultNumber={nextNumber} onClose={() => setCreating(false)} />
    </>
  );
}
