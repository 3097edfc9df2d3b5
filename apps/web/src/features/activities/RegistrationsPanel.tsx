import { Button, Card, Form, Input, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Activity, Registration } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { applyProblemToForm } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useRegisterFor, useRegistrations } from './activities.api';
import { formatDateTime } from '../../app/time';

/** Who registered (on /h5 or by a cadre), whether each came; a cadre registers someone while registration is open. */
export function RegistrationsPanel({ activity: a }: { activity: Activity }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const list = useRegistrations(a.id);
  const register = useRegisterFor(a.id);
  const [form] = Form.useForm<{ name: string; phone: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await register.mutateAsync({ name: v.name.trim(), phone: v.phone.trim() });
      notifySuccess(t('activities.done'));
      form.resetFields();
    } catch (e) {
      applyProblemToForm(form, e);
    }
  };
  return (
    <Card size="small">
      {can('activity.write') && (a.status === 'open' || a.status === 'planned') && (
        <Form form={form} layout="inline" style={{ marginBottom: 12 }}>
          <Form.Item name="name" rules={[{ required: true, max: 50 }]}>
            <Input placeholder={t('activities.name')} />
          </Form.Item>
          <Form.Item name="phone" rules={[{ required: true }]}>
            <Input placeholder={t('activities.phone')} inputMode="tel" maxLength={11} />
          </Form.Item>
          <Button onClick={() => void submit()} loading={register.isPending}>
            {t('activities.registerFor')}
          </Button>
        </Form>
      )}
      <Table<Registration>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { key: 'name', title: t('activities.name'), dataIndex: 'name' },
          { key: 'phone', title: t('activities.phone'), dataIndex: 'phone' },
          { key: 'person', title: t('activities.person'), render: (_, r) => r.person?.name ?? '—' },
          { key: 'source', title: t('activities.source'), render: (_, r) => t(`activities.sources.${r.source}`) },
          { key: 'at', title: t('activities.time'), render: (_, r) => formatDateTime(r.createdAt) },
          {
            key: 'came',
            title: t('activities.checkedIn'),
            render: (_, r) => (r.checkedIn ? <Tag color="green">{t('activities.checkedIn')}</Tag> : <Space>—</Space>),
          },
        ]}
      />
    </Card>
  );
}
