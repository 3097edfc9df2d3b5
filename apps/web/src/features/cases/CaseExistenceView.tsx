import { Alert, Card, Descriptions, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_STATE_LABELS, CASE_TYPE_LABELS } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { FormModalButton } from './FormModalButton';
import { useBreakGlass, useCaseSummary } from './cases.api';

/**
 * What a user without need-to-know sees: that the case exists, and the break-glass door (reason, audited, alerts the
 * supervisor).
 */
export function CaseExistenceView({ id }: { id: number }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const summary = useCaseSummary(id, true);
  const breakGlass = useBreakGlass(id);
  const s = summary.data;
  if (!s) return <Card loading />;
  return (
    <Card title={s.caseNo} data-testid="case-existence">
      <Alert type="warning" showIcon message={t('cases.accessDenied')} style={{ marginBottom: 16 }} />
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'type', label: t('cases.type'), children: l(CASE_TYPE_LABELS[s.caseType]) },
          { key: 'status', label: t('cases.status'), children: l(CASE_STATE_LABELS[s.status]) },
          { key: 'org', label: t('cases.org'), children: s.org.name },
        ]}
      />
      {s.allowedActions.includes('break_glass') && (
        <FormModalButton<{ reason: string }>
          testId="case-break-glass"
          label={t('cases.breakGlass')}
          buttonProps={{ danger: true, style: { marginTop: 16 } }}
          title={t('cases.breakGlass')}
          onSubmit={(v) => breakGlass.mutateAsync(v.reason)}
        >
          <Form.Item name="reason" label={t('cases.breakGlassReason')} rules={[{ required: true, min: 10 }]}>
            <Input.TextArea data-testid="case-break-glass-reason" rows={3} />
          </Form.Item>
        </FormModalButton>
      )}
    </Card>
  );
}
