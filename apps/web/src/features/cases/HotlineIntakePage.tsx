import { Button, Card, Checkbox, DatePicker, Form, Input, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CASE_TYPES,
  CASE_TYPE_LABELS,
  CaseIntakeInput,
  RISK_INDICATORS,
  type CaseType,
  type RiskIndicator,
} from '@jinguo/contracts';
import { getActingOrg } from '../../app/actingOrg';
import { useMe } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { useIntake } from './cases.api';
import { federationNow, fromPickerValue } from '../../app/time';

interface Values {
  orgId: number;
  caseType: CaseType;
  calledAt: Dayjs;
  anonymous: boolean;
  callerName?: string;
  callbackPhone?: string;
  victimName?: string;
  victimPhone?: string;
  narrative: string;
  indicators: RiskIndicator[];
}

/** The 12338 hotline call sheet: caller (or anonymous), call-back number, what happened, the risk checklist. */
export function HotlineIntakePage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const navigate = useNavigate();
  const intake = useIntake();
  const me = useMe();
  const acting = getActingOrg();
  const [form] = Form.useForm<Values>();
  const anonymous = Form.useWatch('anonymous', form);

  async function submit(v: Values) {
    const input = {
      orgId: v.orgId,
      channel: 'hotline',
      caseType: v.caseType,
      narrative: v.narrative,
      hotline: {
        calledAt: fromPickerValue(v.calledAt),
        anonymous: v.anonymous,
        ...(v.anonymous || !v.callerName ? {} : { callerName: v.callerName }),
        ...(v.callbackPhone ? { callbackPhone: v.callbackPhone } : {}),
      },
      parties: [
        {
          role: 'victim',
          unregistered: {
            ...(v.victimName ? { name: v.victimName } : {}),
            ...(v.victimPhone ? { phone: v.victimPhone } : {}),
            gender: 'female',
          },
        },
      ],
      indicators: v.indicators ?? [],
    };
    const parsed = CaseIntakeInput.safeParse(input);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: String(i.path[i.path.length - 1] ?? 'narrative') as keyof Values,
          errors: [i.message],
        })),
      );
      return;
    }
    try {
      const view = await intake.mutateAsync(parsed.data);
      notifySuccess(`${t('cases.intakeDone')} ${view.caseNo}`);
      void navigate(`/cases/${view.id}`);
    } catch (e) {
      notifyError(e);
    }
  }

  return (
    <Card title={t('cases.intake')} style={{ maxWidth: 900 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          calledAt: federationNow(),
          anonymous: false,
          caseType: 'domestic_violence',
          indicators: [],
          orgId: acting?.id ?? me.homeOrg.id,
        }}
        data-testid="intake-form"
      >
        <Form.Item name="orgId" label={t('cases.org')} rules={[{ required: true }]}>
          <OrgPicker data-testid="intake-org" initial={acting ?? me.homeOrg} />
        </Form.Item>
        <Form.Item name="caseType" label={t('cases.type')} rules={[{ required: true }]}>
          <Select
            data-testid="intake-type"
            options={CASE_TYPES.map((c) => ({ value: c, label: l(CASE_TYPE_LABELS[c]) }))}
          />
        </Form.Item>
        <Form.Item name="calledAt" label={t('cases.calledAt')} rules={[{ required: true }]}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="anonymous" label={t('cases.anonymous')} valuePropName="checked">
          <Switch data-testid="intake-anonymous" />
        </Form.Item>
        {!anonymous && (
          <Form.Item name="callerName" label={t('cases.callerName')}>
            <Input data-testid="intake-caller" maxLength={50} />
          </Form.Item>
        )}
        <Form.Item name="callbackPhone" label={t('cases.callbackPhone')} rules={[{ pattern: /^1[3-9]\d{9}$/ }]}>
          <Input data-testid="intake-callback" maxLength={11} />
        </Form.Item>
        <Form.Item name="victimName" label={t('cases.victimName')}>
          <Input data-testid="intake-victim" maxLength={50} />
        </Form.Item>
        <Form.Item name="narrative" label={t('cases.narrative')} rules={[{ required: true, min: 5 }]}>
          <Input.TextArea data-testid="intake-narrative" rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="indicators" label={t('cases.indicators')}>
          <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 4 }}>
            {RISK_INDICATORS.map((i) => (
              <Checkbox key={i.code} value={i.code} data-testid={`indicator-${i.code}`}>
                {l(i.label)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={intake.isPending} data-testid="intake-submit">
          {t('cases.submitIntake')}
        </Button>
      </Form>
    </Card>
  );
}
