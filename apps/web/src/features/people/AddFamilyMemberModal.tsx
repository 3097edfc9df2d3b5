import { useEffect } from 'react';
import { Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FAMILY_RELATIONSHIPS, FamilyMemberInput, type Family } from '@jinguo/contracts';
import { submitParsed } from '../../app/forms';
import { useAddFamilyMember } from './families.api';
import { PersonPicker } from './PersonPicker';

interface Values {
  personId?: number;
  relationship?: (typeof FAMILY_RELATIONSHIPS)[number];
}

export function AddFamilyMemberModal({
  family,
  open,
  onClose,
}: {
  family: Family;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const add = useAddFamilyMember(family.id);

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    submitParsed(form, FamilyMemberInput, await form.validateFields(), add, onClose);
  };

  return (
    <Modal
      open={open}
      title={t('people.families.addMember')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={add.isPending}
      okButtonProps={{ 'data-testid': 'family-member-submit' }}
      forceRender
      data-testid="family-member-modal"
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="personId"
          label={t('people.families.member')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <PersonPicker
            excludeIds={family.members.filter((m) => m.until === null).map((m) => m.personId)}
            data-testid="family-member-person"
          />
        </Form.Item>
        <Form.Item
          name="relationship"
          label={t('people.families.relationship')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            options={FAMILY_RELATIONSHIPS.map((r) => ({ value: r, label: t(`people.families.relationships.${r}`) }))}
            data-testid="family-member-relationship"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
