import { Button, Popconfirm, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PasswordSent, User } from '@jinguo/contracts';
import { notifySuccess } from '../../app/notify';
import { useResetPassword, useResetSecondFactor, useUnlockUser, useUpdateUser } from './accounts.api';

export const isLocked = (u: User) => u.lockedUntil !== null && dayjs(u.lockedUntil).isAfter(dayjs());

interface Props {
  user: User;
  /** user.manage: roles, password reset, enable/disable. */
  manage: boolean;
  /** user.manage or security.manage: lifting a lockout. */
  canUnlock: boolean;
  /** security.manage: recording the user's own phone, resetting her authenticator. */
  canSetPhone: boolean;
  onEdit: (u: User) => void;
  onSetPhone: (u: User) => void;
  onPasswordSent: (sent: PasswordSent) => void;
}

export function UserActions({ user: u, manage, canUnlock, canSetPhone, onEdit, onSetPhone, onPasswordSent }: Props) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  const unlock = useUnlockUser();
  const update = useUpdateUser();
  const resetFactor = useResetSecondFactor();
  const active = u.status === 'active';
  return (
    <Space size={0} wrap>
      {manage && (
        <Button type="link" size="small" onClick={() => onEdit(u)}>
          {t('users.editRoles')}
        </Button>
      )}
      {manage && (
        <Popconfirm
          title={t('users.resetConfirm', { name: u.username })}
          onConfirm={() => reset.mutate(u.id, { onSuccess: onPasswordSent })}
        >
          <Button type="link" size="small" data-testid="reset-password">
            {t('users.resetPassword')}
          </Button>
        </Popconfirm>
      )}
      {canSetPhone && (
        <Button type="link" size="small" onClick={() => onSetPhone(u)} data-testid="set-phone">
          {t('users.setPhone')}
        </Button>
      )}
      {canSetPhone && u.secondFactorEnrolled && (
        <Popconfirm
          title={t('users.resetSecondFactorConfirm', { name: u.username })}
          onConfirm={() => resetFactor.mutate(u.id, { onSuccess: () => notifySuccess(t('users.secondFactorReset')) })}
        >
          <Button type="link" size="small" data-testid="reset-second-factor">
            {t('users.resetSecondFactor')}
          </Button>
        </Popconfirm>
      )}
      {canUnlock && isLocked(u) && (
        <Button
          type="link"
          size="small"
          onClick={() => unlock.mutate(u.id, { onSuccess: () => notifySuccess(t('users.unlocked')) })}
        >
          {t('users.unlock')}
        </Button>
      )}
      {manage && (
        <Popconfirm
          title={
            active ? t('users.disableConfirm', { name: u.username }) : t('users.enableConfirm', { name: u.username })
          }
          onConfirm={() =>
            update.mutate(
              { id: u.id, input: { status: active ? 'disabled' : 'active' } },
              { onSuccess: () => notifySuccess(t('common.saved')) },
            )
          }
        >
          <Button type="link" size="small" danger={active}>
            {active ? t('users.disable') : t('users.enable')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
