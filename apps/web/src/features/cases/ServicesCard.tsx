import { Card, DatePicker, Form, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { SERVICE_KINDS, SERVICE_KIND_LABELS, type CaseView } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { FormModalButton } from './FormModalButton';
import { useCaseAction } from './cases.api';
import { federationToday } from '../../app/time';

/** Services given (legal aid, counselling, shelter…); mediations have their own card (MediationCard). */
export function ServicesCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const act = useCaseAction(c.id);
  return (
    <Card
      size="small"
      title={t('cases.services')}
      data-testid="case-services"
      extra={
        c.allowedActions.includes('service') && (
          <FormModalButton<{ kind: string; provider: string; providedOn: Dayjs; detail?: string; amountYuan?: number }>
            testId="case-service"
            label={t('cases.addService')}
            title={t('cases.addService')}
            initialValues={{ kind: 'counselling', providedOn: federationToday() }}
            onSubmit={(v) =>
              act.mutateAsync({
                path: '/services',
                body: {
                  kind: v.kind,
                  provider: v.provider,
                  providedOn: v.providedOn.format('YYYY-MM-DD'),
                  ...(v.detail ? { detail: v.detail } : {}),
                  ...(v.amountYuan ? { amountYuan: v.amountYuan } : {}),
                },
              })
            }
          >
            <Form.Item name="kind" label={t('cases.kind')}>
              <Select options={SERVICE_KINDS.map((k) => ({ value: k, label: l(SERVICE_KIND_LABELS[k]) }))} />
            </Form.Item>
            <Form.Item name="provider" label={t('cases.provider')} rules={[{ required: true, min: 2 }]}>
              <Input data-testid="case-service-provider" />
            </Form.Item>
            <Form.Item name="providedOn" label={t('cases.providedOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="detail" label={t('cases.narrative')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="amountYuan" label="¥">
              <InputNumber min={0} />
            </Form.Item>
          </FormModalButton>
        )
      }
    >
      <List
        dataSource={c.services}
        locale={{ emptyText: '—' }}
        renderItem={(s) => (
          <List.Item>
            <Space wrap>
              <Tag>{l(SERVICE_KIND_LABELS[s.kind])}</Tag>
              {s.provider}
              <Typography.Text type="secondary">{s.providedOn}</Typography.Text>
              {s.detail}
              {s.amountYuan !== null && `¥${s.amountYuan}`}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
