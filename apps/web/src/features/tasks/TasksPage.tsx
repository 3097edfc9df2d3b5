import { useState } from 'react';
import { Button, Card, Progress, Segmented, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AssignmentState, WorkItem } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { DispatchDrawer } from './DispatchDrawer';
import { StateTag } from './StateTag';
import { useWorkList } from './tasks.api';

/** 工作任务: what was sent to the acting org (sign, fill, submit) and what it dispatched (progress). */
export function TasksPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const [box, setBox] = useState<'inbox' | 'sent'>('inbox');
  const [state, setState] = useState<AssignmentState | undefined>(undefined);
  const list = useWorkList(box, state, acting?.id ?? null);
  const [dispatching, setDispatching] = useState(false);
  const link = (w: WorkItem) =>
    w.assignmentId ? `/tasks/${w.taskId}/assignments/${w.assignmentId}` : `/tasks/${w.taskId}`;
  return (
    <Card
      title={t('tasks.workList')}
      extra={
        can('task.dispatch') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDispatching(true)}
            data-testid="task-dispatch"
          >
            {t('tasks.dispatch')}
          </Button>
        )
      }
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          value={box}
          onChange={(v) => setBox(v as 'inbox' | 'sent')}
          options={[
            { value: 'inbox', label: t('tasks.inbox') },
            { value: 'sent', label: t('tasks.sent') },
          ]}
          data-testid="task-box"
        />
        {box === 'inbox' && (
          <Segmented
            value={state ?? 'all'}
            onChange={(v) => setState(v === 'all' ? undefined : (v as AssignmentState))}
            options={[
              { value: 'all', label: t('tasks.all') },
              ...(['pending', 'signed', 'returned', 'submitted', 'approved'] as const).map((s) => ({
                value: s,
                label: t(`tasks.states.${s}`),
              })),
            ]}
          />
        )}
      </Space>
      <Table<WorkItem>
        rowKey={(w) => `${w.taskId}-${w.assignmentId ?? 's'}`}
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        data-testid="tasks-table"
        locale={{ emptyText: t('tasks.none') }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'title',
            title: t('tasks.title'),
            render: (_, w) => (
              <Space>
                <Tag color={w.kind === 'notice' ? 'blue' : 'purple'}>{t(`tasks.kinds.${w.kind}`)}</Tag>
                <Link to={link(w)}>{w.title}</Link>
                {w.period && <Tag>{w.period}</Tag>}
              </Space>
            ),
          },
          { key: 'from', title: t('tasks.from'), render: (_, w) => w.from.name },
          {
            key: 'deadline',
            title: t('tasks.deadline'),
            render: (_, w) => (
              <Space>
                {w.deadline}
                {w.overdue && <Tag color="red">{t('tasks.overdue')}</Tag>}
              </Space>
            ),
          },
          box === 'inbox'
            ? {
                key: 'state',
                title: t('common.status'),
                render: (_, w) => (w.state ? <StateTag state={w.state} /> : null),
              }
            : {
                key: 'progress',
                title: t('tasks.progress'),
                render: (_, w) =>
                  w.progress && (
                    <span>
                      {w.progress.done} / {w.progress.total}{' '}
                      <Progress
                        percent={w.progress.total ? Math.round((w.progress.done / w.progress.total) * 100) : 0}
                        size="small"
                        style={{ width: 100 }}
                      />
                    </span>
                  ),
              },
        ]}
      />
      <DispatchDrawer open={dispatching} onClose={() => setDispatching(false)} />
    </Card>
  );
}
