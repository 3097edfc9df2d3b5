import { useState } from 'react';
import { Button, Form, Input, Modal } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { acceptLanguage, buildUrl } from '../../app/api';
import { notifyError } from '../../app/notify';
import { formatDate } from '../../app/time';

/** Exports the cases the user may read as a password-protected workbook. */
export function ExportCasesButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ password: string }>();
  async function submit() {
    const { password } = await form.validateFields();
    setBusy(true);
    try {
      const csrf =
        document.cookie
          .split(';')
          .map((c) => c.trim().split('='))
          .find(([k]) => k === 'jinguo_csrf')?.[1] ?? '';
      const res = await fetch(buildUrl('/cases/export'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-language': acceptLanguage(),
          'x-csrf-token': decodeURIComponent(csrf),
        },
        body: JSON.stringify({ password }),
      });
      if (!res.ok) throw new Error(await res.text());
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `维权案件_${formatDate(Date.now())}.xlsx`;
      a.click();
      URL.revokeObjectURL(url);
      setOpen(false);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button icon={<LockOutlined />} onClick={() => setOpen(true)} data-testid="case-export-open">
        {t('cases.export')}
      </Button>
      <Modal
        open={open}
        title={t('cases.export')}
        onOk={() => void submit()}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="password" label={t('cases.exportPassword')} rules={[{ required: true, min: 8 }]}>
            <Input.Password data-testid="case-export-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
