import { useEffect } from 'react';
import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { UpdateUserInput, type Role, type User } from '@jinguo/contracts';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useUpdateUser } from './accounts.api';
import { RoleSelect } from './RoleSelect';
import { roleRules } from './roleRules';

interface Values {
  displayName: string;
  roles: Role[];
}

export function EditUserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const update = useUpdateUser();

  useEffect(() => {
    // the roles asked for and still waiting count as wanted: saving the name must not withdraw them
    if (user) form.setFieldsValue({ displayName: user.displayName, roles: [...user.roles, ...user.pendingRoles] });
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    const input = parseWith(UpdateUserInput, await form.validateFields(), form);
    if (!input) return;
    update.mutate(
      { id: user.id, input },
      {
        onSuccess: () => {
          notifySuccess(t('common.saved'));
          onClose();
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };

  return (
    <Modal
      open={user !== null}
      title={t('users.edit', { name: user?.username ?? '' })}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ 'data-testid': 'edit-user-submit' }}
      confirmLoading={update.isPending}
      forceRender
      data-testid="edit-user-modal"
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={roleRules()} extra={t('users.pendingRolesHint')}>
          <RoleSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
