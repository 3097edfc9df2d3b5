import { useTranslation } from 'react-i18next';
import type { TKey } from '../i18n/keys';

/**
 * The last breadcrumb of a record page: the record's number or name once read ('…' while it loads), or the page's
 * words when it cannot be read (not found, no access).
 */
export function RecordCrumb({ text, failed, fallback }: { text: string | undefined; failed: boolean; fallback: TKey }) {
  const { t } = useTranslation();
  return <span data-testid="crumb-record">{text ?? (failed ? t(fallback) : '…')}</span>;
}
