import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { ChecklistInput, type MemberProgress, type ProgressStatus } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { federationToday } from '../../app/time';
import { submitParsed } from '../../app/forms';
import { useLocalize } from '../../i18n';
import { StatusTag } from './DutyProgress';
import { ProjectsTable } from './MyDutiesPage';
import { useChecklist, useDutyKinds, useDutyTable, useProjects, useSaveChecklist } from './duties.api';

/** 履职进度: each 执委 of the subtree against the year's checklist, who is behind first; the checklist; led projects. */
export function DutyTablePage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const [year, setYear] = useState(federationToday().year());
  const [status, setStatus] = useState<ProgressStatus | undefined>();
  const [editing, setEditing] = useState(false);
  const table = useDutyTable(year, status, acting?.id ?? null);
  const projects = useProjects(year, acting?.id ?? null);
  const checklist = table.data?.checklist;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {t('duties.tableMenu')}
            {checklist && <Tag>{checklist.name}</Tag>}
            {table.data && table.data.behind > 0 && (
              <Tag color="red">{t('duties.behindCount', { n: table.data.behind })}</Tag>
            )}
          </Space>
        }
        extra={
          <Space>
            <DatePicker
              picker="year"
              allowClear={false}
              value={federationToday().year(year)}
              onChange={(v) => v && setYear(v.year())}
            />
            <Select
              allowClear
              placeholder={t('common.status')}
              value={status}
              onChange={setStatus}
              style={{ width: 120 }}
              options={(['behind', 'on_track', 'done'] as const).map((s) => ({
                value: s,
                label: t(`duties.status.${s}`),
              }))}
            />
            {can('duty.manage') && (
              <Button onClick={() => setEditing(true)} data-testid="checklist-edit">
                {t('duties.editChecklist')}
              </Button>
            )}
          </Space>
        }
      >
        {!checklist && !table.isLoading && (
          <Typography.Text type="secondary">{t('duties.noChecklist')}</Typography.Text>
        )}
        {checklist?.inherited && (
          <Typography.Paragraph type="secondary">
            {t('duties.inherited', { org: checklist.org.name })}
          </Typography.Paragraph>
        )}
        <Table<MemberProgress>
          rowKey={(m) => m.user.id}
          size="small"
          pagination={false}
          loading={table.isLoading}
          dataSource={table.data?.members ?? []}
          data-testid="duty-table"
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'member', title: t('duties.member'), render: (_, m) => m.user.displayName },
            { key: 'org', title: t('volunteers.org'), render: (_, m) => m.org.name },
            ...(checklist?.items ?? []).map((item) => ({
              key: item.kind,
              title: item.label,
              render: (_: unknown, m: MemberProgress) => {
                const p = m.items.find((x) => x.kind === item.kind);
                return p ? (
                  <span style={{ color: p.status === 'behind' ? '#cf1322' : undefined }}>
                    {p.done}/{p.target}
                  </span>
                ) : (
                  '—'
                );
              },
            })),
            { key: 'done', title: t('duties.itemsDone'), dataIndex: 'itemsDone' },
            { key: 'status', title: t('common.status'), render: (_, m) => <StatusTag status={m.status} /> },
          ]}
        />
      </Card>
      <Card title={t('duties.projects')}>
        <ProjectsTable projects={projects.data ?? []} withLeader />
      </Card>
      <ChecklistDrawer open={editing} year={year} onClose={() => setEditing(false)} />
    </Space>
  );
}

function ChecklistDrawer({ open, year, onClose }: { open: boolean; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg();
  const kinds = useDutyKinds();
  const current = useChecklist(year, acting?.id ?? null);
  const save = useSaveChecklist();
  const [form] = Form.useForm<{ name?: string; items?: { kind?: string; label?: string; target?: number }[] }>();
  const initial = current.data
    ? {
        name: current.data.name,
        items: current.data.items.map((i) => ({ kind: i.kind, label: i.label, target: i.target })),
      }
    : { name: '七个一', items: [{}] };
  const submit = async () => {
    const v = await form.validateFields();
    submitParsed(
      form,
      ChecklistInput,
      {
        orgId: acting?.id,
        year,
        name: v.name?.trim(),
        items: (v.items ?? []).map((i) => ({ ...i, label: i.label?.trim() })),
      },
      save,
      onClose,
    );
  };
  return (
    <Drawer
      title={`${t('duties.checklist')} ${year}`}
      open={open}
      onClose={onClose}
      width={640}
      destroyOnHidden
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="checklist-submit">
          {t('common.save')}
        </Button>
      }
    >
      {!current.isLoading && (
        <Form form={form} layout="vertical" initialValues={initial}>
          <Form.Item name="name" label={t('duties.name')} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                      <Select
                        placeholder={t('duties.kind')}
                        style={{ width: 170 }}
                        options={(kinds.data ?? []).map((k) => ({ value: k.code, label: l(k.label) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'label']} rules={[{ required: true }]}>
                      <Input placeholder={t('duties.item')} maxLength={100} style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'target']} rules={[{ required: true }]}>
                      <InputNumber min={1} placeholder={t('duties.target')} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      {t('common.delete')}
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" block onClick={() => add({})}>
                  {t('duties.addItem')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      )}
    </Drawer>
  );
}
