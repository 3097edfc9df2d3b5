import { federationToday } from '../../app/time';
import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FAMILY_HONOURS, FamilyHonourInput } from '@jinguo/contracts';
import { submitParsed } from '../../app/forms';
import { useAddFamilyHonour } from './families.api';

const LEVELS = ['village', 'town', 'district', 'city', 'national'] as const;

interface Values {
  honour?: (typeof FAMILY_HONOURS)[number];
  level?: (typeof LEVELS)[number];
  year?: number;
  awardedBy?: string;
}

/** 家庭荣誉: 最美家庭, 五好家庭… with the level and year of the award. */
export function AddHonourModal({ familyId, open, onClose }: { familyId: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const add = useAddFamilyHonour(familyId);

  useEffect(() => {
    if (open)
      form.setFieldsValue({ honour: undefined, level: 'village', year: federationToday().year(), awardedBy: '' });
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    submitParsed(form, FamilyHonourInput, { ...v, awardedBy: v.awardedBy?.trim() || null }, add, onClose);
  };

  return (
    <Modal
      open={open}
      title={t('people.families.addHonour')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={add.isPending}
      okButtonProps={{ 'data-testid': 'family-honour-submit' }}
      forceRender
      data-testid="family-honour-modal"
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="honour"
          label={t('people.families.honour')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            options={FAMILY_HONOURS.map((h) => ({ value: h, label: t(`people.families.honours.${h}`) }))}
            data-testid="family-honour-type"
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item
            name="level"
            label={t('people.families.level')}
            style={{ flex: 1 }}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Select options={LEVELS.map((l) => ({ value: l, label: t(`people.families.levels.${l}`) }))} />
          </Form.Item>
          <Form.Item
            name="year"
            label={t('people.families.year')}
            style={{ flex: 1 }}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <InputNumber<number> min={1949} max={2100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="awardedBy" label={t('people.families.awardedBy')}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
