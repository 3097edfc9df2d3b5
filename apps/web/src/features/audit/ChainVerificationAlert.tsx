import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditVerification } from '@jinguo/contracts';

/** The outcome of recomputing the audit hash chain: intact, or the first broken link. */
export function ChainVerificationAlert({ result, onClose }: { result: AuditVerification; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      data-testid="audit-verify-result"
      style={{ marginBottom: 16 }}
      showIcon
      type={result.ok ? 'success' : 'error'}
      title={
        result.ok
          ? t('audit.chainOk', { count: result.checked })
          : t('audit.chainBroken', { id: result.firstBadId ?? '?', count: result.checked })
      }
      description={result.problem ?? undefined}
      closable={{ onClose }}
    />
  );
}
