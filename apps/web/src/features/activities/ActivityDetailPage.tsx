import { Card, Descriptions, Image, Space, Tabs, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_KINDS, ACTIVITY_STATUS_LABELS } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { useLocalize } from '../../i18n';
import { ActivityActions } from './ActivityActions';
import { STATUS_COLORS } from './ActivitiesPage';
import { useActivity } from './activities.api';
import { AttendanceImportPanel } from './AttendanceImportPanel';
import { CheckInPanel } from './CheckInPanel';
import { RegistrationsPanel } from './RegistrationsPanel';
import { formatDateTime, formatTime } from '../../app/time';

/** One activity: its plan, its state actions, the QR code with live check-ins, registrations, summary and import. */
export function ActivityDetailPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const id = Number(useParams().activityId);
  const { data: a } = useActivity(id);
  if (!a) return <Card loading />;
  const writable = can('activity.write');
  const checkInOpen = a.status !== 'cancelled' && a.status !== 'summarised';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <span data-testid="activity-heading">{a.title}</span>
            <Tag color={STATUS_COLORS[a.status]} data-testid="activity-status">
              {l(ACTIVITY_STATUS_LABELS[a.status])}
            </Tag>
          </Space>
        }
        extra={writable && <ActivityActions activity={a} />}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('activities.kind')}>{l(ACTIVITY_KINDS[a.kind])}</Descriptions.Item>
          <Descriptions.Item label={t('activities.org')}>{a.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('activities.time')}>
            {formatDateTime(a.startsAt)} – {formatTime(a.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('activities.place')}>
            {[a.space?.name, a.address].filter(Boolean).join(' · ')}
            {a.space?.openingHours ? `（${t('activities.openingHours')}：${a.space.openingHours}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('activities.topic')}>{a.topic || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('activities.audience')}>{a.audience || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('activities.organiser')}>{a.organiser}</Descriptions.Item>
          <Descriptions.Item label={t('activities.speakers')}>
            {[...a.speakers, ...a.speakerPersons.map((p) => p.name)].join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('activities.partners')}>
            {[...a.partnerOrgs.map((o) => o.name), a.partners].filter(Boolean).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('activities.capacity')}>
            {a.capacity ?? t('activities.unlimited')}
          </Descriptions.Item>
          <Descriptions.Item label={t('activities.budget')}>{a.budgetYuan ?? '—'}</Descriptions.Item>
          {a.kind === 'training' && (
            <Descriptions.Item label={`${t('activities.hours')} / ${t('activities.credits')}`}>
              {a.hours ?? '—'} / {a.credits ?? '—'}
            </Descriptions.Item>
          )}
          {a.kind === 'job_fair' && (
            <Descriptions.Item label={t('activities.postsOffered')}>{a.postsOffered ?? '—'}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('activities.registered')}>{a.registered}</Descriptions.Item>
          <Descriptions.Item label={t('activities.attended')}>
            <span data-testid="activity-attended">{a.attended}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('activities.reached')}>{a.reached}</Descriptions.Item>
          {a.cancelReason && (
            <Descriptions.Item label={t('activities.cancelReason')}>{a.cancelReason}</Descriptions.Item>
          )}
        </Descriptions>
        {a.summary && (
          <>
            <Typography.Title level={5}>{t('activities.summary')}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.summary}</Typography.Paragraph>
          </>
        )}
        {a.photos.length > 0 && (
          <Image.PreviewGroup>
            <Space wrap>
              {a.photos.map((p) => (
                <Image key={p.id} width={120} src={`/api/v1/activities/${a.id}/photos/${p.id}`} alt={p.name} />
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
      </Card>
      <Tabs
        items={[
          {
            key: 'checkin',
            label: t('activities.live'),
            children: <CheckInPanel activity={a} showQr={writable && checkInOpen} />,
          },
          { key: 'registrations', label: t('activities.registrations'), children: <RegistrationsPanel activity={a} /> },
          ...(writable && a.status !== 'cancelled'
            ? [{ key: 'import', label: t('activities.import'), children: <AttendanceImportPanel activity={a} /> }]
            : []),
        ]}
      />
    </Space>
  );
}
