import { Button, Card, Checkbox, Form, Input, Segmented, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CASE_CHANNEL_LABELS,
  CASE_TYPES,
  CASE_TYPE_LABELS,
  CaseIntakeInput,
  RISK_INDICATORS,
  type CaseType,
  type RiskIndicator,
} from '@jinguo/contracts';
import { getActingOrg } from '../../app/actingOrg';
import { useMe } from '../../app/auth';
import { applyProblemToForm } from '../../app/forms';
import { notifyError, notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { useIntake } from './cases.api';
import { FORM_CHANNELS, IntakeChannelFields, type FormChannel } from './IntakeChannelFields';
import { federationNow, fromPickerValue } from '../../app/time';

interface Values {
  orgId: number;
  channel: FormChannel;
  caseType: CaseType;
  involvesMinor: boolean;
  calledAt: Dayjs;
  anonymous: boolean;
  callerName?: string;
  callbackPhone?: string;
  victimName?: string;
  victimPhone?: string;
  narrative: string;
  indicators: RiskIndicator[];
  mandatoryReport?: { reporterOrg: string; policeReportedAt: Dayjs; policeReceiptNo: string };
  publicOpinion?: { platform: string; url?: string; discoveredAt: Dayjs };
  gridReport?: { gridName: string; reporterName: string };
}

/** The channel's own record, as the intake contract names it. */
function channelRecord(v: Values) {
  switch (v.channel) {
    case 'hotline':
      return {
        hotline: {
          calledAt: fromPickerValue(v.calledAt),
          anonymous: v.anonymous,
          ...(v.anonymous || !v.callerName ? {} : { callerName: v.callerName }),
          ...(v.callbackPhone ? { callbackPhone: v.callbackPhone } : {}),
        },
      };
    case 'mandatory_report':
      return v.mandatoryReport
        ? {
            mandatoryReport: {
              ...v.mandatoryReport,
              policeReportedAt: fromPickerValue(v.mandatoryReport.policeReportedAt),
            },
          }
        : {};
    case 'public_opinion':
      return v.publicOpinion
        ? {
            publicOpinion: {
              platform: v.publicOpinion.platform,
              discoveredAt: fromPickerValue(v.publicOpinion.discoveredAt),
              ...(v.publicOpinion.url ? { url: v.publicOpinion.url } : {}),
            },
          }
        : {};
    case 'grid_report':
      return v.gridReport ? { gridReport: v.gridReport } : {};
    default:
      return {};
  }
}

/**
 * Case intake by channel: the 12338 call sheet (caller or anonymous, call-back number), a walk-in, a mandatory report
 * (police report time and receipt number), a 舆情 incident (platform, link, when found), a grid worker's report; then
 * what happened and the risk checklist.
 */
export function HotlineIntakePage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const navigate = useNavigate();
  const intake = useIntake();
  const me = useMe();
  const acting = getActingOrg();
  const [form] = Form.useForm<Values>();
  const anonymous = Form.useWatch('anonymous', form);
  const channel = Form.useWatch('channel', form);

  async function submit(v: Values) {
    const input = {
      orgId: v.orgId,
      channel: v.channel,
      caseType: v.caseType,
      narrative: v.narrative,
      involvesMinor: v.involvesMinor,
      ...channelRecord(v),
      parties: [
        {
          role: 'victim',
          unregistered: {
            ...(v.victimName ? { name: v.victimName } : {}),
            ...(v.victimPhone ? { phone: v.victimPhone } : {}),
            gender: 'female',
            minor: v.channel === 'mandatory_report',
          },
        },
      ],
      indicators: v.indicators ?? [],
    };
    const parsed = CaseIntakeInput.safeParse(input);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          // the call sheet's fields sit at the top of the form; the other channels' under their record's name
          name: (i.path[0] === 'hotline' ? i.path.slice(-1) : i.path).map(String) as never,
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
      applyProblemToForm(form, e);
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
          channel: 'hotline',
          involvesMinor: false,
          calledAt: federationNow(),
          mandatoryReport: { policeReportedAt: federationNow() },
          publicOpinion: { discoveredAt: federationNow() },
          anonymous: false,
          caseType: 'domestic_violence',
          indicators: [],
          orgId: acting?.id ?? me.homeOrg.id,
        }}
        data-testid="intake-form"
      >
        <Form.Item name="channel" label={t('caseForms.intake.channel')} rules={[{ required: true }]}>
          <Segmented
            data-testid="intake-channel"
            options={FORM_CHANNELS.map((c) => ({ value: c, label: l(CASE_CHANNEL_LABELS[c]) }))}
            onChange={(v) => v === 'mandatory_report' && form.setFieldValue('involvesMinor', true)}
          />
        </Form.Item>
        <Form.Item name="orgId" label={t('cases.org')} rules={[{ required: true }]}>
          <OrgPicker data-testid="intake-org" initial={acting ?? me.homeOrg} />
        </Form.Item>
        <Form.Item name="caseType" label={t('cases.type')} rules={[{ required: true }]}>
          <Select
            data-testid="intake-type"
            options={CASE_TYPES.map((c) => ({ value: c, label: l(CASE_TYPE_LABELS[c]) }))}
          />
        </Form.Item>
        <IntakeChannelFields channel={channel ?? 'hotline'} anonymous={!!anonymous} />
        <Form.Item name="involvesMinor" label={t('caseForms.intake.involvesMinor')} valuePropName="checked">
          <Switch data-testid="intake-minor" />
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
