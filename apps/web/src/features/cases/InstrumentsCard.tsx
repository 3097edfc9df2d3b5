import { Card, DatePicker, Form, Input, List, Select, Space, Switch, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { INSTRUMENT_KIND_LABELS, INSTRUMENT_KINDS, type CaseView } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { FormModalButton } from './FormModalButton';
import { useCaseAction } from './cases.api';

interface Values {
  kind: 'warning_letter' | 'protection_order';
  status: 'applied' | 'issued';
  issuer?: string;
  documentNo?: string;
  validUntil?: Dayjs;
  urgent: boolean;
}

/** 告诫书 and 人身安全保护令: applied, issued, valid until — with the days left before expiry. */
export function InstrumentsCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const act = useCaseAction(c.id);
  return (
    <Card
      size="small"
      title={t('cases.instruments')}
      data-testid="case-instruments"
      extra={
        c.allowedActions.includes('instrument') && (
          <FormModalButton<Values>
            testId="case-instrument"
            label={t('cases.addInstrument')}
            title={t('cases.addInstrument')}
            initialValues={{ kind: 'protection_order', status: 'issued', urgent: false }}
            onSubmit={(v) =>
              act.mutateAsync({
                path: '/instruments',
                body: {
                  kind: v.kind,
                  status: v.status,
                  urgent: v.urgent,
                  ...(v.issuer ? { issuer: v.issuer } : {}),
                  ...(v.documentNo ? { documentNo: v.documentNo } : {}),
                  ...(v.validUntil ? { validUntil: v.validUntil.format('YYYY-MM-DD') } : {}),
                },
              })
            }
          >
            <Form.Item name="kind" label={t('cases.kind')}>
              <Select options={INSTRUMENT_KINDS.map((k) => ({ value: k, label: l(INSTRUMENT_KIND_LABELS[k]) }))} />
            </Form.Item>
            <Form.Item name="status" label={t('cases.status')}>
              <Select
                options={[
                  { value: 'applied', label: t('cases.applied') },
                  { value: 'issued', label: t('cases.issued') },
                ]}
              />
            </Form.Item>
            <Form.Item name="issuer" label={t('cases.issuer')}>
              <Input data-testid="case-instrument-issuer" />
            </Form.Item>
            <Form.Item name="documentNo" label={t('cases.documentNo')}>
              <Input data-testid="case-instrument-no" />
            </Form.Item>
            <Form.Item name="validUntil" label={t('cases.validUntil')}>
              <DatePicker data-testid="case-instrument-until" />
            </Form.Item>
            <Form.Item name="urgent" label={t('cases.urgent')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </FormModalButton>
        )
      }
    >
      <List
        dataSource={c.instruments}
        locale={{ emptyText: '—' }}
        renderItem={(i) => (
          <List.Item data-testid={`instrument-${i.id}`}>
            <Space wrap>
              <b>{l(INSTRUMENT_KIND_LABELS[i.kind])}</b>
              <Tag color={i.status === 'issued' ? 'green' : i.status === 'rejected' ? 'red' : 'blue'}>
                {i.status === 'issued' ? t('cases.issued') : i.status === 'applied' ? t('cases.applied') : i.status}
              </Tag>
              {i.issuer}
              {i.documentNo && ` · ${i.documentNo}`}
              {i.validUntil && (
                <span>
                  {t('cases.validUntil')} {i.validUntil}
                </span>
              )}
              {i.expiresInDays !== null && i.expiresInDays <= 10 && <Tag color="orange">{i.expiresInDays} d</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
