import { Select } from 'antd';
import { ROLE_LABELS, ROLES, type Role } from '@jinguo/contracts';
import { useLang } from '../../i18n';

export function RoleSelect({ value, onChange }: { value?: Role[]; onChange?: (roles: Role[]) => void }) {
  const lang = useLang();
  return (
    <Select<Role[]>
      mode="multiple"
      value={value}
      onChange={onChange}
      data-testid="role-select"
      options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] }))}
    />
  );
}
