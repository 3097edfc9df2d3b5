import { useState } from 'react';
import { Breadcrumb, Button, Card, Col, Row, Segmented, Space, Spin, Statistic, Table, Tabs, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrgSummary } from '@jinguo/contracts';
import { notifyError, notifySuccess } from '../../app/notify';
import { StateTag } from './StateTag';
import { TaskHeader } from './TaskHeader';
import {
  downloadTaskExcel,
  useAggregate,
  useBoard,
  useRemind,
  useTask,
  type AggregateRow,
  type BoardRow,
} from './tasks.api';
import { formatDateTime } from '../../app/time';

const COUNTS = ['total', 'pending', 'signed', 'submitted', 'returned', 'approved', 'overdue'] as const;

/** 进度看板: counts by state and overdue, each receiver, reminders (one click or one org). */
function BoardTab({ taskId }: { taskId: number }) {
  const { t } = useTranslation();
  const [state, setState] = useState<string | undefined>(undefined);
  const board = useBoard(taskId, state);
  const remind = useRemind(taskId);
  const doRemind = (id: number | null) =>
    remind.mutate(id, {
      onSuccess: (r) => notifySuccess(t('tasks.reminded', { n: r.reminded })),
      onError: notifyError,
    });
  const c = board.data?.counts;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Row gutter={16}>
        {COUNTS.map((k) => (
          <Col key={k} xs={8} md={3}>
            <Statistic
              title={<a onClick={() => setState(k === 'total' ? undefined : k)}>{t(`tasks.counts.${k}`)}</a>}
              value={c?.[k] ?? 0}
              valueStyle={k === 'overdue' && (c?.overdue ?? 0) > 0 ? { color: '#cf1322' } : undefined}
              data-testid={`count-${k}`}
            />
          </Col>
        ))}
        <Col>
          <Button onClick={() => doRemind(null)} loading={remind.isPending} data-testid="remind-all">
            {t('tasks.remindAll')}
          </Button>
        </Col>
      </Row>
      <Table<BoardRow>
        rowKey="assignmentId"
        size="small"
        loading={board.isLoading}
        dataSource={board.data?.rows ?? []}
        pagination={false}
        data-testid="board-table"
        scroll={{ x: 'max-content', y: 480 }}
        columns={[
          {
            key: 'org',
            title: t('tasks.orgs'),
            render: (_, r) => <Link to={`/tasks/${taskId}/assignments/${r.assignmentId}`}>{r.org.name}</Link>,
          },
          {
            key: 'state',
            title: t('common.status'),
            render: (_, r) => (
              <Space>
                <StateTag state={r.state} />
                {r.overdue && <Tag color="red">{t('tasks.overdue')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'signed',
            title: t('tasks.signedAt'),
            render: (_, r) => (r.signedAt ? formatDateTime(r.signedAt) : '—'),
          },
          {
            key: 'submitted',
            title: t('tasks.submittedAt'),
            render: (_, r) => (r.submittedAt ? formatDateTime(r.submittedAt) : '—'),
          },
          { key: 'reminds', title: t('tasks.remindCount'), dataIndex: 'remindCount' },
          {
            key: 'x',
            title: '',
            render: (_, r) => (
              <Space>
                {r.forwardedTaskId && <Link to={`/tasks/${r.forwardedTaskId}`}>{t('tasks.forwardedTask')}</Link>}
                {['pending', 'signed', 'returned'].includes(r.state) && (
                  <a onClick={() => doRemind(r.assignmentId)}>{t('tasks.remind')}</a>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

/** 汇总: submissions summed by region, drill-down to each region and each submission, Excel exports. */
function AggregateTab({ taskId, root }: { taskId: number; root: OrgSummary }) {
  const { t } = useTranslation();
  const [trail, setTrail] = useState<OrgSummary[]>([root]);
  const [include, setInclude] = useState<'submitted' | 'approved'>('submitted');
  const here = trail[trail.length - 1]!;
  const agg = useAggregate(taskId, here.id, include);
  const cols = agg.data?.columns ?? [];
  const download = (kind: 'aggregate' | 'submissions') =>
    void downloadTaskExcel(taskId, kind, { orgId: here.id, include }).catch(notifyError);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Breadcrumb
          items={trail.map((o, i) => ({ title: <a onClick={() => setTrail(trail.slice(0, i + 1))}>{o.name}</a> }))}
        />
        <Segmented
          value={include}
          onChange={(v) => setInclude(v as 'submitted' | 'approved')}
          options={(['submitted', 'approved'] as const).map((k) => ({ value: k, label: t(`tasks.include.${k}`) }))}
        />
        <Button onClick={() => download('aggregate')} data-testid="export-aggregate">
          {t('tasks.exportAggregate')}
        </Button>
        <Button onClick={() => download('submissions')}>{t('tasks.exportSubmissions')}</Button>
      </Space>
      <Table<AggregateRow>
        rowKey={(r) => r.org.id}
        size="small"
        loading={agg.isLoading}
        dataSource={agg.data?.rows ?? []}
        pagination={false}
        data-testid="aggregate-table"
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'region',
            title: t('tasks.region'),
            fixed: 'left',
            render: (_, r) =>
              r.org.id !== here.id && r.total > (r.assignmentId ? 1 : 0) ? (
                <a onClick={() => setTrail([...trail, r.org])}>{r.org.name}</a>
              ) : (
                r.org.name
              ),
          },
          { key: 'n', title: t('tasks.submittedOf'), render: (_, r) => `${r.submitted} / ${r.total}` },
          ...cols.map((c) => ({
            key: c.key,
            title: c.unit ? `${c.label}（${c.unit}）` : c.label,
            render: (_: unknown, r: AggregateRow) => r.values[c.key] ?? 0,
          })),
          {
            key: 'x',
            title: '',
            render: (_, r) =>
              r.assignmentId && (
                <Link to={`/tasks/${taskId}/assignments/${r.assignmentId}`}>{t('tasks.submission')}</Link>
              ),
          },
        ]}
        summary={() =>
          agg.data && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('tasks.total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1}>
                <span data-testid="aggregate-total">{`${agg.data.total.submitted} / ${agg.data.total.total}`}</span>
              </Table.Summary.Cell>
              {cols.map((c, i) => (
                <Table.Summary.Cell key={c.key} index={i + 2}>
                  {agg.data.total.values[c.key] ?? 0}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={cols.length + 2} />
            </Table.Summary.Row>
          )
        }
      />
    </Space>
  );
}

/** A task: its notice, the acting org's own copy, and for the dispatcher the board and the aggregate. */
export function TaskDetailPage() {
  const { t } = useTranslation();
  const taskId = Number(useParams().taskId);
  const task = useTask(taskId);
  if (!task.data) return <Spin />;
  const tk = task.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <TaskHeader task={tk} />
      {tk.myAssignmentId && (
        <Card size="small">
          <Link to={`/tasks/${tk.id}/assignments/${tk.myAssignmentId}`} data-testid="my-copy">
            {t('tasks.myCopy')}
          </Link>
        </Card>
      )}
      {tk.isDispatcher && (
        <Card>
          <Tabs
            items={[
              { key: 'board', label: t('tasks.board'), children: <BoardTab taskId={tk.id} /> },
              ...(tk.form
                ? [
                    {
                      key: 'aggregate',
                      label: <span data-testid="tab-aggregate">{t('tasks.aggregate')}</span>,
                      children: <AggregateTab taskId={tk.id} root={tk.org} />,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
