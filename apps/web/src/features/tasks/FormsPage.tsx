import { useState } from 'react';
import { Button, Card, Dropdown, Modal, Space, Table, Tag } from 'antd';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReportForm } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { FormBuilderDrawer, type BuilderStart } from './FormBuilderDrawer';
import { StateTag } from './StateTag';
import { useForms, usePeriods, useTemplates } from './tasks.api';

/** A periodic form's periods for the acting org: state and corrections of each (the history of corrections). */
function PeriodsModal({ form, onClose }: { form: ReportForm | null; onClose: () => void }) {
  const { t } = useTranslation();
  const periods = usePeriods(form?.id ?? 0, undefined);
  return (
    <Modal
      open={form !== null}
      onCancel={onClose}
      footer={null}
      title={`${t('tasks.periods')} · ${form?.name ?? ''}`}
      width={720}
    >
      <Table
        rowKey="taskId"
        size="small"
        pagination={false}
        dataSource={periods.data?.items ?? []}
        columns={[
          { key: 'p', title: t('tasks.period'), dataIndex: 'period' },
          { key: 'd', title: t('tasks.deadline'), dataIndex: 'deadline' },
          { key: 's', title: t('common.status'), render: (_, r) => (r.state ? <StateTag state={r.state} /> : '—') },
          { key: 'c', title: t('tasks.corrections'), dataIndex: 'corrections' },
          {
            key: 'x',
            title: '',
            render: (_, r) => (
              <Link to={r.assignmentId ? `/tasks/${r.taskId}/assignments/${r.assignmentId}` : `/tasks/${r.taskId}`}>
                {t('tasks.open')}
              </Link>
            ),
          },
        ]}
      />
    </Modal>
  );
}

/** 报表管理: the report forms of the subtree and above; build one (blank or from a template), see its periods. */
export function FormsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const forms = useForms();
  const templates = useTemplates();
  const [building, setBuilding] = useState<BuilderStart | null>(null);
  const [periodsOf, setPeriodsOf] = useState<ReportForm | null>(null);
  return (
    <Card
      title={t('tasks.forms')}
      extra={
        can('task.dispatch') && (
          <Space>
            <Dropdown
              menu={{
                items: (templates.data?.items ?? []).map((x) => ({ key: x.code, label: x.name })),
                onClick: ({ key }) => {
                  const x = templates.data?.items.find((i) => i.code === key);
                  if (x) setBuilding({ template: x });
                },
              }}
            >
              <Button data-testid="form-from-template">
                {t('tasks.fromTemplate')} <DownOutlined />
              </Button>
            </Dropdown>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setBuilding({})} data-testid="form-new">
              {t('tasks.newForm')}
            </Button>
          </Space>
        )
      }
    >
      <Table<ReportForm>
        rowKey="id"
        size="small"
        pagination={false}
        loading={forms.isLoading}
        dataSource={forms.data?.items ?? []}
        data-testid="forms-table"
        columns={[
          { key: 'name', title: t('tasks.formName'), dataIndex: 'name' },
          { key: 'org', title: t('tasks.from'), render: (_, f) => f.org.name },
          {
            key: 'p',
            title: t('tasks.periodicity'),
            render: (_, f) => <Tag>{t(`tasks.periodicities.${f.periodicity}`)}</Tag>,
          },
          { key: 'n', title: t('tasks.fields'), render: (_, f) => f.definition.fields.length },
          { key: 'v', title: t('tasks.version'), dataIndex: 'version' },
          {
            key: 'x',
            title: '',
            render: (_, f) => (
              <Space>
                {f.canEdit && <a onClick={() => setBuilding({ form: f })}>{t('tasks.editForm')}</a>}
                {f.periodicity !== 'once' && <a onClick={() => setPeriodsOf(f)}>{t('tasks.periods')}</a>}
              </Space>
            ),
          },
        ]}
      />
      <FormBuilderDrawer start={building} onClose={() => setBuilding(null)} />
      <PeriodsModal form={periodsOf} onClose={() => setPeriodsOf(null)} />
    </Card>
  );
}
