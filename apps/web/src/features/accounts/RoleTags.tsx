import { Tag } from 'antd';
import { ROLE_LABELS, SEPARATED_ROLES, type Role } from '@jinguo/contracts';
import { useLang } from '../../i18n';

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const lang = useLang();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color={SEPARATED_ROLES.includes(r) ? 'purple' : 'blue'}>
          {ROLE_LABELS[r][lang]}
        </Tag>
      ))}
    </>
  );
}
