import { Alert, DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '@jinguo/contracts';
import { FormModalButton } from './FormModalButton';
import { useCaseAction } from './cases.api';
import { federationNow, fromPickerValue, toPickerValue } from '../../app/time';

interface Values {
  reporterOrg: string;
  policeReportedAt: Dayjs;
  policeReceiptNo: string;
}

/** The fields of a 强制报告: who reported, when the police were told, the receipt number (intake and case page). */
export function MandatoryReportFields({ prefix = [] }: { prefix?: string[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name={[...prefix, 'reporterOrg']}
        label={t('caseForms.mandatory.reporterOrg')}
        rules={[{ required: true, min: 2 }]}
      >
        <Input data-testid="mandatory-reporter-org" maxLength={100} />
      </Form.Item>
      <Form.Item
        name={[...prefix, 'policeReportedAt']}
        label={t('caseForms.mandatory.policeReportedAt')}
        rules={[{ required: true }]}
      >
        <DatePicker showTime data-testid="mandatory-police-at" />
      </Form.Item>
      <Form.Item
        name={[...prefix, 'policeReceiptNo']}
        label={t('caseForms.mandatory.policeReceiptNo')}
        rules={[{ required: true, min: 3 }]}
      >
        <Input data-testid="mandatory-receipt-no" maxLength={50} />
      </Form.Item>
    </>
  );
}

/** Records (or corrects) the mandatory report on an open case. */
export function MandatoryReportButton({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  if (!c.allowedActions.includes('mandatory_report')) return null;
  const current = c.intake.mandatoryReport;
  return (
    <FormModalButton<Values>
      testId="case-mandatory-report"
      label={t('caseForms.mandatory.record')}
      title={t('caseForms.mandatory.title')}
      initialValues={
        current
          ? { ...current, policeReportedAt: toPickerValue(current.policeReportedAt) }
          : { policeReportedAt: federationNow() }
      }
      onSubmit={(v) =>
        act.mutateAsync({
          path: '/mandatory-report',
          method: 'PUT',
          body: { ...v, policeReportedAt: fromPickerValue(v.policeReportedAt) },
        })
      }
    >
      {!c.involvesMinor && (
        <Alert type="info" style={{ marginBottom: 12 }} message={t('caseForms.mandatory.minorHint')} />
      )}
      <MandatoryReportFields />
    </FormModalButton>
  );
}
