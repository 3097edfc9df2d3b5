import { Alert, Card, Form, Input, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '@jinguo/contracts';
import { FormModalButton } from './FormModalButton';
import { useCaseAction } from './cases.api';
import { formatDateTime } from '../../app/time';

/** The victim's safety plan: what she does when in danger and the concrete measures, kept encrypted on the case. */
export function SafetyPlanCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  const plan = c.safetyPlan;
  return (
    <Card
      size="small"
      title={t('caseForms.safetyPlan.text')}
      data-testid="case-safety-plan"
      extra={
        c.allowedActions.includes('safety_plan') && (
          <FormModalButton<{ text: string; items?: string }>
            testId="case-safety-plan-edit"
            label={t('caseForms.safetyPlan.edit')}
            title={t('caseForms.safetyPlan.edit')}
            initialValues={plan ? { text: plan.text, items: plan.items.join('\n') } : {}}
            onSubmit={(v) =>
              act.mutateAsync({
                path: '/safety-plan',
                method: 'PUT',
                body: {
                  text: v.text,
                  items: (v.items ?? '')
                    .split('\n')
                    .map((x) => x.trim())
                    .filter(Boolean),
                },
              })
            }
          >
            <Form.Item name="text" label={t('caseForms.safetyPlan.text')} rules={[{ required: true, min: 4 }]}>
              <Input.TextArea data-testid="case-safety-plan-text" rows={3} maxLength={4000} />
            </Form.Item>
            <Form.Item name="items" label={t('caseForms.safetyPlan.items')}>
              <Input.TextArea data-testid="case-safety-plan-items" rows={4} />
            </Form.Item>
          </FormModalButton>
        )
      }
    >
      {plan ? (
        <>
          <Typography.Paragraph data-testid="case-safety-plan-body">{plan.text}</Typography.Paragraph>
          <List
            size="small"
            dataSource={plan.items}
            renderItem={(item) => <List.Item data-testid="case-safety-plan-item">{item}</List.Item>}
          />
          <Typography.Text type="secondary">
            {t('caseForms.safetyPlan.updated', { by: plan.updatedBy, at: formatDateTime(plan.updatedAt) })}
          </Typography.Text>
        </>
      ) : (
        <Alert type={c.riskLevel === 'high' ? 'warning' : 'info'} message={t('caseForms.safetyPlan.none')} />
      )}
    </Card>
  );
}
