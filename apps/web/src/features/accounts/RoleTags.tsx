import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS, SEPARATED_ROLES, type Role } from '@jinguo/contracts';
import { useLang } from '../../i18n';

/** Roles as tags; `pending`: asked for, waiting for the security officer (dashed, orange). */
export function RoleTags({ roles, pending = false }: { roles: readonly Role[]; pending?: boolean }) {
  const lang = useLang();
  const { t } = useTranslation();
  return (
    <>
      {roles.map((r) =>
        pending ? (
          <Tooltip key={r} title={t('users.pendingRolesHint')}>
            <Tag color="orange" style={{ borderStyle: 'dashed' }} data-testid="pending-role">
              {ROLE_LABELS[r][lang]}（{t('users.pendingRoles')}）
            </Tag>
          </Tooltip>
        ) : (
          <Tag key={r} color={SEPARATED_ROLES.includes(r) ? 'purple' : 'blue'}>
            {ROLE_LABELS[r][lang]}
          </Tag>
        ),
      )}
    </>
  );
}
