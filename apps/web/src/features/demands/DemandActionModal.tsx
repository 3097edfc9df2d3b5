import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { RATING_LABELS, RATINGS, type Demand, type DemandAllowedAction } from '@jinguo/contracts';
import { applyProblemToForm, isoDate } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { PersonPicker } from '../people/PersonPicker';
import { useHandlers, useSupervise, useTransition } from './demands.api';
import { useLinkResident } from './residents.api';

interface Values {
  note?: string;
  assigneeUserId?: number;
  department?: string;
  departmentContact?: string;
  answerDueOn?: Dayjs | null;
  answer?: string;
  suggestion?: string;
  reply?: string;
  rating?: string;
  comment?: string;
  orgId?: number;
  personId?: number;
  reason?: string;
}

/** Actions that need no input are taken at once (签收); the others ask for what their contract needs. */
export const DIRECT_ACTIONS: readonly DemandAllowedAction[] = ['sign'];

/** The form of one action on a demand: the fields its contract asks for, then the transition or 督办 call. */
export function DemandActionModal({
  demand,
  action,
  onClose,
}: {
  demand: Demand;
  action: DemandAllowedAction | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const l = useLocalize();
  const [form] = Form.useForm<Values>();
  const transition = useTransition(demand.id);
  const supervise = useSupervise(demand.id);
  const link = useLinkResident(demand.id);
  const handlers = useHandlers(action === 'dispatch' || action === 'accept' ? demand.org.id : 0);

  const done = () => {
    notifySuccess(t('demands.actionDone'));
    onClose();
  };
  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
    const onError = (err: unknown) => applyProblemToForm(form, err);
    const note = v.note?.trim() || undefined;
    if (action === 'comment' || action === 'urge')
      return supervise.mutate({ action, note: note ?? '' }, { onSuccess: done, onError });
    if (action === 'reassign')
      return supervise.mutate({ action, orgId: v.orgId ?? 0, note: note ?? '' }, { onSuccess: done, onError });
    if (action === 'link_requester')
      return link.mutate(
        { residentId: demand.requester.residentId ?? 0, personId: v.personId ?? 0, reason: v.reason?.trim() ?? '' },
        { onSuccess: done, onError },
      );
    const body = (() => {
      switch (action) {
        case 'dispatch':
          return { action, assigneeUserId: v.assigneeUserId ?? 0, note };
        case 'accept':
          return { action, assigneeUserId: v.assigneeUserId ?? null, note };
        case 'transfer':
          return {
            action,
            department: v.department?.trim() ?? '',
            departmentContact: v.departmentContact?.trim() || null,
            answerDueOn: isoDate(v.answerDueOn) ?? null,
            note,
          };
        case 'answer':
          return { action, answer: v.answer?.trim() ?? '' };
        case 'suggest':
          return { action, suggestion: v.suggestion?.trim() ?? '', note };
        case 'reply':
          return { action, reply: v.reply?.trim() ?? '' };
        case 'rate':
          return { action, rating: (v.rating ?? 'satisfied') as 'satisfied', comment: v.comment?.trim() || undefined };
        case 'sign':
          return { action, note };
        case 'decline':
        case 'close':
        case 'reopen':
        case 'cancel':
          return { action, note: note ?? '' };
        default:
          return null;
      }
    })();
    if (body) transition.mutate(body, { onSuccess: done, onError });
  };

  const needsNote =
    action === 'decline' ||
    action === 'close' ||
    action === 'reopen' ||
    action === 'cancel' ||
    action === 'comment' ||
    action === 'urge' ||
    action === 'reassign';
  return (
    <Modal
      title={action ? t(`demands.actions.${action}`) : ''}
      open={action !== null}
      onCancel={onClose}
      onOk={() => void submit()}
      destroyOnHidden
      confirmLoading={transition.isPending || supervise.isPending || link.isPending}
      okButtonProps={{ 'data-testid': 'demand-action-submit' }}
    >
      {/* preserve={false}: the fields' values go with the closed dialog, so nothing has to reset the next one (a reset
          in an effect could wipe what was typed before it ran) */}
      <Form form={form} layout="vertical" preserve={false} data-testid="demand-action-form">
        {(action === 'dispatch' || action === 'accept') && (
          <Form.Item
            name="assigneeUserId"
            label={t('demands.assignTo')}
            rules={action === 'dispatch' ? [{ required: true }] : []}
          >
            <Select
              allowClear
              loading={handlers.isLoading}
              data-testid="demand-assignee"
              options={(handlers.data ?? []).map((u) => ({
                value: u.id,
                label: `${u.displayName}（${u.roles.includes('volunteer') ? '志愿者' : '干部'}）`,
              }))}
            />
          </Form.Item>
        )}
        {action === 'transfer' && (
          <>
            <Form.Item name="department" label={t('demands.department')} rules={[{ required: true }]}>
              <Input maxLength={100} data-testid="demand-department" />
            </Form.Item>
            <Form.Item name="departmentContact" label={t('demands.departmentContact')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="answerDueOn" label={t('demands.answerDueOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {action === 'answer' && (
          <Form.Item name="answer" label={t('demands.departmentAnswer')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'suggest' && (
          <Form.Item name="suggestion" label={t('demands.suggestion')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'reply' && (
          <Form.Item name="reply" label={t('demands.reply')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={2000} data-testid="demand-reply" />
          </Form.Item>
        )}
        {action === 'rate' && (
          <>
            <Form.Item name="rating" label={t('demands.rating')} rules={[{ required: true }]}>
              <Radio.Group options={RATINGS.map((r) => ({ value: r, label: l(RATING_LABELS[r]) }))} />
            </Form.Item>
            <Form.Item name="comment" label={t('demands.ratingComment')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === 'reassign' && (
          <Form.Item name="orgId" label={t('demands.reassignTo')} rules={[{ required: true }]}>
            <OrgPicker />
          </Form.Item>
        )}
        {action === 'link_requester' && (
          <>
            <Form.Item name="personId" label={t('demands.linkPerson')} rules={[{ required: true }]}>
              <PersonPicker />
            </Form.Item>
            <Form.Item name="reason" label={t('demands.linkReason')} rules={[{ required: true, min: 4 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        {(needsNote ||
          action === 'dispatch' ||
          action === 'accept' ||
          action === 'transfer' ||
          action === 'suggest') && (
          <Form.Item name="note" label={t('demands.note')} rules={needsNote ? [{ required: true }] : []}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="demand-note" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
