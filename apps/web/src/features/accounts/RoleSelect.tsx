import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { readsPersonalData, ROLE_LABELS, ROLES, type Role } from '@jinguo/contracts';
import { useLang } from '../../i18n';

/** The roles; those that read personal data or cases are marked: they wait for the security officer's approval. */
export function RoleSelect({ value, onChange }: { value?: Role[]; onChange?: (roles: Role[]) => void }) {
  const lang = useLang();
  const { t } = useTranslation();
  return (
    <Select<Role[]>
      mode="multiple"
      value={value}
      onChange={onChange}
      data-testid="role-select"
      options={ROLES.map((r) => ({
        value: r,
        label: readsPersonalData(r) ? `${ROLE_LABELS[r][lang]}（${t('users.needsApproval')}）` : ROLE_LABELS[r][lang],
      }))}
    />
  );
}
