import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { auditActionLabel } from '@jinguo/contracts';
import { formatDateTime } from '../../app/time';
import { useLang } from '../../i18n';
import { RoleTags } from '../accounts/RoleTags';
import { NotificationList } from '../notifications/NotificationList';
import { useUnreadCount } from '../notifications/notifications.api';
import { Figure, Figures, ShortList, WorkCard } from './WorkCard';
import { useLatestAuditEvents, usePendingGrants } from './workbench.api';

/** 授权审批: roles that read personal data, waiting for the security officer (the admin sees what she asked for). */
export function RoleGrantsCard() {
  const { t } = useTranslation();
  const grants = usePendingGrants();
  const items = grants.data?.items ?? [];
  return (
    <WorkCard
      name="role-grants"
      title={t('workbench.grants.title')}
      to="/users/role-grants"
      loading={grants.isLoading}
      error={grants.error}
    >
      <Figures>
        <Figure
          name="grants-pending"
          label={t('workbench.grants.pending')}
          count={{ n: items.length, capped: !!grants.data?.nextCursor }}
          to="/users/role-grants"
          alert
        />
      </Figures>
      <ShortList
        testId="wb-list-grants"
        rows={items.slice(0, 5)}
        empty={t('workbench.grants.empty')}
        render={(g) => ({
          key: g.id,
          to: '/users/role-grants',
          text: `${g.user.displayName}（${g.user.username}）`,
          extra: <RoleTags roles={g.roles} />,
        })}
      />
    </WorkCard>
  );
}

/** 审计日志: the latest events of the trail in her scope. */
export function AuditCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const events = useLatestAuditEvents();
  const items = events.data?.items ?? [];
  return (
    <WorkCard
      name="audit"
      title={t('workbench.audit.title')}
      to="/audit"
      loading={events.isLoading}
      error={events.error}
    >
      <ShortList
        testId="wb-list-audit"
        rows={items}
        empty={t('workbench.audit.empty')}
        render={(e) => ({
          key: e.id,
          to: '/audit',
          text: (
            <span data-testid={`wb-audit-${e.id}`}>
              {formatDateTime(e.at)} {e.actorDisplayName ?? e.actorName ?? '—'} ·{' '}
              {auditActionLabel(e.action, lang) ?? e.action}
            </span>
          ),
          extra: <Tag color={e.result === 'success' ? 'green' : 'red'}>{t(`audit.${e.result}`)}</Tag>,
        })}
      />
    </WorkCard>
  );
}

/** 消息通知: what is unread; opening one marks it read and goes to what it is about. */
export function NotificationsCard() {
  const { t } = useTranslation();
  const unread = useUnreadCount();
  return (
    <WorkCard
      name="notifications"
      title={t('workbench.notifications.title')}
      to="/notifications"
      loading={unread.isLoading}
      error={unread.error}
    >
      <Figures>
        <Figure
          name="notifications-unread"
          label={t('workbench.notifications.unread')}
          count={{ n: unread.data?.unread ?? 0, capped: false }}
          to="/notifications"
        />
      </Figures>
      <div style={{ maxHeight: 320, overflow: 'auto' }}>
        <NotificationList unreadOnly />
      </div>
    </WorkCard>
  );
}
