import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Space, Spin, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm } from '../../app/forms';
import { notifyError, notifySuccess } from '../../app/notify';
import { FillForm, fromForm } from './FillForm';
import { ForwardModal } from './ForwardModal';
import { StateTag } from './StateTag';
import { TaskHeader } from './TaskHeader';
import { useAssignment, useAssignmentAction, useHistory, useTask } from './tasks.api';
import { formatDateTime } from '../../app/time';

type Decision = 'return' | 'reopen';

/** One receiver's copy: sign, fill (prefilled), save, submit, forward; the dispatcher returns, approves, reopens. */
export function AssignmentPage() {
  const { t } = useTranslation();
  const taskId = Number(useParams().taskId);
  const id = Number(useParams().assignmentId);
  const task = useTask(taskId);
  const copy = useAssignment(taskId, id);
  const history = useHistory(taskId, id);
  const act = useAssignmentAction(taskId, id);
  const [form] = Form.useForm<{ values: Record<string, unknown> }>();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const [forwarding, setForwarding] = useState(false);
  if (!task.data || !copy.data) return <Spin />;
  const tk = task.data;
  const a = copy.data;
  const def = tk.form?.definition ?? null;
  const can = (x: (typeof a.actions)[number]) => a.actions.includes(x);
  const editable = can('save') || can('submit');
  const run = (action: 'sign' | 'save' | 'submit' | 'approve' | Decision, r?: string) => {
    form.setFields(def ? def.fields.map((f) => ({ name: ['values', f.key], errors: [] })) : []);
    const values =
      def && (action === 'save' || action === 'submit') ? fromForm(def, form.getFieldValue('values')) : undefined;
    act.mutate(
      { action, values, version: a.version, ...(r ? { reason: r } : {}) },
      {
        onSuccess: () => notifySuccess(t(`tasks.done.${action}`)),
        onError: (e) => {
          applyProblemToForm(form, e);
          notifyError(e);
        },
      },
    );
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <TaskHeader task={tk} />
      <Card
        title={
          <Space>
            {a.org.name}
            <StateTag state={a.state} />
          </Space>
        }
        extra={
          <Space wrap>
            {can('sign') && (
              <Button onClick={() => run('sign')} data-testid="action-sign">
                {t('tasks.actions.sign')}
              </Button>
            )}
            {can('forward') && (
              <Button onClick={() => setForwarding(true)} data-testid="action-forward">
                {t('tasks.actions.forward')}
              </Button>
            )}
            {can('save') && def && (
              <Button onClick={() => run('save')} loading={act.isPending} data-testid="action-save">
                {t('tasks.actions.save')}
              </Button>
            )}
            {can('submit') && (
              <Button type="primary" onClick={() => run('submit')} loading={act.isPending} data-testid="action-submit">
                {t('tasks.actions.submit')}
              </Button>
            )}
            {can('return') && (
              <Button danger onClick={() => setDeciding('return')} data-testid="action-return">
                {t('tasks.actions.return')}
              </Button>
            )}
            {can('approve') && (
              <Button type="primary" onClick={() => run('approve')} data-testid="action-approve">
                {t('tasks.actions.approve')}
              </Button>
            )}
            {can('reopen') && (
              <Button onClick={() => setDeciding('reopen')} data-testid="action-reopen">
                {t('tasks.actions.reopen')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('tasks.deadline')}>{tk.deadline}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.signedAt')}>
            {a.signedAt ? formatDateTime(a.signedAt) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.submittedAt')}>
            {a.submittedAt ? `${formatDateTime(a.submittedAt)} ${a.submittedBy ?? ''}` : '—'}
          </Descriptions.Item>
        </Descriptions>
        {a.returnReason && a.state === 'returned' && (
          <Alert
            type="warning"
            showIcon
            message={`${t('tasks.returnReason')}：${a.returnReason}`}
            style={{ marginBottom: 12 }}
          />
        )}
        {a.state === 'approved' && (
          <Alert type="success" showIcon message={t('tasks.locked')} style={{ marginBottom: 12 }} />
        )}
        {a.forward && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={
              <Space>
                {t('tasks.forwardSum', { submitted: a.forward.submitted, total: a.forward.total })}
                <Link to={`/tasks/${a.forward.taskId}`}>{t('tasks.forwardedTask')}</Link>
              </Space>
            }
          />
        )}
        {def ? (
          <FillForm definition={def} assignment={a} readOnly={!editable} form={form} />
        ) : (
          <Typography.Paragraph type="secondary">{t('tasks.noForm')}</Typography.Paragraph>
        )}
      </Card>
      <Card title={t('tasks.history')} size="small">
        <Timeline
          items={(history.data?.items ?? []).map((e) => ({
            children: (
              <span>
                {formatDateTime(e.at)} {e.by} {t(`tasks.historyActions.${e.action}`)}
                {e.reason ? `：${e.reason}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
      <Modal
        open={deciding !== null}
        title={deciding ? t(`tasks.actions.${deciding}`) : ''}
        onCancel={() => setDeciding(null)}
        onOk={() => {
          if (deciding) run(deciding, reason.trim());
          setDeciding(null);
          setReason('');
        }}
        okButtonProps={{
          disabled: reason.trim().length < 2,
          ...({ 'data-testid': 'decision-ok' } as Record<string, string>),
        }}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('tasks.reason')}
          data-testid="decision-reason"
        />
      </Modal>
      <ForwardModal
        open={forwarding}
        onClose={() => setForwarding(false)}
        taskId={taskId}
        assignmentId={id}
        maxDeadline={tk.deadline}
      />
    </Space>
  );
}
