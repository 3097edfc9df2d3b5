import { useState } from 'react';
import { Button, Card, Input, Modal, Progress, Table, Tag } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PERIOD_RULE_LABELS, PROGRAM_KIND_LABELS, type Program } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { apiDownload } from '../../app/api';
import { useAuth } from '../../app/auth';
import { notifyError } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { saveBlob } from '../people/saveBlob';
import { usePrograms } from './care-programs.api';
import { ProgramDrawer } from './ProgramDrawer';

/** 项目管理: the programs reaching the acting org, their quota and budget use; the finance office's payment list. */
export function ProgramsPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const acting = useActingOrg();
  const programs = usePrograms(acting?.id ?? null);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState<Program | null>(null);
  const [reason, setReason] = useState('');
  const download = async () => {
    if (!exporting) return;
    try {
      const { blob, filename } = await apiDownload(`/care-programs/programs/${exporting.id}/payment-list`, {
        method: 'POST',
        body: { reason },
      });
      saveBlob(blob, filename ?? 'payment-list.xlsx');
      setExporting(null);
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Card
      title={t('care.programs')}
      extra={
        can('care.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="program-new">
            {t('care.newProgram')}
          </Button>
        )
      }
    >
      <Table<Program>
        rowKey="id"
        size="small"
        pagination={false}
        loading={programs.isLoading}
        dataSource={programs.data ?? []}
        data-testid="programs-table"
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: (p) => p.quotas.length > 0,
          expandedRowRender: (p) => (
            <Table
              rowKey={(q) => q.org.id}
              size="small"
              pagination={false}
              dataSource={p.quotas}
              columns={[
                { key: 'org', title: t('care.district'), render: (_, q) => q.org.name },
                { key: 'quota', title: t('care.quota'), dataIndex: 'quota' },
                {
                  key: 'used',
                  title: t('care.approved'),
                  render: (_, q) => (
                    <Progress
                      percent={q.quota ? Math.round((q.approved / q.quota) * 100) : 0}
                      format={() => `${q.approved}/${q.quota}`}
                      size="small"
                      style={{ width: 160 }}
                    />
                  ),
                },
                { key: 'budget', title: t('care.budget'), render: (_, q) => q.budget ?? '—' },
                { key: 'approvedAmount', title: t('care.budgetUsed'), dataIndex: 'approvedAmount' },
                { key: 'paid', title: t('care.paid'), render: (_, q) => `${q.paid} / ${q.paidAmount}` },
              ]}
            />
          ),
        }}
        columns={[
          { key: 'name', title: t('care.name'), dataIndex: 'name' },
          { key: 'kind', title: t('care.kind'), render: (_, p) => <Tag>{l(PROGRAM_KIND_LABELS[p.kind])}</Tag> },
          { key: 'org', title: t('demands.org'), render: (_, p) => p.org.name },
          { key: 'benefit', title: t('care.benefit'), render: (_, p) => p.benefit.amount },
          { key: 'period', title: t('care.period'), render: (_, p) => l(PERIOD_RULE_LABELS[p.period]) },
          {
            key: 'chain',
            title: t('care.reviewChain'),
            render: (_, p) => p.reviewChain.map((s) => s.name).join(' → '),
          },
          {
            key: 'budget',
            title: t('care.budget'),
            render: (_, p) => (p.budget === null ? '—' : `${p.budgetUsed} / ${p.budget}`),
          },
          { key: 'state', title: t('care.state'), render: (_, p) => t(`care.states.${p.state}`) },
          {
            key: 'export',
            title: '',
            render: (_, p) =>
              can('care.pay') &&
              can('care.unmask') &&
              p.benefit.kind === 'money' && (
                <Button size="small" icon={<DownloadOutlined />} onClick={() => setExporting(p)}>
                  {t('care.paymentList')}
                </Button>
              ),
          },
        ]}
      />
      <ProgramDrawer open={creating} onClose={() => setCreating(false)} />
      <Modal
        open={exporting !== null}
        title={t('care.paymentList')}
        onCancel={() => setExporting(null)}
        onOk={() => void download()}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
      >
        <Input.TextArea
          rows={2}
          placeholder={t('care.paymentListReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
