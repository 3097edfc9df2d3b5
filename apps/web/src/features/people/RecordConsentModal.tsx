import { useEffect } from 'react';
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CONSENT_KINDS, CONSENT_METHODS, ConsentInput, type ConsentKind, type Person } from '@jinguo/contracts';
import { submitParsed } from '../../app/forms';
import { federationNow, fromPickerValue } from '../../app/time';
import { useRecordConsent } from './consents.api';

interface Values {
  kind?: ConsentKind;
  purpose?: string;
  guardianId?: number | null;
  method?: string;
  givenAt?: Dayjs;
  evidenceNote?: string;
}

/**
 * Records a consent: what kind, for what purpose, given by whom (for a child under 14 one of her registered guardians;
 * the server refuses anything else and names the field), how and when.
 */
export function RecordConsentModal({ person, open, onClose }: { person: Person; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const record = useRecordConsent(person.id);
  const underFourteen = person.age !== null && person.age < 14;

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({
        kind: underFourteen ? 'guardian_child' : 'sensitive',
        method: 'written',
        givenAt: federationNow(),
        // 0 stands for the person herself in the select (antd shows no option for a null value)
        guardianId: underFourteen ? (person.guardians[0]?.personId ?? 0) : 0,
      });
    }
  }, [open, form, underFourteen, person.guardians]);

  const submit = async () => {
    const v = await form.validateFields();
    submitParsed(
      form,
      ConsentInput,
      {
        kind: v.kind,
        purpose: v.purpose?.trim(),
        guardianId: v.guardianId || null,
        method: v.method,
        givenAt: v.givenAt ? fromPickerValue(v.givenAt) : undefined,
        evidenceNote: v.evidenceNote?.trim() || null,
      },
      record,
      onClose,
    );
  };

  return (
    <Modal
      open={open}
      title={t('consents.record')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={record.isPending}
      okButtonProps={{ 'data-testid': 'consent-submit' }}
      forceRender
      data-testid="consent-modal"
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="kind" label={t('consents.kind')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            data-testid="consent-kind"
            options={CONSENT_KINDS.map((k) => ({ value: k, label: t(`consents.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('consents.purpose')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t('consents.purposeExample')}
            data-testid="consent-purpose"
          />
        </Form.Item>
        <Form.Item
          name="guardianId"
          label={t('consents.givenBy')}
          extra={underFourteen ? t('consents.childNote') : undefined}
        >
          <Select
            data-testid="consent-given-by"
            options={[
              { value: 0, label: t('consents.self', { name: person.name }) },
              ...person.guardians.map((g) => ({
                value: g.personId,
                label: t('consents.guardian', { name: g.name, relationship: g.relationship }),
              })),
            ]}
          />
        </Form.Item>
        <Form.Item name="method" label={t('consents.method')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            data-testid="consent-method"
            options={CONSENT_METHODS.map((m) => ({ value: m, label: t(`consents.methods.${m}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="givenAt"
          label={t('consents.givenAt')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <DatePicker showTime data-testid="consent-given-at" />
        </Form.Item>
        <Form.Item name="evidenceNote" label={t('consents.evidence')}>
          <Input maxLength={200} placeholder={t('consents.evidenceExample')} data-testid="consent-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
