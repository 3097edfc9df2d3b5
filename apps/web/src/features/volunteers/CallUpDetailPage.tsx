import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Descriptions, InputNumber, Space, Table, Tag } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { notifySuccess } from '../../app/notify';
import { useCallUp, useCallUpAction } from './volunteers.api';
import { formatDateTime, formatTime } from '../../app/time';

/** One call-up: the caller's own answer; for its org, who answered, and recording who came (their hours). */
export function CallUpDetailPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const id = Number(useParams().callUpId);
  const callUp = useCallUp(id);
  const act = useCallUpAction(id);
  const [came, setCame] = useState<Record<number, number | null>>({});
  const c = callUp.data;
  useEffect(() => {
    if (c) setCame(Object.fromEntries(c.invitees.filter((i) => i.response === 'accepted').map((i) => [i.id, 4])));
  }, [c]);
  if (!c) return <Card loading={callUp.isLoading} />;
  const open = c.state === 'open';
  const done = () => notifySuccess(t('common.saved'));
  return (
    <Card
      title={c.title}
      extra={<Tag color={open ? 'blue' : 'default'}>{t(`callUps.states.${c.state}`)}</Tag>}
      data-testid="callup-detail"
    >
      <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('volunteers.org')}>{c.org.name}</Descriptions.Item>
        <Descriptions.Item label={t('callUps.place')}>{c.place}</Descriptions.Item>
        <Descriptions.Item label={t('callUps.time')}>
          {formatDateTime(c.startsAt)} – {formatTime(c.endsAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('callUps.needed')}>{c.needed}</Descriptions.Item>
        {/* an invitee from below sees her own answer only, not the others' */}
        {c.canManage && <Descriptions.Item label={t('callUps.accepted')}>{c.accepted}</Descriptions.Item>}
        {c.canManage && <Descriptions.Item label={t('callUps.attended')}>{c.attended}</Descriptions.Item>}
        {c.description && <Descriptions.Item label={t('volunteers.description')}>{c.description}</Descriptions.Item>}
      </Descriptions>
      {c.myInvitation && (
        <Space style={{ marginBottom: 16 }}>
          {t('callUps.myAnswer')}: <Tag>{t(`callUps.responses.${c.myInvitation.response}`)}</Tag>
          {open && (
            <>
              <Button
                type="primary"
                data-testid="callup-accept"
                loading={act.isPending}
                onClick={() => act.mutate({ path: 'answer', body: { response: 'accepted' } }, { onSuccess: done })}
              >
                {t('callUps.accept')}
              </Button>
              <Button
                data-testid="callup-decline"
                loading={act.isPending}
                onClick={() => act.mutate({ path: 'answer', body: { response: 'declined' } }, { onSuccess: done })}
              >
                {t('callUps.decline')}
              </Button>
            </>
          )}
        </Space>
      )}
      {c.canManage && (
        <>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            title={() => t('callUps.invitees')}
            dataSource={c.invitees}
            data-testid="callup-invitees"
            columns={[
              { key: 'name', title: t('volunteers.person'), dataIndex: 'name' },
              {
                key: 'response',
                title: t('callUps.myAnswer'),
                render: (_, i) => t(`callUps.responses.${i.response}`),
              },
              {
                key: 'came',
                title: t('callUps.attended'),
                render: (_, i) =>
                  open ? (
                    <Space>
                      <Checkbox
                        checked={came[i.id] !== undefined && came[i.id] !== null}
                        onChange={(e) => setCame({ ...came, [i.id]: e.target.checked ? 4 : null })}
                      />
                      <InputNumber
                        size="small"
                        min={0.25}
                        max={24}
                        step={0.5}
                        disabled={came[i.id] === undefined || came[i.id] === null}
                        value={came[i.id] ?? undefined}
                        onChange={(v) => setCame({ ...came, [i.id]: v })}
                      />
                    </Space>
                  ) : i.attended ? (
                    `✓ ${i.hours ?? ''}h`
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
          {open && can('volunteer.write') && (
            <Space style={{ marginTop: 16 }}>
              <Button
                type="primary"
                data-testid="callup-attendance"
                loading={act.isPending}
                onClick={() =>
                  act.mutate(
                    {
                      path: 'attendance',
                      body: {
                        attended: Object.entries(came)
                          .filter(([, h]) => h !== null && h !== undefined)
                          .map(([inviteeId, hours]) => ({ inviteeId: Number(inviteeId), hours })),
                      },
                    },
                    { onSuccess: done },
                  )
                }
              >
                {t('callUps.recordAttendance')}
              </Button>
              <Button
                danger
                loading={act.isPending}
                onClick={() => act.mutate({ path: 'cancel' }, { onSuccess: done })}
              >
                {t('callUps.cancel')}
              </Button>
            </Space>
          )}
        </>
      )}
    </Card>
  );
}
