import { Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CASE_MACHINE,
  CASE_OUTCOMES,
  CASE_OUTCOME_LABELS,
  CASE_STATE_LABELS,
  EARLY_OUTCOMES,
  type CaseTransition,
  type CaseView,
} from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { FormModalButton } from './FormModalButton';
import { useCaseAction } from './cases.api';

const TRANSITION_LABELS: Record<CaseTransition, { 'zh-CN': string; 'en-US': string }> = {
  begin_assessment: { 'zh-CN': '开始评估', 'en-US': 'Begin assessment' },
  begin_handling: { 'zh-CN': '进入处置', 'en-US': 'Begin handling' },
  begin_follow_up: { 'zh-CN': '进入回访', 'en-US': 'Begin follow-up' },
  close: { 'zh-CN': '结案', 'en-US': 'Close' },
  reopen: { 'zh-CN': '重新启动', 'en-US': 'Reopen' },
};

/** The lifecycle moves this user may make now (allowedActions from the server), and the 24-hour contact. */
export function CaseActionBar({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const act = useCaseAction(c.id);
  const transitions = CASE_MACHINE.actionsFrom(c.status).filter((x) => c.allowedActions.includes(x));
  return (
    <Space wrap>
      {transitions.map((tr) => (
        <FormModalButton<{ reason?: string; outcome?: string }>
          key={tr}
          testId={`case-transition-${tr}`}
          label={l(TRANSITION_LABELS[tr])}
          buttonProps={{ type: tr === 'close' ? 'primary' : 'default' }}
          title={`${l(TRANSITION_LABELS[tr])} → ${l(CASE_STATE_LABELS[CASE_MACHINE.next(tr, c.status)!])}`}
          onSubmit={(v) =>
            act.mutateAsync({
              path: '/transitions',
              body: {
                transition: tr,
                ...(v.reason ? { reason: v.reason } : {}),
                ...(v.outcome ? { outcome: v.outcome } : {}),
              },
            })
          }
        >
          {tr === 'close' && (
            <Form.Item name="outcome" label={t('cases.outcome')} rules={[{ required: true }]}>
              <Select
                data-testid="case-outcome"
                options={CASE_OUTCOMES.filter((o) => c.status === 'follow_up' || EARLY_OUTCOMES.includes(o)).map(
                  (o) => ({ value: o, label: l(CASE_OUTCOME_LABELS[o]) }),
                )}
              />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('cases.reason')} rules={[{ required: tr === 'close' || tr === 'reopen' }]}>
            <Input.TextArea data-testid="case-transition-reason" rows={2} maxLength={1000} />
          </Form.Item>
        </FormModalButton>
      ))}
      {c.allowedActions.includes('mark_contacted') && (
        <FormModalButton<{ note: string }>
          testId="case-contacted"
          label={t('cases.markContacted')}
          buttonProps={{ danger: true }}
          title={t('cases.markContacted')}
          onSubmit={(v) => act.mutateAsync({ path: '/contacted', body: v })}
        >
          <Form.Item name="note" label={t('cases.contactNote')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea data-testid="case-contacted-note" rows={2} />
          </Form.Item>
        </FormModalButton>
      )}
    </Space>
  );
}
