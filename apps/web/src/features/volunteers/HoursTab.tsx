import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { HoursInput, type HoursEntry } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { federationToday } from '../../app/time';
import { isoDate, submitParsed } from '../../app/forms';
import { useHours, useRecordHours, useVolunteerOrders, useVolunteers } from './volunteers.api';

/** The hours ledger of the subtree (or of one volunteer), and recording a service by hand or on an order. */
export function HoursTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const [volunteerId, setVolunteerId] = useState<number | undefined>();
  const [recording, setRecording] = useState(false);
  const volunteers = useVolunteers({}, acting?.id ?? null);
  const options = (volunteers.data?.pages.flatMap((p) => p.items) ?? []).map((v) => ({
    value: v.id,
    label: v.person.name,
  }));
  const ledger = useHours(volunteerId, acting?.id ?? null);
  const rows = ledger.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('volunteers.volunteers')}
          value={volunteerId}
          onChange={setVolunteerId}
          style={{ width: 220 }}
          options={options}
        />
        {can('volunteer.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="hours-record">
            {t('volunteers.recordHours')}
          </Button>
        )}
      </Space>
      <Table<HoursEntry>
        rowKey="id"
        size="small"
        pagination={false}
        loading={ledger.isLoading}
        dataSource={rows}
        data-testid="hours-table"
        locale={{ emptyText: t('volunteers.none') }}
        columns={[
          { key: 'day', title: t('volunteers.servedOn'), dataIndex: 'servedOn' },
          { key: 'who', title: t('volunteers.person'), render: (_, h) => h.volunteer.name },
          { key: 'hours', title: t('volunteers.hoursValue'), dataIndex: 'hours' },
          {
            key: 'source',
            title: t('volunteers.source'),
            render: (_, h) => <Tag>{t(`volunteers.sources.${h.source}`)}</Tag>,
          },
          { key: 'note', title: t('volunteers.note'), dataIndex: 'note' },
          { key: 'org', title: t('volunteers.org'), render: (_, h) => h.org.name },
          { key: 'by', title: t('volunteers.recordedBy'), dataIndex: 'recordedBy' },
        ]}
      />
      {ledger.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void ledger.fetchNextPage()} loading={ledger.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <RecordHoursModal open={recording} onClose={() => setRecording(false)} options={options} />
    </>
  );
}

interface Values {
  volunteerId?: number;
  servedOn?: Dayjs;
  hours?: number;
  demandId?: number;
  note?: string;
}

function RecordHoursModal(props: { open: boolean; onClose: () => void; options: { value: number; label: string }[] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const record = useRecordHours();
  const picked = Form.useWatch('volunteerId', form);
  const orders = useVolunteerOrders(picked ?? null);
  const submit = async () => {
    const v = await form.validateFields();
    submitParsed(
      form,
      HoursInput,
      {
        volunteerId: v.volunteerId,
        servedOn: isoDate(v.servedOn),
        hours: v.hours,
        demandId: v.demandId,
        note: v.note?.trim(),
      },
      record,
      () => {
        form.resetFields();
        props.onClose();
      },
    );
  };
  return (
    <Modal
      title={t('volunteers.recordHours')}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => void submit()}
      confirmLoading={record.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ servedOn: federationToday() }}>
        <Form.Item name="volunteerId" label={t('volunteers.person')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={props.options} />
        </Form.Item>
        <Form.Item name="demandId" label={t('volunteers.demandId')}>
          <Select
            allowClear
            options={(orders.data ?? []).map((o) => ({
              value: o.demandId,
              label: `#${o.demandId} ${o.title}${o.hoursRecorded ? ` ✓${o.hoursRecorded}h` : ''}`,
              disabled: o.hoursRecorded > 0,
            }))}
          />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="servedOn"
            label={t('volunteers.servedOn')}
            rules={[{ required: true }]}
            style={{ width: '50%' }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="hours"
            label={t('volunteers.hoursValue')}
            rules={[{ required: true }]}
            style={{ width: '50%' }}
          >
            <InputNumber min={0.25} max={24} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="note" label={t('volunteers.note')} rules={[{ required: true }]}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
