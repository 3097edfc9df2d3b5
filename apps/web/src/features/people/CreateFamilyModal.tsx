import { useEffect } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FAMILY_RELATIONSHIPS, FamilyInput, type Person } from '@jinguo/contracts';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useCreateFamily } from './families.api';

interface Values {
  name?: string;
  address?: string;
  relationship?: (typeof FAMILY_RELATIONSHIPS)[number];
}

/** 新建家庭 in the person's org, with her as the first member; then the family's page to add the others. */
export function CreateFamilyModal({ person, open, onClose }: { person: Person; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useCreateFamily();

  useEffect(() => {
    if (open)
      form.setFieldsValue({
        name: t('people.families.defaultName', { name: person.name }),
        address: '',
        relationship: 'head',
      });
  }, [open, form, person.name, t]);

  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      FamilyInput,
      { orgId: person.org.id, name: v.name?.trim(), address: v.address?.trim() || null },
      form,
    );
    if (!input) return;
    create.mutate(
      { input, firstMember: { personId: person.id, relationship: v.relationship ?? 'head' } },
      {
        onSuccess: (family) => {
          notifySuccess(t('people.families.created', { name: family.name }));
          onClose();
          void navigate(`/families/${family.id}`);
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('people.families.create')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'create-family-submit' }}
      forceRender
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="name"
          label={t('people.families.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={50} data-testid="family-name" />
        </Form.Item>
        <Form.Item name="address" label={t('people.families.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="relationship" label={t('people.families.relationshipOf', { name: person.name })}>
          <Select
            options={FAMILY_RELATIONSHIPS.map((r) => ({ value: r, label: t(`people.families.relationships.${r}`) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
