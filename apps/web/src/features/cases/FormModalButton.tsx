import { useState, type ReactNode } from 'react';
import { Button, Form, Modal, type ButtonProps } from 'antd';
import { applyProblemToForm } from '../../app/forms';
import { notifyError } from '../../app/notify';

/**
 * A button opening a small form in a modal; `onSubmit` runs the mutation. On a refusal the modal stays open, the
 * server's field errors go onto their fields and its message is shown.
 */
export function FormModalButton<V extends object>({
  label,
  title,
  testId,
  buttonProps,
  initialValues,
  onSubmit,
  children,
}: {
  label: ReactNode;
  title: ReactNode;
  testId: string;
  buttonProps?: ButtonProps;
  initialValues?: Partial<V>;
  onSubmit: (values: V) => Promise<unknown>;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<V>();
  async function ok() {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await onSubmit(values);
      setOpen(false);
      form.resetFields();
    } catch (e) {
      applyProblemToForm(form, e);
      notifyError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button {...buttonProps} data-testid={testId} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={title}
        onOk={() => void ok()}
        okButtonProps={{ 'data-testid': `${testId}-ok` } as ButtonProps}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={initialValues} preserve={false}>
          {children}
        </Form>
      </Modal>
    </>
  );
}
