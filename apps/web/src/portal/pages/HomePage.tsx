import { useState } from 'react';
import { Alert, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useT } from '../i18n';
import { PlacePicker } from '../PlacePicker';
import { useCatalogue, useMe, useSignOut, useUpdateMe } from '../portal.api';
import { NearbyActivities } from './NearbyActivities';

const WEEKDAYS = {
  'zh-CN': ['', '一', '二', '三', '四', '五', '六', '日'],
  'en-US': ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** Her village's and town's services; first, where she lives. */
export function HomePage() {
  const { t, lang } = useT();
  const navigate = useNavigate();
  const me = useMe();
  const signOut = useSignOut();
  const update = useUpdateMe();
  const [choosing, setChoosing] = useState(false);
  const [village, setVillage] = useState<number | null>(null);
  const catalogue = useCatalogue(!!me.data?.village);
  if (me.isLoading) return null;
  if (!me.data) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Card>
          <Typography.Paragraph>{t('signInIntro')}</Typography.Paragraph>
          <Button type="primary" block onClick={() => navigate('/login')} data-testid="portal-go-login">
            {t('signIn')}
          </Button>
        </Card>
        <Card>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button block danger onClick={() => navigate('/help')}>
              {t('helpTitle')}
            </Button>
            <Button block onClick={() => navigate('/track')}>
              {t('track')}
            </Button>
          </Space>
        </Card>
        <Alert type="info" showIcon message={t('emergency')} />
      </Space>
    );
  }
  const hours = (h: { days: number[]; from: string; to: string }[]) =>
    h
      .map(
        (x) =>
          `${lang === 'zh-CN' ? '周' : ''}${x.days.map((d) => WEEKDAYS[lang][d]).join(lang === 'zh-CN' ? '、' : ', ')} ${x.from}–${x.to}`,
      )
      .join('；');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        extra={
          <Button type="link" onClick={() => signOut.mutate()}>
            {t('signOut')}
          </Button>
        }
        title={`${me.data.nickname ?? ''} ${me.data.phone}`}
      >
        {me.data.village && !choosing ? (
          <Space>
            <span data-testid="portal-place">
              {t('myPlace')}：{me.data.town?.name} {me.data.village.name}
            </span>
            <Button type="link" size="small" onClick={() => setChoosing(true)}>
              {t('change')}
            </Button>
          </Space>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>{t('chooseVillage')}</Typography.Text>
            <PlacePicker onChange={setVillage} />
            <Button
              type="primary"
              block
              disabled={village === null}
              loading={update.isPending}
              data-testid="place-save"
              onClick={() => update.mutate({ villageId: village }, { onSuccess: () => setChoosing(false) })}
            >
              {t('save')}
            </Button>
          </Space>
        )}
      </Card>
      {me.data.village && <NearbyActivities />}
      {me.data.village && (
        <Card title={t('services')} size="small">
          <List
            data-testid="portal-catalogue"
            loading={catalogue.isLoading}
            dataSource={catalogue.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('noServices')} /> }}
            renderItem={(i) => (
              <List.Item
                data-service-id={i.id}
                actions={[
                  i.full ? (
                    <Tag key="f">{t('full')}</Tag>
                  ) : (
                    <Link key="o" to={`/order/${i.id}`} data-testid={`order-${i.id}`}>
                      <Button type="primary" size="small">
                        {t('order')}
                      </Button>
                    </Link>
                  ),
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      {i.name}
                      <Tag color="pink">{i.org.name}</Tag>
                    </Space>
                  }
                  description={
                    <>
                      <div>{i.description}</div>
                      {i.openingHours.length > 0 && (
                        <div style={{ fontSize: 12 }}>
                          {t('openingHours')}：{hours(i.openingHours)}
                        </div>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Alert type="info" showIcon message={t('emergency')} />
    </Space>
  );
}
