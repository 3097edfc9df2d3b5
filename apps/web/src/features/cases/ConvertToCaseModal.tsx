import { Alert, Checkbox, Form, Input, Modal, Select, Switch } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CASE_TYPES,
  CASE_TYPE_LABELS,
  CaseFromDemandInput,
  RISK_INDICATORS,
  type CaseType,
  type Demand,
  type RiskIndicator,
} from '@jinguo/contracts';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { useCaseFromDemand } from './cases.api';

interface Values {
  caseType: CaseType;
  narrative: string;
  involvesMinor: boolean;
  indicators: RiskIndicator[];
}

/**
 * 诉求转维权: what the worker adds when a demand becomes a rights case — the case type, the narrative (the demand's
 * words to start from), a first risk assessment. Opens the new case on success.
 */
export function ConvertToCaseModal({ demand, open, onClose }: { demand: Demand; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const convert = useCaseFromDemand(demand.id);

  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      CaseFromDemandInput,
      {
        caseType: v.caseType,
        narrative: v.narrative?.trim(),
        involvesMinor: v.involvesMinor,
        indicators: v.indicators ?? [],
      },
      form,
    );
    if (!input) return;
    convert.mutate(input, {
      onSuccess: (view) => {
        notifySuccess(`${t('cases.fromDemand.done')} ${view.caseNo}`);
        onClose();
        void navigate(`/cases/${view.id}`);
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Modal
      title={t('cases.fromDemand.title')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      destroyOnHidden
      width={720}
      okText={t('cases.fromDemand.submit')}
      confirmLoading={convert.isPending}
      okButtonProps={{ 'data-testid': 'convert-case-submit' }}
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('cases.fromDemand.hint')} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="convert-case-form"
        initialValues={{
          caseType: 'domestic_violence',
          narrative: `${demand.title}\n${demand.description}`.slice(0, 5000),
          involvesMinor: false,
          indicators: [],
        }}
      >
        <Form.Item name="caseType" label={t('cases.type')} rules={[{ required: true }]}>
          <Select
            data-testid="convert-case-type"
            options={CASE_TYPES.map((c) => ({ value: c, label: l(CASE_TYPE_LABELS[c]) }))}
          />
        </Form.Item>
        <Form.Item name="narrative" label={t('cases.narrative')} rules={[{ required: true, min: 5 }]}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="convert-case-narrative" />
        </Form.Item>
        <Form.Item name="involvesMinor" label={t('cases.fromDemand.involvesMinor')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="indicators" label={t('cases.indicators')}>
          <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 4 }}>
            {RISK_INDICATORS.map((i) => (
              <Checkbox key={i.code} value={i.code} data-testid={`convert-indicator-${i.code}`}>
                {l(i.label)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
