import { useState } from 'react';
import { Alert, Button, Card, Col, Row, Select, Table, Tag, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CalendarYear } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { federationToday } from '../../app/time';
import { useLocalize } from '../../i18n';
import { useCalendar, useCalendarDays } from './calendar.api';
import { LoadScheduleModal } from './LoadScheduleModal';

/** The holiday schedules behind every working-day deadline: which years are loaded, and each year's special days. */
export function CalendarPage() {
  const { t } = useTranslation();
  const localize = useLocalize();
  const { can } = useAuth();
  const overview = useCalendar();
  const [year, setYear] = useState(federationToday().year());
  const days = useCalendarDays(year);
  const [loading, setLoading] = useState(false);
  const special = (days.data?.items ?? []).filter((d) => d.name !== null);
  const o = overview.data;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Card
          title={
            <>
              <CalendarOutlined /> {t('calendar.title')}
            </>
          }
          extra={
            can('calendar.manage') && (
              <Button type="primary" onClick={() => setLoading(true)} data-testid="calendar-load">
                {t('calendar.load')}
              </Button>
            )
          }
        >
          {o?.warning && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message={localize(o.warning)}
              data-testid="calendar-warning"
            />
          )}
          {o && (
            <Typography.Paragraph>
              {t('calendar.today', { date: o.today })}{' '}
              <Tag color={o.todayIsWorkday ? 'blue' : 'green'}>
                {o.todayIsWorkday ? t('calendar.workday') : t('calendar.dayOff')}
              </Tag>
            </Typography.Paragraph>
          )}
          <Table<CalendarYear>
            rowKey="year"
            size="small"
            data-testid="calendar-years"
            loading={overview.isLoading}
            dataSource={o?.years ?? []}
            pagination={false}
            onRow={(r) => ({ onClick: () => setYear(r.year), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('calendar.year'), dataIndex: 'year', width: 80 },
              { title: t('calendar.holidays'), dataIndex: 'holidays', width: 80 },
              { title: t('calendar.workdays'), dataIndex: 'workdays', width: 100 },
              {
                title: t('calendar.origin'),
                dataIndex: 'origin',
                width: 120,
                render: (v: CalendarYear['origin'], r) => (
                  <Tag color={v === 'database' ? 'purple' : undefined}>
                    {t(`calendar.origins.${v}`)}
                    {r.loadedBy ? ` · ${r.loadedBy}` : ''}
                  </Tag>
                ),
              },
              { title: t('calendar.source'), dataIndex: 'source', ellipsis: true },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card
          title={t('calendar.specialDays')}
          extra={
            <Select
              value={year}
              onChange={setYear}
              options={(o?.years ?? []).map((y) => ({ value: y.year, label: y.year }))}
              style={{ width: 100 }}
              data-testid="calendar-year-select"
            />
          }
        >
          <Table
            rowKey="date"
            size="small"
            data-testid="calendar-days"
            loading={days.isLoading}
            dataSource={special}
            pagination={false}
            scroll={{ y: 480 }}
            columns={[
              { title: t('calendar.date'), dataIndex: 'date', width: 120 },
              { title: t('calendar.name'), dataIndex: 'name' },
              {
                title: '',
                dataIndex: 'workday',
                width: 90,
                render: (w: boolean) => (
                  <Tag color={w ? 'blue' : 'green'}>{w ? t('calendar.workday') : t('calendar.dayOff')}</Tag>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <LoadScheduleModal open={loading} onClose={() => setLoading(false)} />
    </Row>
  );
}
