import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditVerification } from '@jinguo/contracts';

/** The outcome of verifying the keyed audit chain: intact, the first bad record, or where the cut tail begins. */
export function ChainVerificationAlert({ result, onClose }: { result: AuditVerification; onClose: () => void }) {
  const { t } = useTranslation();
  const broken =
    result.firstBadId === null && result.firstBadSeq !== null
      ? t('audit.chainCut', { seq: result.firstBadSeq, count: result.checked })
      : t('audit.chainBroken', { id: result.firstBadId ?? '?', count: result.checked });
  return (
    <Alert
      data-testid="audit-verify-result"
      style={{ marginBottom: 16 }}
      showIcon
      type={result.ok ? 'success' : 'error'}
      title={result.ok ? t('audit.chainOk', { count: result.checked }) : broken}
      description={result.problem ?? undefined}
      closable={{ onClose }}
    />
  );
}
