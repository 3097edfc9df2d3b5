import { useState } from 'react';
import { Button, Card, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Select, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CallUpInput, type CallUp, type CallUpListItem, type OrgSummary } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { parseWith, applyProblemToForm } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { OrgPicker } from '../organizations/OrgPicker';
import { useCallUps, useCreateCallUp, useTeams } from './volunteers.api';
import { formatDateTime, fromPickerValue } from '../../app/time';

const stateColor = { open: 'blue', closed: 'green', cancelled: 'default' } as const;

/** 动员下沉: the subtree's call-ups, or those the caller is asked to. */
export function CallUpsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const navigate = useNavigate();
  const [mine, setMine] = useState(!can('volunteer.read'));
  const [creating, setCreating] = useState(false);
  const list = useCallUps(mine, acting?.id ?? null);
  return (
    <Card
      title={t('callUps.menu')}
      extra={
        can('volunteer.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="callup-create">
            {t('callUps.create')}
          </Button>
        )
      }
    >
      {can('volunteer.read') && (
        <Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)} style={{ marginBottom: 12 }}>
          {t('callUps.mine')}
        </Checkbox>
      )}
      <Table<CallUpListItem>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={list.data ?? []}
        data-testid="callups-table"
        locale={{ emptyText: t('callUps.none') }}
        columns={[
          {
            key: 'title',
            title: t('callUps.title'),
            render: (_, c) => <Link to={`/call-ups/${c.id}`}>{c.title}</Link>,
          },
          { key: 'time', title: t('callUps.time'), render: (_, c) => formatDateTime(c.startsAt) },
          { key: 'place', title: t('callUps.place'), dataIndex: 'place' },
          { key: 'org', title: t('volunteers.org'), render: (_, c) => c.org.name },
          { key: 'needed', title: t('callUps.needed'), dataIndex: 'needed' },
          ...(can('volunteer.read')
            ? [
                { key: 'accepted', title: t('callUps.accepted'), dataIndex: 'accepted' },
                { key: 'attended', title: t('callUps.attended'), dataIndex: 'attended' },
              ]
            : []),
          {
            key: 'state',
            title: t('common.status'),
            render: (_, c) => <Tag color={stateColor[c.state]}>{t(`callUps.states.${c.state}`)}</Tag>,
          },
          {
            key: 'mine',
            title: t('callUps.myAnswer'),
            render: (_, c) => (c.myInvitation ? t(`callUps.responses.${c.myInvitation.response}`) : '—'),
          },
        ]}
      />
      {can('volunteer.write') && (
        <CreateCallUpDrawer
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(c) => navigate(`/call-ups/${c.id}`)}
        />
      )}
    </Card>
  );
}

interface Values {
  orgId?: number;
  title?: string;
  description?: string;
  place?: string;
  time?: [Dayjs, Dayjs];
  needed?: number;
  teamIds?: number[];
  userIds?: string;
}

function CreateCallUpDrawer(props: { open: boolean; onClose: () => void; onCreated: (c: CallUp) => void }) {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const [form] = Form.useForm<Values>();
  const teams = useTeams(undefined, acting?.id ?? null);
  const create = useCreateCallUp();
  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      CallUpInput,
      {
        orgId: v.orgId,
        title: v.title?.trim(),
        description: v.description?.trim() ?? '',
        place: v.place?.trim(),
        startsAt: v.time?.[0] ? fromPickerValue(v.time[0]) : undefined,
        endsAt: v.time?.[1] ? fromPickerValue(v.time[1]) : undefined,
        needed: v.needed,
        teamIds: v.teamIds ?? [],
        volunteerIds: [],
        userIds: (v.userIds ?? '')
          .split(/[,，\s]+/)
          .filter(Boolean)
          .map(Number),
      },
      form,
    );
    if (!input) return;
    create.mutate(input, {
      onSuccess: (c) => {
        notifySuccess(t('common.saved'));
        form.resetFields();
        props.onClose();
        props.onCreated(c);
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };
  return (
    <Drawer
      title={t('callUps.create')}
      open={props.open}
      onClose={props.onClose}
      width={520}
      destroyOnHidden
      extra={
        <Button type="primary" loading={create.isPending} onClick={() => void submit()} data-testid="callup-submit">
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ orgId: acting?.id, needed: 5 }}>
        <Form.Item name="orgId" label={t('volunteers.org')} rules={[{ required: true }]}>
          <OrgPicker initial={acting as OrgSummary | null} />
        </Form.Item>
        <Form.Item name="title" label={t('callUps.title')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('volunteers.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="place" label={t('callUps.place')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name={['time']} label={t('callUps.time')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="needed" label={t('callUps.needed')} rules={[{ required: true }]}>
          <InputNumber min={1} max={10000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="teamIds" label={t('callUps.teams')}>
          <Select
            mode="multiple"
            options={(teams.data ?? [])
              .filter((x) => x.status === 'active')
              .map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
        <Form.Item name="userIds" label={t('callUps.users')}>
          <Input placeholder="12, 15" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
