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
  password?: string;
  passwordConfirm?: string;
}

const passwordClasses = (p: string) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;

/**
 * 导出 the current filter as .xlsx: masked, or — with `person.unmask` and a reason, audited — in clear, as a workbook
 * encrypted with a password the user sets here (the server never keeps it).
 */
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
    if (open) form.setFieldsValue({ mode: 'masked', reason: '', password: '', passwordConfirm: '' });
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const query = searchQuery(filters);
    exportPeople.mutate(
      v.mode === 'unmasked'
        ? { query, clear: true, reason: v.reason?.trim() ?? '', password: v.password ?? '' }
        : { query, clear: false },
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
            <Form.Item
              name="password"
              label={t('people.export.password')}
              rules={[
                {
                  validator: (_, value: string | undefined) =>
                    value && value.length >= 8 && value.length <= 64 && passwordClasses(value) >= 3
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('people.export.passwordRule'))),
                },
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="export-password" />
            </Form.Item>
            <Form.Item
              name="passwordConfirm"
              label={t('people.export.passwordConfirm')}
              dependencies={['password']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    value === getFieldValue('password')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('people.export.passwordMismatch'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="export-password-confirm" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
