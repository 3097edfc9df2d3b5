import { useEffect } from 'react';
import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { applyProblemToForm } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { searchQuery } from './people.api';
import { useExportPeople } from './people-import.api';
import type { PeopleFilters } from './peopleFilters';

interface Values {
  mode: 'masked' | 'unmasked';
  reason?: string;
}

/** 导出 the current filter as .xlsx: masked, or — with `person.unmask` and a reason, audited — in clear. */
export function ExportModal({
  filters,
  open,
  onClose,
}: {
  filters: PeopleFilters;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const mayUnmask = can('person.unmask');
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form);
  const exportPeople = useExportPeople();

  useEffect(() => {
    if (open) form.setFieldsValue({ mode: 'masked', reason: '' });
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const unmasked = v.mode === 'unmasked';
    exportPeople.mutate(
      {
        ...searchQuery(filters),
        unmasked: unmasked ? 'true' : 'false',
        reason: unmasked ? v.reason?.trim() : undefined,
      },
      {
        onSuccess: () => {
          notifySuccess(t('people.export.done'));
          onClose();
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('people.export.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('people.export.submit')}
      confirmLoading={exportPeople.isPending}
      okButtonProps={{ 'data-testid': 'export-submit' }}
      forceRender
      data-testid="export-modal"
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('people.export.scope')} />
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="mode" label={t('people.export.mode')}>
          <Radio.Group data-testid="export-mode">
            <Radio value="masked">{t('people.export.masked')}</Radio>
            <Radio value="unmasked" disabled={!mayUnmask} data-testid="export-unmasked">
              {t('people.export.unmasked')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {!mayUnmask && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('people.export.noUnmaskPermission')} />
        )}
        {mode === 'unmasked' && (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('people.export.unmaskedWarning')} />
            <Form.Item
              name="reason"
              label={t('common.reason')}
              rules={[{ required: true, min: 4, whitespace: true, message: t('people.reasonRule') }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={200}
                placeholder={t('people.reasonExample')}
                data-testid="export-reason"
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
