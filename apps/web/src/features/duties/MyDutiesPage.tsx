import { useState } from 'react';
import { Button, Card, DatePicker, Empty, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ProjectInput, type DutyProject } from '@jinguo/contracts';
import { useMe } from '../../app/auth';
import { federationToday } from '../../app/time';
import { isoDate, submitParsed } from '../../app/forms';
import { DutyProgress, StatusTag } from './DutyProgress';
import { useCreateProject, useMyDuties } from './duties.api';

/** 我的履职: an executive member's checklist of the year, counted from her records, and the projects she leads. */
export function MyDutiesPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(federationToday().year());
  const [adding, setAdding] = useState(false);
  const mine = useMyDuties(year);
  const d = mine.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {t('duties.myMenu')}
            {d?.checklist && <Tag>{d.checklist.name}</Tag>}
            {d?.progress && <StatusTag status={d.progress.status} />}
          </Space>
        }
        extra={
          <DatePicker
            picker="year"
            allowClear={false}
            value={federationToday().year(year)}
            onChange={(v) => v && setYear(v.year())}
          />
        }
        loading={mine.isLoading}
        data-testid="my-duties"
      >
        {d?.progress ? (
          <>
            {d.checklist?.inherited && (
              <Typography.Paragraph type="secondary">
                {t('duties.inherited', { org: d.checklist.org.name })}
              </Typography.Paragraph>
            )}
            <DutyProgress progress={d.progress} />
          </>
        ) : (
          <Empty description={t('duties.noChecklist')} />
        )}
      </Card>
      <Card
        title={t('duties.projects')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="project-create">
            {t('duties.newProject')}
          </Button>
        }
      >
        <ProjectsTable projects={d?.projects ?? []} />
      </Card>
      <ProjectModal open={adding} onClose={() => setAdding(false)} />
    </Space>
  );
}

export function ProjectsTable({ projects, withLeader = false }: { projects: DutyProject[]; withLeader?: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<DutyProject>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={projects}
      columns={[
        { key: 'name', title: t('duties.projectName'), dataIndex: 'name' },
        ...(withLeader
          ? [{ key: 'leader', title: t('duties.leader'), render: (_: unknown, p: DutyProject) => p.leader.displayName }]
          : []),
        { key: 'org', title: t('volunteers.org'), render: (_, p) => p.org.name },
        { key: 'start', title: t('duties.startedOn'), dataIndex: 'startedOn' },
        { key: 'served', title: t('duties.peopleServed'), dataIndex: 'peopleServed' },
        {
          key: 'status',
          title: t('common.status'),
          render: (_, p) => <Tag color={p.status === 'ongoing' ? 'blue' : 'green'}>{t(`duties.${p.status}`)}</Tag>,
        },
      ]}
    />
  );
}

function ProjectModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<{ name?: string; description?: string; startedOn?: Dayjs; peopleServed?: number }>();
  const create = useCreateProject();
  const submit = async () => {
    const v = await form.validateFields();
    submitParsed(
      form,
      ProjectInput,
      {
        orgId: me.homeOrg.id,
        name: v.name?.trim(),
        description: v.description?.trim() ?? '',
        startedOn: isoDate(v.startedOn),
        peopleServed: v.peopleServed ?? 0,
      },
      create,
      () => {
        form.resetFields();
        onClose();
      },
    );
  };
  return (
    <Modal
      title={t('duties.newProject')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ startedOn: federationToday(), peopleServed: 0 }}>
        <Form.Item name="name" label={t('duties.projectName')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('volunteers.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="startedOn" label={t('duties.startedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="peopleServed" label={t('duties.peopleServed')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
