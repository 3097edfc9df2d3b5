import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Form, Input, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Activity, Attendance } from '@jinguo/contracts';
import { applyProblemToForm } from '../../app/forms';
import { notifyError, notifySuccess } from '../../app/notify';
import { downloadAttendance, useCheckInFor, useLive, useQr } from './activities.api';
import { formatDateTime, formatDateTimeSeconds } from '../../app/time';

/** The QR code for the room's screen, the live count (polled), who checked in, and a check-in at the desk. */
export function CheckInPanel({ activity: a, showQr }: { activity: Activity; showQr: boolean }) {
  const { t } = useTranslation();
  const qr = useQr(a.id, showQr);
  const live = useLive(a.id);
  const checkIn = useCheckInFor(a.id);
  const qc = useQueryClient();
  const liveAttended = live.data?.attended;
  // the first check-in marks the activity held: the page's own copy follows the live count
  useEffect(() => {
    if (liveAttended !== undefined && liveAttended !== a.attended)
      void qc.invalidateQueries({ queryKey: ['activities', 'detail', a.id] });
  }, [liveAttended, a.attended, a.id, qc]);
  const [form] = Form.useForm<{ name: string; phone: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await checkIn.mutateAsync({ name: v.name.trim(), phone: v.phone.trim() });
      notifySuccess(`${r.name} · ${t('activities.checkedIn')}`);
      form.resetFields();
    } catch (e) {
      applyProblemToForm(form, e);
    }
  };
  return (
    <Row gutter={16}>
      {showQr && (
        <Col xs={24} lg={8}>
          <Card title={t('activities.qr')} size="small">
            {qr.data && (
              <Space direction="vertical" align="center" style={{ width: '100%' }}>
                <img src={qr.data.image} alt={t('activities.qr')} width={260} height={260} data-testid="activity-qr" />
                <Typography.Text type="secondary">
                  {t('activities.qrHint', {
                    from: formatDateTime(qr.data.opensAt),
                    to: formatDateTime(qr.data.closesAt),
                  })}
                </Typography.Text>
                <a href={qr.data.url} target="_blank" rel="noreferrer" data-testid="activity-checkin-link">
                  {t('activities.openCheckIn')}
                </a>
                {a.status === 'open' && (
                  <Typography.Text copyable={{ text: `${new URL(qr.data.url).origin}/h5/activities/${a.id}` }}>
                    {t('activities.registrationLink')}
                  </Typography.Text>
                )}
              </Space>
            )}
          </Card>
          <Card title={t('activities.checkInFor')} size="small" style={{ marginTop: 12 }}>
            <Form form={form} layout="vertical">
              <Form.Item name="name" label={t('activities.name')} rules={[{ required: true, max: 50 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="phone" label={t('activities.phone')} rules={[{ required: true }]}>
                <Input inputMode="tel" maxLength={11} />
              </Form.Item>
              <Button type="primary" onClick={() => void submit()} loading={checkIn.isPending}>
                {t('activities.checkInFor')}
              </Button>
            </Form>
          </Card>
        </Col>
      )}
      <Col xs={24} lg={showQr ? 16 : 24}>
        <Card
          size="small"
          title={
            <Space size="large">
              <Statistic
                title={t('activities.attended')}
                value={live.data?.attended ?? a.attended}
                valueStyle={{ fontSize: 28 }}
              />
              <span data-testid="live-count" data-count={live.data?.attended ?? a.attended}>
                {t('activities.liveCount', { n: live.data?.attended ?? a.attended })}
              </span>
            </Space>
          }
          extra={
            <Button onClick={() => downloadAttendance(a.id, a.title).catch(notifyError)} data-testid="activity-export">
              {t('activities.export')}
            </Button>
          }
        >
          <Table<Attendance>
            rowKey="id"
            size="small"
            pagination={{ pageSize: 50 }}
            dataSource={[...(live.data?.items ?? [])].reverse()}
            data-testid="live-table"
            columns={[
              { key: 'name', title: t('activities.name'), dataIndex: 'name' },
              { key: 'phone', title: t('activities.phone'), dataIndex: 'phone' },
              {
                key: 'source',
                title: t('activities.source'),
                render: (_, r) => <Tag>{t(`activities.sources.${r.source}`)}</Tag>,
              },
              { key: 'person', title: t('activities.person'), render: (_, r) => r.person?.name ?? '—' },
              {
                key: 'at',
                title: t('activities.checkedInAt'),
                render: (_, r) => formatDateTimeSeconds(r.checkedInAt),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
