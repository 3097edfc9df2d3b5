import { useState } from 'react';
import { Button, Card, Segmented, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { APPLICATION_STATES, type ApplicationListItem } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { DeadlineText } from '../demands/DeadlineText';
import { useApplications, usePrograms } from './care-programs.api';
import { ApplicationDrawer } from './ApplicationDrawer';
import { ApplicationStateTag } from './ApplicationStateTag';
import { formatDateTime } from '../../app/time';

/** 申请审核: the queue of the acting org's level by deadline, or every application of the subtree. */
export function ApplicationsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const navigate = useNavigate();
  const [queue, setQueue] = useState(can('care.review'));
  const [programId, setProgramId] = useState<number | undefined>();
  const [state, setState] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const programs = usePrograms(acting?.id ?? null);
  const list = useApplications({ queue, programId, state }, acting?.id ?? null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      title={t('care.applications')}
      extra={
        can('care.apply') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="application-new"
          >
            {t('care.newApplication')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={queue ? 'queue' : 'all'}
          onChange={(v) => setQueue(v === 'queue')}
          options={[
            { value: 'queue', label: t('care.queue') },
            { value: 'all', label: t('care.all') },
          ]}
          data-testid="applications-queue-switch"
        />
        <Select
          allowClear
          placeholder={t('care.program')}
          value={programId}
          onChange={setProgramId}
          style={{ width: 240 }}
          options={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
        {!queue && (
          <Select
            allowClear
            placeholder={t('care.state')}
            value={state}
            onChange={setState}
            style={{ width: 160 }}
            options={APPLICATION_STATES.map((s) => ({ value: s, label: t(`care.appStates.${s}`) }))}
          />
        )}
      </Space>
      <Table<ApplicationListItem>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={rows}
        data-testid="applications-table"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('care.none') }}
        columns={[
          { key: 'id', title: '#', render: (_, a) => <Link to={`/care-programs/applications/${a.id}`}>{a.id}</Link> },
          { key: 'person', title: t('care.person'), render: (_, a) => a.person.name },
          { key: 'program', title: t('care.program'), render: (_, a) => a.program.name },
          { key: 'org', title: t('demands.org'), render: (_, a) => a.org.name },
          { key: 'state', title: t('care.state'), render: (_, a) => <ApplicationStateTag state={a.state} /> },
          { key: 'step', title: t('care.step'), render: (_, a) => (a.step ? <Tag>{a.step.name}</Tag> : '—') },
          {
            key: 'deadline',
            title: t('care.deadline'),
            render: (_, a) => (a.deadline ? <DeadlineText at={a.deadline} overdue={a.overdue} /> : '—'),
          },
          { key: 'amount', title: t('care.amount'), dataIndex: 'amount' },
          {
            key: 'submitted',
            title: t('care.submittedAt'),
            render: (_, a) => (a.submittedAt ? formatDateTime(a.submittedAt) : '—'),
          },
        ]}
      />
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <ApplicationDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(a) => navigate(`/care-programs/applications/${a.id}`)}
      />
    </Card>
  );
}
