import { useState } from 'react';
import { Button, Card, Segmented, Select, Space, Table, Tag, Tooltip } from 'antd';
import { LockOutlined, PhoneOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CASE_CHANNEL_LABELS,
  CASE_STATES,
  CASE_STATE_LABELS,
  CASE_TYPES,
  CASE_TYPE_LABELS,
  type CaseListItem,
  type CaseState,
  type CaseType,
} from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { getActingOrg } from '../../app/actingOrg';
import { useLocalize } from '../../i18n';
import { CaseTags } from './CaseTags';
import { ExportCasesButton } from './ExportCasesButton';
import { useCaseList } from './cases.api';
import { formatDateTime } from '../../app/time';

/** The case list: full rows where the user is entitled, existence rows (number, type, status) elsewhere. */
export function CasesPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [view, setView] = useState<'mine' | 'all'>('mine');
  const [status, setStatus] = useState<CaseState | undefined>();
  const [caseType, setCaseType] = useState<CaseType | undefined>();
  const list = useCaseList({ view, status, caseType }, getActingOrg()?.id ?? null);
  return (
    <Card
      title={t('cases.list')}
      extra={
        <Space>
          {can('case.export') && <ExportCasesButton />}
          {can('case.intake') && (
            <Button
              type="primary"
              icon={<PhoneOutlined />}
              data-testid="case-intake-open"
              onClick={() => navigate('/cases/intake')}
            >
              {t('cases.intake')}
            </Button>
          )}
        </Space>
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented
          data-testid="case-view"
          value={view}
          onChange={(v) => setView(v as 'mine' | 'all')}
          options={[
            { value: 'mine', label: t('cases.mine') },
            { value: 'all', label: t('cases.all') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('cases.status')}
          style={{ width: 120 }}
          value={status}
          onChange={setStatus}
          options={CASE_STATES.map((s) => ({ value: s, label: l(CASE_STATE_LABELS[s]) }))}
        />
        <Select
          allowClear
          placeholder={t('cases.type')}
          style={{ width: 160 }}
          value={caseType}
          onChange={setCaseType}
          options={CASE_TYPES.map((s) => ({ value: s, label: l(CASE_TYPE_LABELS[s]) }))}
        />
      </Space>
      <Table<CaseListItem>
        data-testid="cases-table"
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        onRow={(r) => ({ 'data-case-id': r.id, 'data-access': r.access }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('cases.caseNo'),
            render: (_, r) => (
              <Link to={`/cases/${r.id}`} data-testid={`case-link-${r.id}`}>
                {r.caseNo}
              </Link>
            ),
          },
          {
            title: t('cases.status'),
            render: (_, r) => <CaseTags status={r.status} caseType={r.caseType} riskLevel={r.riskLevel} />,
          },
          { title: t('cases.channel'), render: (_, r) => (r.channel ? l(CASE_CHANNEL_LABELS[r.channel]) : null) },
          {
            title: t('cases.victim'),
            render: (_, r) =>
              r.access === 'existence' ? (
                <Tooltip title={t('cases.accessDenied')}>
                  <Tag icon={<LockOutlined />}>{t('cases.existence')}</Tag>
                </Tooltip>
              ) : (
                r.victim
              ),
          },
          { title: t('cases.org'), render: (_, r) => r.org.name },
          { title: t('cases.openedAt'), render: (_, r) => formatDateTime(r.openedAt) },
          {
            title: t('cases.contactDue'),
            render: (_, r) => (
              <Space size={4}>
                {r.contactDueAt && <span>{formatDateTime(r.contactDueAt)}</span>}
                {r.contactOverdue && <Tag color="red">{t('cases.overdue')}</Tag>}
                {r.supervised && <Tag color="volcano">{t('cases.supervised')}</Tag>}
                {r.involvesMinor && <Tag color="gold">{t('cases.minor')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
