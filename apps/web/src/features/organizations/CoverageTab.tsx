import { Alert, Card, Col, Progress, Row, Skeleton, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ORG_TYPES, SPACE_TYPES, OrgType, SpaceType } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useLang } from '../../i18n';
import { useCoverage } from './organizations.api';

function Ratio({ label, part, total, testId }: { label: string; part: number; total: number; testId: string }) {
  const percent = total === 0 ? 0 : Math.round((part / total) * 1000) / 10;
  return (
    <Card size="small" data-testid={testId}>
      <Statistic
        title={label}
        value={part}
        suffix={`/ ${total.toLocaleString()}`}
        styles={{ content: { fontSize: 20 } }}
      />
      <Progress percent={percent} size="small" status={percent >= 100 ? 'success' : 'normal'} />
    </Card>
  );
}

/** 覆盖情况 of this subtree: how many villages have a federation and each kind of space. */
export function CoverageTab({ orgId }: { orgId: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const coverage = useCoverage(orgId);
  if (coverage.error) return <Alert type="error" showIcon title={errorText(coverage.error)} />;
  if (!coverage.data) return <Skeleton active />;
  const c = coverage.data;
  const typeLabel = (k: string) => {
    const parsed = OrgType.safeParse(k);
    return parsed.success ? ORG_TYPES[parsed.data][lang] : k;
  };
  const spaceLabel = (k: string) => {
    const parsed = SpaceType.safeParse(k);
    return parsed.success ? SPACE_TYPES[parsed.data][lang] : k;
  };
  return (
    <div data-testid="coverage">
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12} xl={6}>
          <Ratio
            label={t('coverage.withFederation')}
            part={c.villagesWithFederation}
            total={c.villages}
            testId="coverage-federation"
          />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Ratio
            label={t('coverage.withWomensHome')}
            part={c.villagesWithWomensHome}
            total={c.villages}
            testId="coverage-womens-home"
          />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Ratio
            label={t('coverage.withParentsSchool')}
            part={c.villagesWithParentsSchool}
            total={c.villages}
            testId="coverage-parents-school"
          />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Ratio
            label={t('coverage.withRightsStation')}
            part={c.villagesWithRightsStation}
            total={c.villages}
            testId="coverage-rights-station"
          />
        </Col>
        <Col xs={24} md={12}>
          <Card size="small">
            <Statistic title={t('coverage.womensGroups')} value={c.womensGroups} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small">
            <Statistic
              title={t('coverage.termsOverdue')}
              value={c.termsOverdue}
              styles={{ content: { color: c.termsOverdue > 0 ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('coverage.orgsByType')}>
            {Object.entries(c.orgsByType).map(([k, n]) => (
              <Tag key={k} style={{ marginBottom: 6 }}>
                {typeLabel(k)} {n}
              </Tag>
            ))}
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small">
            <Statistic title={t('coverage.activeSpaces')} value={c.activeSpaces} data-testid="coverage-active-spaces" />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('coverage.spacesByType')}>
            {Object.entries(c.spacesByType).map(([k, n]) => (
              <Tag key={k} color="pink" style={{ marginBottom: 6 }}>
                {spaceLabel(k)} {n}
              </Tag>
            ))}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
