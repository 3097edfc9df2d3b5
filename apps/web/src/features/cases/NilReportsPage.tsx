import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  type ButtonProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { NIL_REPORT_STATE_LABELS, type NilReportBoard } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { FormModalButton } from './FormModalButton';
import { useFiguresWrite, useNilReportBoard } from './cases.api';
import { federationToday, formatDateTime } from '../../app/time';

type Row = NilReportBoard['rows'][number];
const STATE_COLORS = { reported: 'green', has_cases: 'blue', missing: 'red' } as const;

/**
 * 排查 / 零报告: each village under the acting org for one month — its nil report (who filed it, when), the cases it
 * had, or that it has not reported; a village's nil report filed from its row; screening visits recorded.
 */
export function NilReportsPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const acting = useActingOrg();
  const [month, setMonth] = useState<Dayjs>(() => federationToday().subtract(1, 'month').startOf('month'));
  const period = month.format('YYYY-MM');
  const board = useNilReportBoard({ ...(acting ? { orgId: acting.id } : {}), period });
  const nil = useFiguresWrite('/cases/nil-reports');
  const screening = useFiguresWrite('/cases/screenings');
  const rows = board.data?.rows ?? [];
  const missing = rows.filter((r) => r.state === 'missing').length;
  const writer = can('case.screening');

  const file = (r: Row) =>
    nil.mutate(
      { orgId: r.org.id, period },
      { onSuccess: () => notifySuccess(t('common.saved')), onError: (e) => notifyError(e) },
    );

  return (
    <Card
      title={t('caseForms.nil.title')}
      data-testid="nil-reports-page"
      extra={
        writer && (
          <FormModalButton<{
            orgId: number;
            visitedOn: Dayjs;
            households: number;
            disputesFound: number;
            note?: string;
          }>
            testId="screening-add"
            label={t('caseForms.nil.screening')}
            title={t('caseForms.nil.screening')}
            initialValues={{ visitedOn: federationToday(), disputesFound: 0 }}
            onSubmit={(v) =>
              screening.mutateAsync({
                orgId: v.orgId,
                visitedOn: v.visitedOn.format('YYYY-MM-DD'),
                households: v.households,
                disputesFound: v.disputesFound,
                ...(v.note ? { note: v.note } : {}),
              })
            }
          >
            <Form.Item name="orgId" label={t('caseForms.nil.screeningOrg')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="screening-org"
                options={[
                  ...(board.data ? [{ value: board.data.org.id, label: board.data.org.name }] : []),
                  ...rows.map((r) => ({ value: r.org.id, label: r.org.name })),
                ]}
              />
            </Form.Item>
            <Form.Item name="visitedOn" label={t('caseForms.nil.visitedOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="households" label={t('caseForms.nil.households')} rules={[{ required: true }]}>
              <InputNumber data-testid="screening-households" min={1} max={10000} />
            </Form.Item>
            <Form.Item name="disputesFound" label={t('caseForms.nil.disputesFound')} rules={[{ required: true }]}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
            <Form.Item name="note" label={t('caseForms.nil.note')}>
              <Input maxLength={500} />
            </Form.Item>
          </FormModalButton>
        )
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <span>{t('caseForms.nil.period')}</span>
        <DatePicker
          picker="month"
          allowClear={false}
          value={month}
          data-testid="nil-period"
          onChange={(v) => v && setMonth(v)}
        />
        {board.data && (
          <Tag color={missing ? 'red' : 'green'} data-testid="nil-missing-count">
            {t('caseForms.nil.missingCount', { count: missing })}
          </Tag>
        )}
      </Space>
      <Table<Row>
        data-testid="nil-board"
        rowKey={(r) => r.org.id}
        size="small"
        loading={board.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-state': r.state, 'data-org': r.org.name }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'org', title: t('caseForms.nil.village'), render: (_, r) => r.org.name },
          {
            key: 'state',
            title: t('caseForms.nil.state'),
            render: (_, r) => (
              <Tag color={STATE_COLORS[r.state]} data-testid="nil-state">
                {l(NIL_REPORT_STATE_LABELS[r.state]!)}
              </Tag>
            ),
          },
          { key: 'cases', title: t('caseForms.nil.cases'), render: (_, r) => r.cases },
          { key: 'by', title: t('caseForms.nil.reportedBy'), render: (_, r) => r.reportedBy ?? '—' },
          {
            key: 'at',
            title: t('caseForms.nil.reportedAt'),
            render: (_, r) => (r.reportedAt ? formatDateTime(r.reportedAt) : '—'),
          },
          {
            key: 'act',
            title: '',
            render: (_, r) =>
              writer &&
              r.state === 'missing' && (
                <Popconfirm
                  title={t('caseForms.nil.fileConfirm', { org: r.org.name, period })}
                  onConfirm={() => file(r)}
                  okButtonProps={{ 'data-testid': 'nil-file-ok' } as ButtonProps}
                >
                  <Button size="small" data-testid="nil-file" loading={nil.isPending}>
                    {t('caseForms.nil.file')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}
