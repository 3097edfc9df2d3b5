import { federationToday } from '../../app/time';
import { useEffect } from 'react';
import { DatePicker, Form, InputNumber, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { TermInput } from '@jinguo/contracts';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useCreateTerm } from './org-records.api';

interface Values {
  number: number;
  startsOn?: Dayjs | null;
  dueOn: Dayjs;
}

/** A new term (届) with the date its next election is due (village federations: usually 5 years). */
export function TermModal({
  orgId,
  open,
  defaultNumber,
  onClose,
}: {
  orgId: number;
  open: boolean;
  defaultNumber: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateTerm(orgId);

  useEffect(() => {
    if (open)
      form.setFieldsValue({
        number: defaultNumber,
        startsOn: federationToday(),
        dueOn: federationToday().add(5, 'year'),
      });
  }, [open, defaultNumber, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      TermInput,
      { number: v.number, startsOn: isoDate(v.startsOn) ?? null, dueOn: isoDate(v.dueOn) },
      form,
    );
    if (!input) return;
    create.mutate(input, {
      onSuccess: () => {
        notifySuccess(t('common.saved'));
        onClose();
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Modal
      open={open}
      title={t('terms.create')}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ 'data-testid': 'term-submit' }}
      confirmLoading={create.isPending}
      forceRender
      data-testid="term-modal"
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="number" label={t('terms.term')} rules={[{ required: true, message: t('form.required') }]}>
          <InputNumber min={1} max={100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="startsOn" label={t('terms.startsOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="dueOn" label={t('terms.dueOn')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
