import { Checkbox, DatePicker, Form, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, isoDate } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useForward } from './tasks.api';

/** 转发下级: the receiver sends its copy on to the orgs below it (by level). */
export function ForwardModal(p: {
  open: boolean;
  onClose: () => void;
  taskId: number;
  assignmentId: number;
  maxDeadline: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ deadline?: Dayjs; levels?: ('town' | 'village')[] }>();
  const forward = useForward(p.taskId, p.assignmentId);
  const submit = async () => {
    const v = await form.validateFields();
    forward.mutate(
      {
        deadline: isoDate(v.deadline) ?? p.maxDeadline,
        targets: { by: 'level', levels: v.levels ?? [] },
        remindDays: 1,
      },
      {
        onSuccess: (task) => {
          notifySuccess(t('tasks.dispatched', { n: task.receivers }));
          p.onClose();
          void navigate(`/tasks/${task.id}`);
        },
        onError: (e) => applyProblemToForm(form, e),
      },
    );
  };
  return (
    <Modal
      open={p.open}
      title={t('tasks.actions.forward')}
      onCancel={p.onClose}
      onOk={() => void submit()}
      confirmLoading={forward.isPending}
      okButtonProps={{ ...({ 'data-testid': 'forward-ok' } as Record<string, string>) }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ deadline: dayjs(p.maxDeadline), levels: ['town'] }}>
        <Form.Item name="deadline" label={t('tasks.deadline')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="levels" label={t('tasks.targets')} rules={[{ required: true }]}>
          <Checkbox.Group
            options={(['town', 'village'] as const).map((k) => ({ value: k, label: t(`tasks.levels.${k}`) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
