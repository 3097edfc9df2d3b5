import { Alert, Button, Card, Descriptions, Result } from 'antd';
import { Link, useParams } from 'react-router';
import { ACTIVITY_KINDS } from '@jinguo/contracts';
import { useT } from '../i18n';
import { PortalError, useMe } from '../portal.api';
import { usePublicActivity, useRegister } from '../activities.api';
import { formatDateTime, formatTime } from '../../app/time';

const when = (iso: string) => formatDateTime(iso);

/** An activity open for registration: what, when, where; register in one tap once signed in. */
export function ActivityPage() {
  const { t, l } = useT();
  const id = Number(useParams().activityId);
  const me = useMe();
  const activity = usePublicActivity(id);
  const register = useRegister(id);
  if (activity.error instanceof PortalError) return <Result status="404" title={l(activity.error.problem.message)} />;
  const a = activity.data;
  if (!a) return <Card loading />;
  return (
    <Card title={a.title} data-testid="portal-activity">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('activity')}>{l(ACTIVITY_KINDS[a.kind])}</Descriptions.Item>
        <Descriptions.Item label={t('activityTime')}>
          {when(a.startsAt)} – {formatTime(a.endsAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('activityPlace')}>{a.place}</Descriptions.Item>
        <Descriptions.Item label={t('activityOrg')}>{a.org}</Descriptions.Item>
        {a.capacity !== null && (
          <Descriptions.Item label={t('registered')}>
            {t('activitySeats', { n: a.registered, cap: a.capacity })}
          </Descriptions.Item>
        )}
      </Descriptions>
      {a.topic && <p style={{ color: '#555' }}>{a.topic}</p>}
      {register.error instanceof PortalError && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={l(register.error.problem.message)} />
      )}
      {a.mine?.registered ? (
        <Alert type="success" showIcon message={t('registered')} data-testid="portal-registered" />
      ) : a.status === 'open' ? (
        me.data ? (
          <Button
            type="primary"
            block
            loading={register.isPending}
            onClick={() => register.mutate()}
            data-testid="portal-register"
          >
            {t('register')}
          </Button>
        ) : (
          <Link to={`/login?next=/activities/${id}`}>
            <Button type="primary" block>
              {t('registerSignIn')}
            </Button>
          </Link>
        )
      ) : null}
    </Card>
  );
}
