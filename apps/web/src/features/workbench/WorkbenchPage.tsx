import type { ReactNode } from 'react';
import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth, useMe } from '../../app/auth';
import { CasesDueCard, MyCasesCard, ReferralsCard } from './CaseCards';
import { AuditCard, NotificationsCard, RoleGrantsCard } from './OfficeCards';
import { DemandsCard, TasksCard, VisitsCard } from './WorkCards';

/**
 * 工作台: where everyone lands after signing in — her own work, one card for each kind her permissions give her
 * (a cadre's demands, tasks and visits; a case worker's cases and what is due on them; a partner agency's referrals;
 * the security officer's role grants; the auditor's latest events), and her unread notifications.
 */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const me = useMe();
  const acting = useActingOrg();
  const cards: [string, ReactNode][] = [];
  if (can('demand.read') || can('demand.handle')) cards.push(['demands', <DemandsCard />]);
  if (can('task.read')) cards.push(['tasks', <TasksCard />]);
  if (can('visit.read') || can('visit.record')) cards.push(['visits', <VisitsCard />]);
  if (can('case.read')) cards.push(['cases', <MyCasesCard />], ['cases-due', <CasesDueCard />]);
  if (can('case.referral.respond')) cards.push(['referrals', <ReferralsCard />]);
  if (can('security.manage') || can('user.manage')) cards.push(['grants', <RoleGrantsCard />]);
  if (can('audit.read')) cards.push(['audit', <AuditCard />]);
  cards.push(['notifications', <NotificationsCard />]);
  return (
    <div data-testid="workbench">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('workbench.greeting', { name: me.displayName })}
      </Typography.Title>
      {acting && (
        <Typography.Paragraph type="secondary" data-testid="workbench-org">
          {t('workbench.actingFor', { org: acting.name })}
        </Typography.Paragraph>
      )}
      <Row gutter={[16, 16]}>
        {cards.map(([key, card]) => (
          <Col key={key} xs={24} xl={12}>
            {card}
          </Col>
        ))}
      </Row>
    </div>
  );
}
