import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OrgSummary } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { federationToday } from '../../app/time';
import { isoDate } from '../../app/forms';
import { notifyError } from '../../app/notify';
import { OrgPicker } from '../organizations/OrgPicker';
import { PersonPicker } from '../people/PersonPicker';
import { useDeliveries, useParcelActions, useParcelBatches, usePrograms } from './care-programs.api';

/** 母亲邮包: batches with each org's allocation; pass parcels down, deliver to verified mothers, record 回音卡. */
export function ParcelsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const batches = useParcelBatches(acting?.id ?? null);
  const programs = usePrograms(acting?.id ?? null);
  const actions = useParcelActions();
  const [selected, setSelected] = useState<number | null>(null);
  const deliveries = useDeliveries(selected);
  const [modal, setModal] = useState<'batch' | 'allocate' | 'deliver' | { feedback: number } | null>(null);
  const [form] = Form.useForm<{
    programId?: number;
    name?: string;
    tier?: 100 | 200;
    quantity?: number;
    orgId?: number;
    personId?: number;
    on?: Dayjs;
    satisfaction?: string;
    message?: string;
  }>();
  const open = (m: typeof modal) => {
    form.resetFields();
    form.setFieldsValue({
      on: federationToday(),
      tier: 100,
      satisfaction: 'satisfied',
      orgId: m === 'batch' ? acting?.id : undefined,
    });
    setModal(m);
  };
  const ok = async () => {
    const v = await form.validateFields();
    const done = { onSuccess: () => setModal(null), onError: notifyError };
    if (modal === 'batch')
      actions.create.mutate(
        { programId: v.programId!, orgId: v.orgId!, name: v.name!, tier: v.tier!, quantity: v.quantity! },
        done,
      );
    else if (modal === 'allocate')
      actions.allocate.mutate({ batchId: selected!, orgId: v.orgId!, quantity: v.quantity! }, done);
    else if (modal === 'deliver')
      actions.deliver.mutate({ batchId: selected!, personId: v.personId!, deliveredOn: isoDate(v.on) ?? '' }, done);
    else if (modal)
      actions.feedback.mutate(
        {
          deliveryId: modal.feedback,
          receivedOn: isoDate(v.on) ?? '',
          satisfaction: v.satisfaction!,
          message: v.message ?? '',
        },
        done,
      );
  };
  const batch = batches.data?.find((b) => b.id === selected);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={t('care.parcels')}
        extra={
          can('care.manage') && (
            <Button type="primary" onClick={() => open('batch')}>
              {t('care.newBatch')}
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={batches.isLoading}
          dataSource={batches.data ?? []}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: selected ? [selected] : [],
            onChange: (keys) => setSelected(Number(keys[0])),
          }}
          columns={[
            { key: 'name', title: t('care.name'), dataIndex: 'name' },
            { key: 'program', title: t('care.program'), render: (_, b) => b.program.name },
            { key: 'tier', title: t('care.tier'), dataIndex: 'tier' },
            { key: 'quantity', title: t('care.quantity'), dataIndex: 'quantity' },
            { key: 'org', title: t('demands.org'), render: (_, b) => b.org.name },
          ]}
        />
      </Card>
      {batch && (
        <Card
          title={`${batch.name} · ${t('care.allocations')}`}
          extra={
            <Space>
              {can('care.manage') && <Button onClick={() => open('allocate')}>{t('care.allocate')}</Button>}
              <Button type="primary" onClick={() => open('deliver')}>
                {t('care.deliver')}
              </Button>
            </Space>
          }
        >
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={batch.allocations}
            columns={[
              { key: 'org', title: t('demands.org'), render: (_, a) => a.org.name },
              { key: 'q', title: t('care.quantity'), dataIndex: 'quantity' },
              { key: 'down', title: t('care.allocatedDown'), dataIndex: 'allocatedDown' },
              { key: 'd', title: t('care.delivered'), dataIndex: 'delivered' },
              { key: 'f', title: t('care.feedback'), dataIndex: 'feedback' },
            ]}
          />
          <Table
            style={{ marginTop: 16 }}
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={deliveries.data ?? []}
            columns={[
              { key: 'p', title: t('care.person'), render: (_, d) => d.person.name },
              { key: 'on', title: t('care.deliveredOn'), dataIndex: 'deliveredOn' },
              { key: 'by', title: t('care.verified'), dataIndex: 'verifiedBy' },
              {
                key: 'f',
                title: t('care.feedback'),
                render: (_, d) =>
                  d.feedback ? (
                    `${t(`care.satisfactions.${d.feedback.satisfaction}`)}：${d.feedback.message}`
                  ) : (
                    <Button size="small" onClick={() => open({ feedback: d.id })}>
                      {t('care.recordFeedback')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      <Modal
        open={modal !== null}
        onCancel={() => setModal(null)}
        onOk={() => void ok()}
        title={
          modal === 'batch'
            ? t('care.newBatch')
            : modal === 'allocate'
              ? t('care.allocate')
              : modal === 'deliver'
                ? t('care.deliver')
                : t('care.recordFeedback')
        }
      >
        <Form form={form} layout="vertical">
          {modal === 'batch' && (
            <>
              <Form.Item name="programId" label={t('care.program')} rules={[{ required: true }]}>
                <Select
                  options={(programs.data ?? [])
                    .filter((p) => p.kind === 'parcel')
                    .map((p) => ({ value: p.id, label: p.name }))}
                />
              </Form.Item>
              <Form.Item name="name" label={t('care.name')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="tier" label={t('care.tier')}>
                <Select
                  options={[
                    { value: 100, label: '100' },
                    { value: 200, label: '200' },
                  ]}
                />
              </Form.Item>
            </>
          )}
          {(modal === 'batch' || modal === 'allocate') && (
            <>
              <Form.Item name="orgId" label={t('demands.org')} rules={[{ required: true }]}>
                <OrgPicker initial={modal === 'batch' ? (acting as OrgSummary | null) : null} />
              </Form.Item>
              <Form.Item name="quantity" label={t('care.quantity')} rules={[{ required: true }]}>
                <InputNumber min={1} />
              </Form.Item>
            </>
          )}
          {modal === 'deliver' && (
            <Form.Item name="personId" label={t('care.person')} rules={[{ required: true }]} extra={t('care.verified')}>
              <PersonPicker />
            </Form.Item>
          )}
          {modal !== null && modal !== 'batch' && modal !== 'allocate' && (
            <Form.Item
              name="on"
              label={modal === 'deliver' ? t('care.deliveredOn') : t('care.receivedOn')}
              rules={[{ required: true }]}
            >
              <DatePicker />
            </Form.Item>
          )}
          {typeof modal === 'object' && modal !== null && (
            <>
              <Form.Item name="satisfaction" label={t('care.satisfaction')}>
                <Select
                  options={(['satisfied', 'fair', 'unsatisfied'] as const).map((s) => ({
                    value: s,
                    label: t(`care.satisfactions.${s}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="message" label={t('care.message')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
