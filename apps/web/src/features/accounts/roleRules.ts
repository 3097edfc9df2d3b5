import type { Rule } from 'antd/es/form';
import { roleConflict, type Role } from '@jinguo/contracts';
import i18n from '../../i18n';

/** 三员分立 checked before the server does: admin, security officer and auditor stand alone. */
export const roleRules = (): Rule[] => [
  { required: true, type: 'array', min: 1, message: i18n.t('form.required') },
  {
    validator: async (_, roles: Role[] | undefined) => {
      if (roles && roleConflict(roles)) throw new Error(i18n.t('users.separationOfDuties'));
    },
  },
];
