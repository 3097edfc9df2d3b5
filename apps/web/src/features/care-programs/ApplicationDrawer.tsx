import { Alert, Button, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  ApplicationInput,
  CIVIL_CATEGORIES,
  CIVIL_CATEGORY_LABELS,
  DISEASE_LABELS,
  DISEASES,
  STAGES,
  type Application,
} from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { useLocalize } from '../../i18n';
import { PersonPicker } from '../people/PersonPicker';
import { useCreateApplication, useEligibility, usePrograms } from './care-programs.api';

interface Values {
  personId?: number;
  programId?: number;
  amount?: number;
  civilCategory?: string;
  disease?: string;
  invasive?: boolean;
  stage?: string;
  hospital?: string;
  diagnosedOn?: Dayjs;
  bankName?: string;
  accountNumber?: string;
  accountHolder?: string;
  note?: string;
  overrideReason?: string;
}

/** 新建申请 for a woman of the subtree: the program's rules are checked as she is chosen and again on save. */
export function ApplicationDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (a: Application) => void;
}) {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const acting = useActingOrg();
  const [form] = Form.useForm<Values>();
  const personId = Form.useWatch('personId', form);
  const programId = Form.useWatch('programId', form);
  const programs = usePrograms(acting?.id ?? null);
  const verdicts = useEligibility(personId);
  const create = useCreateApplication();
  const program = programs.data?.find((p) => p.id === programId);
  const verdict = verdicts.data?.find((v) => v.program.id === programId);
  const needsDiagnosis = !!program?.eligibility.diagnoses.length;
  const needsCategory = !!program?.eligibility.civilCategories.length;
  const needsBank = !!program?.materials.some((m) => m.code === 'bank_card');
  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      ApplicationInput,
      {
        programId: v.programId,
        personId: v.personId,
        ...(v.amount !== undefined && v.amount !== null ? { amount: v.amount } : {}),
        civilCategory: needsCategory ? (v.civilCategory ?? null) : null,
        diagnosis: needsDiagnosis
          ? {
              disease: v.disease,
              invasive: !!v.invasive,
              stage: v.stage ?? null,
              hospital: v.hospital,
              diagnosedOn: isoDate(v.diagnosedOn),
              note: '',
            }
          : null,
        bankAccount: v.accountNumber
          ? { bankName: v.bankName, accountNumber: v.accountNumber, accountHolder: v.accountHolder }
          : null,
        note: v.note?.trim() ?? '',
        ...(v.overrideReason?.trim() ? { override: { reason: v.overrideReason.trim() } } : {}),
      },
      form,
    );
    if (!input) return;
    create.mutate(input, {
      onSuccess: (a) => {
        onClose();
        onCreated(a);
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };
  return (
    <Drawer
      title={t('care.newApplication')}
      open={open}
      onClose={onClose}
      width={620}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() => void submit()}
            data-testid="application-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="personId" label={t('care.person')} rules={[{ required: true }]}>
          <PersonPicker data-testid="application-person" />
        </Form.Item>
        <Form.Item name="programId" label={t('care.program')} rules={[{ required: true }]}>
          <Select
            data-testid="application-program"
            options={(programs.data ?? [])
              .filter((p) => p.state === 'open' && !['parcel', 'greeting'].includes(p.kind))
              .map((p) => ({ value: p.id, label: p.name }))}
          />
        </Form.Item>
        {verdict && verdict.verdict === 'ineligible' && (
          <Alert
            type="error"
            style={{ marginBottom: 16 }}
            message={verdict.problems.map((p) => l(p.message)).join('；')}
          />
        )}
        {needsCategory && (
          <Form.Item name="civilCategory" label={t('care.civilCategory')} rules={[{ required: true }]}>
            <Select
              options={CIVIL_CATEGORIES.map((c) => ({ value: c, label: l(CIVIL_CATEGORY_LABELS[c]) }))}
              data-testid="application-category"
            />
          </Form.Item>
        )}
        {needsDiagnosis && (
          <Space wrap>
            <Form.Item name="disease" label={t('care.disease')} rules={[{ required: true }]}>
              <Select
                style={{ width: 140 }}
                options={DISEASES.map((d) => ({ value: d, label: l(DISEASE_LABELS[d]) }))}
                data-testid="application-disease"
              />
            </Form.Item>
            <Form.Item name="invasive" label={t('care.invasive')} valuePropName="checked">
              <Checkbox data-testid="application-invasive" />
            </Form.Item>
            <Form.Item name="stage" label={t('care.stage')}>
              <Select
                allowClear
                style={{ width: 100 }}
                options={STAGES.map((s) => ({ value: s, label: s }))}
                data-testid="application-stage"
              />
            </Form.Item>
            <Form.Item name="hospital" label={t('care.hospital')} rules={[{ required: true }]}>
              <Input style={{ width: 200 }} data-testid="application-hospital" />
            </Form.Item>
            <Form.Item name="diagnosedOn" label={t('care.diagnosedOn')} rules={[{ required: true }]}>
              <DatePicker data-testid="application-diagnosed-on" />
            </Form.Item>
          </Space>
        )}
        {needsBank && (
          <Space wrap>
            <Form.Item name="bankName" label={t('care.bankName')} rules={[{ required: true }]}>
              <Input data-testid="application-bank" />
            </Form.Item>
            <Form.Item name="accountNumber" label={t('care.accountNumber')} rules={[{ required: true }]}>
              <Input data-testid="application-account" />
            </Form.Item>
            <Form.Item name="accountHolder" label={t('care.accountHolder')} rules={[{ required: true }]}>
              <Input data-testid="application-holder" />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="amount" label={t('care.amount')} extra={program ? `≤ ${program.benefit.amount}` : undefined}>
          <InputNumber min={0} precision={2} />
        </Form.Item>
        <Form.Item name="note" label={t('care.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {can('care.override') && (
          <Form.Item name="overrideReason" label={t('care.override')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
