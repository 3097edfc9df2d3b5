import { Button, Drawer, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { CreateUserInput, type PasswordSent, type Role } from '@jinguo/contracts';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { OrgPicker } from '../organizations/OrgPicker';
import { useCreateUser } from './accounts.api';
import { RoleSelect } from './RoleSelect';
import { roleRules } from './roleRules';

interface Values {
  username: string;
  displayName: string;
  homeOrgId: number;
  roles: Role[];
  phone: string;
}

export function CreateUserDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (result: PasswordSent) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();

  const submit = async () => {
    const values = await form.validateFields();
    const input = parseWith(CreateUserInput, values, form);
    if (!input) return;
    create.mutate(input, {
      onSuccess: (result) => {
        form.resetFields();
        onClose();
        onCreated(result);
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Drawer
      title={t('users.create')}
      open={open}
      onClose={onClose}
      size={480}
      destroyOnHidden
      data-testid="create-user-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() => void submit()}
            data-testid="create-user-submit"
          >
            {t('common.create')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="username"
          label={t('auth.username')}
          extra={t('users.usernameRule')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item
          name="homeOrgId"
          label={t('users.homeOrg')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <OrgPicker data-testid="user-home-org" />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={roleRules()} extra={t('users.pendingRolesHint')}>
          <RoleSelect />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('users.phone')}
          extra={t('users.phoneRule')}
          rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('users.phoneRule') }]}
        >
          <Input inputMode="tel" maxLength={11} autoComplete="off" data-testid="user-phone" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
