import { Alert, Button, Card, Form, Input, Result } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { useT } from '../i18n';
import { PortalError, useMe } from '../portal.api';
import { useCheckIn, usePublicActivity } from '../activities.api';
import { formatDateTime } from '../../app/time';

const when = (iso: string) => formatDateTime(iso);

/**
 * The page a QR code opens: a signed-in resident checks in with one tap; a walk-in gives her name and phone. The token
 * in the link is what the server checks (signed, bound to this activity, expiring).
 */
export function CheckInPage() {
  const { t, l } = useT();
  const id = Number(useParams().activityId);
  const [params] = useSearchParams();
  const token = params.get('t') ?? '';
  const me = useMe();
  const activity = usePublicActivity(id);
  const checkIn = useCheckIn(id);
  const [form] = Form.useForm<{ name: string; phone: string }>();
  const a = activity.data;
  if (checkIn.data)
    return (
      <Result
        status="success"
        title={checkIn.data.created ? t('checkedIn') : t('alreadyCheckedIn')}
        subTitle={`${checkIn.data.title} · ${checkIn.data.name}`}
        data-testid="portal-checked-in"
      />
    );
  const submitWalkIn = async () => {
    const v = await form.validateFields();
    checkIn.mutate({ token, name: v.name.trim(), phone: v.phone.trim() });
  };
  return (
    <Card title={a ? a.title : t('checkInTitle')} loading={activity.isLoading || me.isLoading}>
      {a && (
        <p style={{ color: '#555' }}>
          {a.place}
          <br />
          {t('checkInWindow', { from: when(a.checkInOpensAt), to: when(a.checkInClosesAt) })}
        </p>
      )}
      {a?.mine?.checkedIn && <Alert type="success" showIcon message={t('alreadyCheckedIn')} />}
      {checkIn.error instanceof PortalError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={l(checkIn.error.problem.message)}
          data-testid="portal-checkin-error"
        />
      )}
      {me.data ? (
        <Button
          type="primary"
          block
          size="large"
          loading={checkIn.isPending}
          onClick={() => checkIn.mutate({ token })}
          data-testid="portal-checkin"
        >
          {t('checkInAs', { name: me.data.nickname ?? me.data.phone })}
        </Button>
      ) : (
        <Form form={form} layout="vertical" data-testid="portal-walkin-form">
          <p>{t('walkIn')}</p>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true, max: 50 }]}>
            <Input data-testid="portal-walkin-name" />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('phone')}
            rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('phoneRule') }]}
          >
            <Input inputMode="tel" maxLength={11} data-testid="portal-walkin-phone" />
          </Form.Item>
          <Button
            type="primary"
            block
            loading={checkIn.isPending}
            onClick={() => void submitWalkIn()}
            data-testid="portal-checkin"
          >
            {t('checkIn')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
