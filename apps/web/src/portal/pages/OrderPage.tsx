import { Alert, Button, Card, DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useT } from '../i18n';
import { PortalError, useCatalogue, useMe, useOrder } from '../portal.api';

/** 点单: one service, what she needs, an optional preferred day (checked against the opening days). */
export function OrderPage() {
  const { t, l } = useT();
  const navigate = useNavigate();
  const itemId = Number(useParams().itemId);
  const me = useMe();
  const catalogue = useCatalogue(!!me.data?.village);
  const order = useOrder();
  const [form] = Form.useForm<{ description: string; preferredDate?: Dayjs | null }>();
  if (me.isLoading) return null;
  if (!me.data) return <Navigate to={`/login?next=/order/${itemId}`} replace />;
  const item = catalogue.data?.items.find((i) => i.id === itemId);
  const submit = async () => {
    const v = await form.validateFields();
    order.mutate(
      {
        serviceItemId: itemId,
        description: v.description.trim(),
        preferredDate: v.preferredDate ? v.preferredDate.format('YYYY-MM-DD') : null,
      },
      {
        onSuccess: (d) => void navigate(`/requests/${d.id}`, { replace: true }),
      },
    );
  };
  return (
    <Card title={`${t('orderTitle')}${item ? `：${item.name}` : ''}`}>
      {item && (
        <p style={{ color: '#555' }}>
          {item.description}
          {item.provider && (
            <>
              <br />
              {t('provider')}：{item.provider}
            </>
          )}
          {item.place && (
            <>
              <br />
              {t('place')}：{item.place}
            </>
          )}
        </p>
      )}
      <Form form={form} layout="vertical" data-testid="portal-order-form">
        <Form.Item name="description" label={t('orderDescription')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid="portal-order-description" />
        </Form.Item>
        <Form.Item name="preferredDate" label={t('preferredDate')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        {order.error instanceof PortalError && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} message={l(order.error.problem.message)} />
        )}
        <Button
          type="primary"
          block
          onClick={() => void submit()}
          loading={order.isPending}
          data-testid="portal-order-submit"
        >
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}
