import { useState } from 'react';
import { Button, Form, Input, InputNumber, Modal, Space, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Activity } from '@jinguo/contracts';
import { applyProblemToForm } from '../../app/forms';
import { notifyError, notifySuccess } from '../../app/notify';
import { useActivityAction, useAddPhoto, useCancelActivity, useSummarise } from './activities.api';
import { PlanActivityDrawer } from './PlanActivityDrawer';

/** The actions the state machine offers from the activity's state (the server sends them), and photos. */
export function ActivityActions({ activity: a }: { activity: Activity }) {
  const { t } = useTranslation();
  const act = useActivityAction(a.id);
  const cancel = useCancelActivity(a.id);
  const summarise = useSummarise(a.id);
  const photo = useAddPhoto(a.id);
  const [modal, setModal] = useState<'cancel' | 'summarise' | 'edit' | null>(null);
  const [cancelForm] = Form.useForm<{ reason: string }>();
  const [summaryForm] = Form.useForm<{ summary: string; extraReached: number }>();
  const run = (p: Promise<unknown>) =>
    p.then(() => notifySuccess(t('activities.done'))).catch((e: unknown) => notifyError(e));

  return (
    <Space wrap>
      {(a.status === 'planned' || a.status === 'open') && (
        <Button onClick={() => setModal('edit')} data-testid="activity-edit">
          {t('common.edit')}
        </Button>
      )}
      <PlanActivityDrawer
        open={modal === 'edit'}
        activity={a}
        onClose={() => setModal(null)}
        onPlanned={() => notifySuccess(t('activities.done'))}
      />
      {a.actions.includes('open') && (
        <Button type="primary" onClick={() => void run(act.mutateAsync('open'))} data-testid="activity-open">
          {t('activities.actions.open')}
        </Button>
      )}
      {a.actions.includes('hold') && (
        <Button onClick={() => void run(act.mutateAsync('hold'))}>{t('activities.actions.hold')}</Button>
      )}
      {a.actions.includes('summarise') && (
        <Button
          type="primary"
          onClick={() => {
            summaryForm.setFieldsValue({ summary: a.summary ?? '', extraReached: a.reached - a.attended });
            setModal('summarise');
          }}
          data-testid="activity-summarise"
        >
          {t('activities.actions.summarise')}
        </Button>
      )}
      {(a.status === 'held' || a.status === 'summarised') && (
        <Upload
          accept="image/jpeg,image/png,image/webp,image/gif"
          showUploadList={false}
          beforeUpload={(file) => {
            void run(photo.mutateAsync(file));
            return false;
          }}
        >
          <Button loading={photo.isPending}>{t('activities.addPhoto')}</Button>
        </Upload>
      )}
      {a.actions.includes('cancel') && (
        <Button danger onClick={() => setModal('cancel')}>
          {t('activities.actions.cancel')}
        </Button>
      )}
      <Modal
        open={modal === 'cancel'}
        title={t('activities.actions.cancel')}
        onCancel={() => setModal(null)}
        confirmLoading={cancel.isPending}
        onOk={async () => {
          const v = await cancelForm.validateFields();
          try {
            await cancel.mutateAsync(v.reason.trim());
            setModal(null);
          } catch (e) {
            applyProblemToForm(cancelForm, e);
          }
        }}
      >
        <Form form={cancelForm} layout="vertical">
          <Form.Item name="reason" label={t('activities.cancelReason')} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={modal === 'summarise'}
        title={t('activities.actions.summarise')}
        onCancel={() => setModal(null)}
        confirmLoading={summarise.isPending}
        onOk={async () => {
          const v = await summaryForm.validateFields();
          try {
            await summarise.mutateAsync({ summary: v.summary.trim(), extraReached: v.extraReached ?? 0 });
            setModal(null);
          } catch (e) {
            applyProblemToForm(summaryForm, e);
          }
        }}
      >
        <Form form={summaryForm} layout="vertical">
          <Form.Item name="summary" label={t('activities.summary')} rules={[{ required: true, max: 4000 }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
          <Form.Item name="extraReached" label={t('activities.extraReached')}>
            <InputNumber min={0} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
