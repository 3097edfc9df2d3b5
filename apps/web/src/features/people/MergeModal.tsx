import { useEffect } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '@jinguo/contracts';
import { applyProblemToForm } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useMergePersons } from './duplicates.api';

interface Props {
  keep: PersonListItem;
  sources: PersonListItem[];
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}

/** The confirmation of a merge: what is kept, what goes, and why (kept in the merge record and the audit trail). */
export function MergeModal({ keep, sources, open, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const merge = useMergePersons();

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const { reason } = await form.validateFields();
    merge.mutate(
      { targetId: keep.id, sourceIds: sources.map((s) => s.id), reason: reason.trim() },
      {
        onSuccess: () => {
          notifySuccess(t('people.duplicates.merged', { name: keep.name }));
          onClose();
          onDone();
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('people.duplicates.confirmTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('people.duplicates.merge')}
      okButtonProps={{ danger: true, 'data-testid': 'merge-submit' }}
      confirmLoading={merge.isPending}
      forceRender
      data-testid="merge-modal"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('people.duplicates.confirmText', {
          count: sources.length,
          sources: sources.map((s) => `#${s.id}`).join('、'),
          keep: `#${keep.id} ${keep.name}`,
        })}
        description={t('people.duplicates.confirmDetail')}
      />
      <Typography.Paragraph type="secondary">
        {t('people.duplicates.keepHint', { org: keep.org.name })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, min: 4, whitespace: true, message: t('people.reasonRule') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            placeholder={t('people.duplicates.reasonExample')}
            data-testid="merge-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
