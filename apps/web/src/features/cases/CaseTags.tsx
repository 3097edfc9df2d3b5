import { Tag } from 'antd';
import {
  CASE_STATE_LABELS,
  CASE_TYPE_LABELS,
  RISK_LEVEL_LABELS,
  type CaseState,
  type CaseType,
  type RiskLevel,
} from '@jinguo/contracts';
import { useLocalize } from '../../i18n';

const RISK_COLORS: Record<RiskLevel, string> = { high: 'red', medium: 'orange', low: 'green' };
const STATE_COLORS: Record<CaseState, string> = {
  intake: 'blue',
  assessment: 'geekblue',
  handling: 'purple',
  follow_up: 'cyan',
  closed: 'default',
};

/** Status, type and risk of a case as tags (labels from the contracts, in the UI language). */
export function CaseTags({
  status,
  caseType,
  riskLevel,
}: {
  status?: CaseState;
  caseType?: CaseType;
  riskLevel?: RiskLevel | null;
}) {
  const l = useLocalize();
  return (
    <>
      {status && (
        <Tag color={STATE_COLORS[status]} data-testid="case-status">
          {l(CASE_STATE_LABELS[status])}
        </Tag>
      )}
      {caseType && <Tag>{l(CASE_TYPE_LABELS[caseType])}</Tag>}
      {riskLevel && (
        <Tag color={RISK_COLORS[riskLevel]} data-testid="case-risk">
          {l(RISK_LEVEL_LABELS[riskLevel])}
        </Tag>
      )}
    </>
  );
}
