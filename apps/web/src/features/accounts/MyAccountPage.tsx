import { Card, Col, Descriptions, Row, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/auth';
import { OrgTypeTag } from '../organizations/OrgTypeTag';
import { ChangePasswordForm } from './ChangePasswordForm';
import { MySessionsCard } from './MySessionsCard';
import { SecondFactorCard } from './SecondFactorCard';
import { RoleTags } from './RoleTags';
import { notifySuccess } from '../../app/notify';
import { federationToday, formatDateTime } from '../../app/time';

export function MyAccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const expires = me.passwordExpiresOn ? dayjs(me.passwordExpiresOn) : null;
  const daysLeft = expires ? expires.startOf('day').diff(federationToday(), 'day') : null;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card title={t('account.profile')} data-testid="account-profile">
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('auth.username')}>{me.username}</Descriptions.Item>
            <Descriptions.Item label={t('users.displayName')}>{me.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('users.homeOrg')}>
              {me.homeOrg.name} <OrgTypeTag type={me.homeOrg.type} />
            </Descriptions.Item>
            <Descriptions.Item label={t('users.roles')}>
              <RoleTags roles={me.roles} />
            </Descriptions.Item>
            <Descriptions.Item label={t('users.lastLogin')}>
              {me.lastLoginAt ? formatDateTime(me.lastLoginAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('secondFactor.label')}>
              {t(`secondFactor.status.${me.secondFactor}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('account.passwordExpires')}>
              {expires ? (
                <Typography.Text type={daysLeft !== null && daysLeft <= 7 ? 'danger' : undefined}>
                  {expires.format('YYYY-MM-DD')} ({t('account.daysLeft', { count: daysLeft ?? 0 })})
                </Typography.Text>
              ) : (
                '—'
              )}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <SecondFactorCard />
        <MySessionsCard />
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('account.changePassword')}>
          <ChangePasswordForm username={me.username} onChanged={() => notifySuccess(t('account.passwordChanged'))} />
        </Card>
      </Col>
    </Row>
  );
}
