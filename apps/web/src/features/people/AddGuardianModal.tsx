import { useEffect } from 'react';
import { AutoComplete, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { GuardianInput, type Person } from '@jinguo/contracts';
import { submitParsed } from '../../app/forms';
import { useSetGuardian } from './people.api';
import { PersonPicker } from './PersonPicker';

const RELATIONSHIPS = [
  'mother',
  'father',
  'grandmother',
  'grandfather',
  'maternalGrandmother',
  'maternalGrandfather',
  'relative',
  'other',
] as const;

interface Values {
  guardianId?: number;
  relationship?: string;
}

/** A guardian is a registered person, found by the same search as the list. */
export function AddGuardianModal({ child, open, onClose }: { child: Person; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const setGuardian = useSetGuardian(child.id);

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    submitParsed(
      form,
      GuardianInput,
      { guardianId: v.guardianId, relationship: v.relationship?.trim() },
      setGuardian,
      onClose,
    );
  };

  return (
    <Modal
      open={open}
      title={t('people.guardians.add')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={setGuardian.isPending}
      okButtonProps={{ 'data-testid': 'guardian-submit' }}
      forceRender
      data-testid="guardian-modal"
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="guardianId"
          label={t('people.guardians.guardian')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <PersonPicker
            excludeIds={[child.id, ...child.guardians.map((g) => g.personId)]}
            data-testid="guardian-person"
          />
        </Form.Item>
        <Form.Item
          name="relationship"
          label={t('people.guardians.relationship')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <AutoComplete
            maxLength={20}
            filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
            options={RELATIONSHIPS.map((r) => ({ value: t(`people.guardians.relationships.${r}`) }))}
            data-testid="guardian-relationship"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
