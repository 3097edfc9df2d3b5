import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Space, Statistic, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TrainingRecord } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { applyProblemToForm, isoDate } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { PersonPicker } from '../people/PersonPicker';
import { useRecordTraining, useTrainingSheet } from './activities.api';

/** 领头雁: a cadre's or 执委's training record — training activities attended and external trainings, with totals. */
export function TrainingRecordPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const personId = params.get('personId') ? Number(params.get('personId')) : null;
  const sheet = useTrainingSheet(personId);
  const record = useRecordTraining();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ title: string; provider: string; heldOn: Dayjs; hours?: number; credits?: number }>();
  const add = async () => {
    const v = await form.validateFields();
    try {
      await record.mutateAsync({
        personId: personId!,
        title: v.title.trim(),
        provider: v.provider.trim(),
        heldOn: isoDate(v.heldOn)!,
        hours: v.hours ?? null,
        credits: v.credits ?? null,
      });
      notifySuccess(t('activities.done'));
      setAdding(false);
      form.resetFields();
    } catch (e) {
      applyProblemToForm(form, e);
    }
  };
  return (
    <Card
      title={t('activities.trainings')}
      extra={
        <Space>
          <span>{t('activities.choosePerson')}</span>
          <div style={{ width: 240 }}>
            <PersonPicker
              value={personId ?? undefined}
              onChange={(id) => setParams(id ? { personId: String(id) } : {})}
              data-testid="training-person"
            />
          </div>
          {personId !== null && can('activity.write') && (
            <Button onClick={() => setAdding(true)}>{t('activities.recordTraining')}</Button>
          )}
        </Space>
      }
    >
      {sheet.data && (
        <>
          <Space size="large" style={{ marginBottom: 12 }}>
            <Statistic title={sheet.data.person.name} value=" " />
            <Statistic title={t('activities.totalHours')} value={sheet.data.totalHours} />
            <Statistic title={t('activities.totalCredits')} value={sheet.data.totalCredits} />
          </Space>
          <Table<TrainingRecord>
            rowKey={(r) => `${r.source}-${r.id}`}
            size="small"
            dataSource={sheet.data.items}
            pagination={false}
            columns={[
              { key: 'heldOn', title: t('activities.heldOn'), dataIndex: 'heldOn' },
              { key: 'title', title: t('activities.title'), dataIndex: 'title' },
              { key: 'provider', title: t('activities.provider'), dataIndex: 'provider' },
              { key: 'hours', title: t('activities.hours'), render: (_, r) => r.hours ?? '—' },
              { key: 'credits', title: t('activities.credits'), render: (_, r) => r.credits ?? '—' },
              {
                key: 'source',
                title: t('activities.source'),
                render: (_, r) => <Tag>{t(`activities.trainingSources.${r.source}`)}</Tag>,
              },
            ]}
          />
        </>
      )}
      <Modal
        open={adding}
        title={t('activities.recordTraining')}
        onCancel={() => setAdding(false)}
        onOk={() => void add()}
        confirmLoading={record.isPending}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="title" label={t('activities.title')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="provider" label={t('activities.provider')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="heldOn" label={t('activities.heldOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Space>
            <Form.Item name="hours" label={t('activities.hours')}>
              <InputNumber min={0} max={500} step={0.5} />
            </Form.Item>
            <Form.Item name="credits" label={t('activities.credits')}>
              <InputNumber min={0} max={100} step={0.5} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
