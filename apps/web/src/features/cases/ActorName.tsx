import { useTranslation } from 'react-i18next';

/** Who did it on a case: her name as the server records it, or 系统 for the platform's own jobs (`system:…`). */
export function ActorName({ by }: { by: string }) {
  const { t } = useTranslation();
  return by.startsWith('system:') ? <span title={by}>{t('cases.systemActor')}</span> : <>{by}</>;
}
