import { Alert, Card, Col, Result, Row, Space, Typography } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { AttachmentsCard } from './AttachmentsCard';
import { CaseActionBar } from './CaseActionBar';
import { CaseExistenceView } from './CaseExistenceView';
import { CaseHistoryCard } from './CaseHistoryCard';
import { CaseOverviewCard } from './CaseOverviewCard';
import { CaseTags } from './CaseTags';
import { FollowUpsCard } from './FollowUpsCard';
import { InstrumentsCard } from './InstrumentsCard';
import { MediationCard } from './MediationCard';
import { ReferralsCard } from './ReferralsCard';
import { SafetyPlanCard } from './SafetyPlanCard';
import { ServicesCard } from './ServicesCard';
import { useCase } from './cases.api';
import { formatDateTime } from '../../app/time';

/**
 * One case: for the entitled the whole record and the actions allowed now; for others in the subtree, existence only.
 */
export function CaseDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().caseId);
  const c = useCase(id);
  if (c.error instanceof ApiError && c.error.code === 'CASE_ACCESS_DENIED') return <CaseExistenceView id={id} />;
  if (c.error instanceof ApiError)
    return <Result status={c.error.status === 404 ? '404' : 'error'} title={c.error.problem.message['zh-CN']} />;
  const v = c.data;
  if (!v) return <Card loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="case-page" data-case-id={v.id}>
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-no">
              {v.caseNo}
            </Typography.Title>
            <CaseTags status={v.status} caseType={v.caseType} riskLevel={v.riskLevel} />
          </Space>
          <CaseActionBar c={v} />
        </Space>
        {v.accessBasis === 'break_glass' && v.breakGlassExpiresAt && (
          <Alert
            style={{ marginTop: 8 }}
            type="error"
            showIcon
            message={t('cases.breakGlassActive', { at: formatDateTime(v.breakGlassExpiresAt) })}
            data-testid="case-break-glass-banner"
          />
        )}
      </Card>
      <Row gutter={12}>
        <Col xs={24} xl={14}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <CaseOverviewCard c={v} />
            <ReferralsCard c={v} />
            <SafetyPlanCard c={v} />
            <InstrumentsCard c={v} />
            <MediationCard c={v} />
            <ServicesCard c={v} />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <FollowUpsCard c={v} />
            <AttachmentsCard c={v} />
            <CaseHistoryCard c={v} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
