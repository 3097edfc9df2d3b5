import { Card, DatePicker, Form, Input, List, Radio, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CaseView, Mediation } from '@jinguo/contracts';
import { FormModalButton } from './FormModalButton';
import { useCaseAction, useMediators } from './cases.api';
import { federationNow, formatDateTime, fromPickerValue } from '../../app/time';

type MediationView = z.infer<typeof Mediation>;
interface OutcomeValues {
  status: 'agreement' | 'no_agreement';
  agreementAt?: Dayjs;
  terms?: string;
  obligations?: string;
  performanceDue?: Dayjs;
  signedBy?: string;
  reason?: string;
}

const lines = (v: string | undefined) =>
  (v ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * 人民调解 on a case: start with a mediator of the roster, record each session, conclude with an agreement (terms,
 * obligations, performance deadline, signatures) or none, then the 30-day judicial-confirmation window.
 */
export function MediationCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  const can = c.allowedActions.includes('mediation');
  const mediators = useMediators(can);
  return (
    <Card
      size="small"
      title={t('caseForms.mediation.title')}
      data-testid="case-mediations"
      extra={
        can && (
          <FormModalButton<{ mediatorId: number }>
            testId="case-mediation-start"
            label={t('caseForms.mediation.start')}
            title={t('caseForms.mediation.start')}
            onSubmit={(v) => act.mutateAsync({ path: '/mediations', body: { mediatorId: v.mediatorId } })}
          >
            <Form.Item name="mediatorId" label={t('caseForms.mediation.mediator')} rules={[{ required: true }]}>
              <Select
                data-testid="case-mediation-mediator"
                loading={mediators.isLoading}
                options={(mediators.data?.items ?? [])
                  .filter((m) => m.active)
                  .map((m) => ({ value: m.id, label: `${m.name} · ${m.org.name}` }))}
              />
            </Form.Item>
          </FormModalButton>
        )
      }
    >
      <List
        dataSource={c.mediations}
        locale={{ emptyText: '—' }}
        renderItem={(m) => <MediationItem key={m.id} c={c} m={m} can={can} />}
      />
    </Card>
  );
}

function MediationItem({ c, m, can }: { c: CaseView; m: MediationView; can: boolean }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  const base = `/mediations/${m.id}`;
  const ongoing = m.status === 'ongoing';
  const confirmable = m.status === 'agreement' && can;
  return (
    <List.Item data-testid={`mediation-${m.id}`}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap>
          <b>{m.mediator.name}</b>
          <Tag color={ongoing ? 'blue' : m.status === 'agreement' ? 'green' : 'default'} data-testid="mediation-status">
            {t(`caseForms.mediation.states.${m.status}`)}
          </Tag>
          <span>{t('caseForms.mediation.sessions', { count: m.sessions.length })}</span>
          {can && ongoing && (
            <FormModalButton<{ heldAt: Dayjs; place?: string; summary: string }>
              testId="mediation-session-add"
              buttonProps={{ size: 'small' }}
              label={t('caseForms.mediation.session')}
              title={t('caseForms.mediation.session')}
              initialValues={{ heldAt: federationNow() }}
              onSubmit={(v) =>
                act.mutateAsync({
                  path: `${base}/sessions`,
                  body: {
                    heldAt: fromPickerValue(v.heldAt),
                    summary: v.summary,
                    ...(v.place ? { place: v.place } : {}),
                  },
                })
              }
            >
              <Form.Item name="heldAt" label={t('caseForms.mediation.heldAt')} rules={[{ required: true }]}>
                <DatePicker showTime />
              </Form.Item>
              <Form.Item name="place" label={t('caseForms.mediation.place')}>
                <Input data-testid="mediation-session-place" maxLength={100} />
              </Form.Item>
              <Form.Item name="summary" label={t('caseForms.mediation.summary')} rules={[{ required: true, min: 2 }]}>
                <Input.TextArea data-testid="mediation-session-summary" rows={3} maxLength={2000} />
              </Form.Item>
            </FormModalButton>
          )}
          {can && ongoing && <OutcomeButton c={c} m={m} />}
          {confirmable && m.judicialConfirmation === 'none' && (m.daysLeftForConfirmation ?? 0) >= 0 && (
            <FormModalButton<{ judicialConfirmation: 'applied' | 'confirmed' | 'rejected' }>
              testId="mediation-confirm"
              buttonProps={{ size: 'small' }}
              label={t('caseForms.mediation.confirmation')}
              title={t('caseForms.mediation.confirmation')}
              initialValues={{ judicialConfirmation: 'applied' }}
              onSubmit={(v) => act.mutateAsync({ path: `${base}/judicial-confirmation`, body: v })}
            >
              <Form.Item name="judicialConfirmation">
                <Radio.Group
                  options={(['applied', 'confirmed', 'rejected'] as const).map((k) => ({
                    value: k,
                    label: t(`caseForms.mediation.confirmations.${k}`),
                  }))}
                />
              </Form.Item>
            </FormModalButton>
          )}
        </Space>
        {m.sessions.map((s) => (
          <Typography.Text key={s.id} type="secondary" data-testid="mediation-session-row">
            {formatDateTime(s.heldAt)} {s.place ?? ''} · {s.summary}
          </Typography.Text>
        ))}
        {m.agreementTerms && (
          <Space direction="vertical" size={0} data-testid="mediation-agreement">
            <Typography.Text>{m.agreementTerms}</Typography.Text>
            {m.obligations && (
              <Typography.Text type="secondary">
                {t('caseForms.mediation.obligations')}：{m.obligations}
              </Typography.Text>
            )}
            {m.performanceDue && (
              <Typography.Text type="secondary">
                {t('caseForms.mediation.performanceDue')}：{m.performanceDue}
              </Typography.Text>
            )}
            {m.signedBy.length > 0 && <Typography.Text type="secondary">{m.signedBy.join('、')}</Typography.Text>}
          </Space>
        )}
        {m.judicialConfirmationDue && (
          <Space wrap data-testid="mediation-confirmation">
            <span>{t('caseForms.mediation.confirmationDue', { due: m.judicialConfirmationDue })}</span>
            <Tag color={m.judicialConfirmation === 'confirmed' ? 'green' : 'blue'}>
              {t(`caseForms.mediation.confirmations.${m.judicialConfirmation}`)}
            </Tag>
            {m.judicialConfirmation === 'none' && m.daysLeftForConfirmation !== null && (
              <Tag
                color={m.daysLeftForConfirmation < 0 ? 'red' : m.daysLeftForConfirmation <= 7 ? 'orange' : 'default'}
              >
                {m.daysLeftForConfirmation < 0
                  ? t('caseForms.mediation.windowClosed')
                  : t('caseForms.mediation.daysLeft', { count: m.daysLeftForConfirmation })}
              </Tag>
            )}
          </Space>
        )}
      </Space>
    </List.Item>
  );
}

/** The outcome: an agreement (the 30-day window starts at its signing) or none, with the reason. */
function OutcomeButton({ c, m }: { c: CaseView; m: MediationView }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  return (
    <FormModalButton<OutcomeValues>
      testId="mediation-outcome"
      buttonProps={{ size: 'small', type: 'primary' }}
      label={t('caseForms.mediation.outcome')}
      title={t('caseForms.mediation.outcome')}
      initialValues={{ status: 'agreement', agreementAt: federationNow() }}
      onSubmit={(v) =>
        act.mutateAsync({
          path: `/mediations/${m.id}/outcome`,
          body:
            v.status === 'agreement'
              ? {
                  status: 'agreement',
                  agreementAt: v.agreementAt ? fromPickerValue(v.agreementAt) : undefined,
                  terms: v.terms,
                  signedBy: lines(v.signedBy),
                  ...(v.obligations ? { obligations: v.obligations } : {}),
                  ...(v.performanceDue ? { performanceDue: v.performanceDue.format('YYYY-MM-DD') } : {}),
                }
              : { status: 'no_agreement', reason: v.reason },
        })
      }
    >
      <Form.Item name="status">
        <Radio.Group
          data-testid="mediation-outcome-status"
          options={[
            { value: 'agreement', label: t('caseForms.mediation.agreement') },
            { value: 'no_agreement', label: t('caseForms.mediation.noAgreement') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['status']}>
        {({ getFieldValue }) =>
          getFieldValue('status') === 'agreement' ? (
            <>
              <Form.Item name="agreementAt" label={t('caseForms.mediation.agreementAt')} rules={[{ required: true }]}>
                <DatePicker showTime />
              </Form.Item>
              <Form.Item name="terms" label={t('caseForms.mediation.terms')} rules={[{ required: true, min: 4 }]}>
                <Input.TextArea data-testid="mediation-terms" rows={3} maxLength={4000} />
              </Form.Item>
              <Form.Item name="obligations" label={t('caseForms.mediation.obligations')}>
                <Input.TextArea data-testid="mediation-obligations" rows={2} maxLength={2000} />
              </Form.Item>
              <Form.Item name="performanceDue" label={t('caseForms.mediation.performanceDue')}>
                <DatePicker data-testid="mediation-performance-due" />
              </Form.Item>
              <Form.Item name="signedBy" label={t('caseForms.mediation.signedBy')} rules={[{ required: true }]}>
                <Input.TextArea data-testid="mediation-signed-by" rows={2} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="reason" label={t('caseForms.mediation.reason')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea data-testid="mediation-no-agreement-reason" rows={2} maxLength={1000} />
            </Form.Item>
          )
        }
      </Form.Item>
    </FormModalButton>
  );
}
