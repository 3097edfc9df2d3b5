import { Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { UseMutationResult } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CONSULT_AGENCIES, CONSULT_AGENCY_LABELS, type Application, type ReviewInput } from '@jinguo/contracts';
import { federationToday } from '../../app/time';
import { applyProblemToForm, isoDate } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';

interface Values {
  opinion?: string;
  consultations?: { agency?: string; consultedOn?: Dayjs; opinion?: string }[];
}

/** An opinion, pass, return for material or refusal at the current step (with the agencies consulted, when asked). */
export function ReviewModal({
  application: a,
  action,
  onClose,
  mutation,
}: {
  application: Application;
  action: 'comment' | 'pass' | 'return' | 'refuse';
  onClose: () => void;
  mutation: UseMutationResult<Application, Error, ReviewInput>;
}) {
  const { t } = useTranslation();
  const l = useLocalize();
  const [form] = Form.useForm<Values>();
  const ok = async () => {
    const v = await form.validateFields();
    mutation.mutate(
      {
        action,
        opinion: v.opinion?.trim() ?? '',
        consultations: (v.consultations ?? []).map((c) => ({
          agency: c.agency as 'health',
          consultedOn: isoDate(c.consultedOn) ?? '',
          opinion: c.opinion?.trim() ?? '',
        })),
      },
      {
        onSuccess: () => {
          notifySuccess(t(`care.actions.${action}`));
          onClose();
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };
  return (
    <Modal
      open
      title={`${a.step?.name ?? ''} · ${t(`care.actions.${action}`)}`}
      onCancel={onClose}
      onOk={() => void ok()}
      okButtonProps={{ loading: mutation.isPending, ...{ 'data-testid': 'review-ok' } }}
      width={640}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="opinion" label={t('care.opinion')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="review-opinion" />
        </Form.Item>
        {(action === 'pass' || action === 'comment') && (
          <Form.Item label={t('care.consultations')}>
            <Form.List name="consultations">
              {(fields, { add, remove }) => (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {fields.map((f) => (
                    <Space key={f.key} wrap>
                      <Form.Item name={[f.name, 'agency']} noStyle rules={[{ required: true }]}>
                        <Select
                          style={{ width: 140 }}
                          options={CONSULT_AGENCIES.map((c) => ({ value: c, label: l(CONSULT_AGENCY_LABELS[c]) }))}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'consultedOn']} noStyle rules={[{ required: true }]}>
                        <DatePicker />
                      </Form.Item>
                      <Form.Item name={[f.name, 'opinion']} noStyle rules={[{ required: true }]}>
                        <Input placeholder={t('care.opinion')} style={{ width: 200 }} />
                      </Form.Item>
                      <Button type="link" danger onClick={() => remove(f.name)}>
                        {t('common.delete')}
                      </Button>
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    onClick={() => add({ consultedOn: federationToday() })}
                    data-testid="review-add-consultation"
                  >
                    {t('care.consultations')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
