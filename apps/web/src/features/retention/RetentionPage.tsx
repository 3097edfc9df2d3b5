import { useState } from 'react';
import { Alert, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RetentionPolicy, RetentionRun } from '@jinguo/contracts';
import { errorText, notifySuccess } from '../../app/notify';
import { formatDateTime } from '../../app/time';
import { EditPolicyModal } from './EditPolicyModal';
import { useApplyReport, useDryRun, useRetentionPolicies, useRetentionRuns } from './retention.api';

type Item = RetentionRun['items'][number];

/**
 * 保存期限: the purpose and period of each record type, and the retention runs — a dry-run report first (what would be
 * anonymised or deleted, what is kept and why), carried out only when the admin confirms it. Counts, never names.
 */
export function RetentionPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const policies = useRetentionPolicies();
  const runs = useRetentionRuns();
  const dryRun = useDryRun();
  const apply = useApplyReport();
  const [editing, setEditing] = useState<RetentionPolicy | null>(null);
  const labelOf = (type: string) => policies.data?.find((p) => p.recordType === type)?.label[lang] ?? type;

  const summary = (run: RetentionRun) =>
    run.items.length === 0
      ? t('retention.nothingEnabled')
      : run.items.map((i: Item) => (
          <div key={i.recordType} data-testid={`run-${run.id}-${i.recordType}`}>
            {labelOf(i.recordType)}：
            {t(run.dryRun ? 'retention.wouldAct' : 'retention.acted', {
              count: i.due,
              action: t(`retention.actions.${i.action}`),
            })}
            {i.kept.map((k) => (
              <Tag key={k.reason} style={{ marginLeft: 8 }}>
                {t(`retention.holds.${k.reason}`, { defaultValue: k.reason })} {k.count}
              </Tag>
            ))}
          </div>
        ));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="retention-page">
      <Card title={t('retention.title')}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('retention.intro')} />
        <Table<RetentionPolicy>
          rowKey="recordType"
          size="small"
          data-testid="retention-policies"
          loading={policies.isPending}
          dataSource={policies.data ?? []}
          locale={policies.error ? { emptyText: errorText(policies.error) } : undefined}
          pagination={false}
          columns={[
            { title: t('retention.recordType'), render: (_, p) => p.label[lang] },
            { title: t('retention.purpose'), dataIndex: 'purpose' },
            { title: t('retention.days'), render: (_, p) => t('retention.daysValue', { count: p.retentionDays }) },
            { title: t('retention.action'), render: (_, p) => t(`retention.actions.${p.action}`) },
            {
              title: t('retention.enabled'),
              render: (_, p) =>
                p.enabled ? <Tag color="green">{t('retention.on')}</Tag> : <Tag>{t('retention.off')}</Tag>,
            },
            {
              title: t('common.actions'),
              key: 'edit',
              render: (_, p) => (
                <Button
                  type="link"
                  size="small"
                  onClick={() => setEditing(p)}
                  data-testid={`edit-policy-${p.recordType}`}
                >
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('retention.runs')}
        extra={
          <Button
            type="primary"
            loading={dryRun.isPending}
            onClick={() => dryRun.mutate(undefined, { onSuccess: () => notifySuccess(t('retention.dryRunDone')) })}
            data-testid="retention-dry-run"
          >
            {t('retention.dryRun')}
          </Button>
        }
      >
        <Table<RetentionRun>
          rowKey="id"
          size="small"
          data-testid="retention-runs"
          loading={runs.isPending}
          dataSource={runs.data ?? []}
          locale={runs.error ? { emptyText: errorText(runs.error) } : undefined}
          pagination={false}
          columns={[
            { title: '#', dataIndex: 'id' },
            {
              title: t('retention.kind'),
              render: (_, r) =>
                r.dryRun ? (
                  <Tag color="blue">{t('retention.report')}</Tag>
                ) : (
                  <Tag color="red">{t('retention.run', { id: r.reportId })}</Tag>
                ),
            },
            { title: t('retention.startedAt'), render: (_, r) => formatDateTime(r.startedAt) },
            { title: t('retention.runBy'), dataIndex: 'runBy' },
            { title: t('retention.summary'), render: (_, r) => summary(r) },
            {
              title: t('common.actions'),
              key: 'apply',
              render: (_, r) =>
                r.dryRun &&
                (r.appliedAt ? (
                  <Typography.Text type="secondary">
                    {t('retention.appliedAt', { at: formatDateTime(r.appliedAt) })}
                  </Typography.Text>
                ) : (
                  <Popconfirm
                    title={t('retention.applyConfirm')}
                    onConfirm={() => apply.mutate(r.id, { onSuccess: () => notifySuccess(t('retention.applied')) })}
                  >
                    <Button danger size="small" data-testid={`apply-report-${r.id}`}>
                      {t('retention.apply')}
                    </Button>
                  </Popconfirm>
                )),
            },
          ]}
        />
      </Card>
      <EditPolicyModal policy={editing} onClose={() => setEditing(null)} />
    </Space>
  );
}
