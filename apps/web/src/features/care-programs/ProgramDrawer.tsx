import { useEffect } from 'react';
import { Button, Card, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  CAMPAIGN_LEVELS,
  CIVIL_CATEGORIES,
  CIVIL_CATEGORY_LABELS,
  CONSULT_AGENCIES,
  CONSULT_AGENCY_LABELS,
  PERIOD_RULE_LABELS,
  PERIOD_RULES,
  PROGRAM_KIND_LABELS,
  PROGRAM_KINDS,
  ProgramInput,
  type OrgSummary,
} from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { federationToday } from '../../app/time';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { TagSelect } from '../people/TagSelect';
import { useCreateProgram } from './care-programs.api';

interface Values {
  orgId?: number;
  code?: string;
  name?: string;
  kind?: string;
  description?: string;
  amount?: number;
  benefitKind?: string;
  period?: string;
  budget?: number | null;
  startsOn?: Dayjs;
  sex?: string | null;
  ageMin?: number | null;
  ageMax?: number | null;
  tagsAny?: string[];
  civilCategories?: string[];
  diagnoses?: string[];
  materials?: { code?: string; name?: string }[];
  reviewChain?: { code?: string; name?: string; levels?: string[]; workdays?: number; consult?: string[] }[];
  paymentLevels?: string[];
  quotas?: { orgId?: number; quota?: number; budget?: number | null }[];
}

const PRESETS = {
  cervical: { disease: 'cervical_cancer', invasive: true, minStage: 'IIB' },
  breast: { disease: 'breast_cancer', invasive: true, minStage: null },
} as const;

/** 新建项目: the rules are data — eligibility, benefit, period rule, materials, review chain by level, quotas. */
export function ProgramDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg();
  const [form] = Form.useForm<Values>();
  const create = useCreateProgram();
  useEffect(() => {
    if (open)
      form.setFieldsValue({
        orgId: acting?.id,
        kind: 'aid',
        benefitKind: 'money',
        period: 'lifetime',
        startsOn: federationToday(),
        sex: 'female',
        paymentLevels: ['district'],
        materials: [{ code: 'id_card', name: '身份证' }],
        reviewChain: [{ code: 'initial', name: '初审', levels: ['village', 'town'], workdays: 10 }],
      });
  }, [open, acting, form]);
  const levelOptions = CAMPAIGN_LEVELS.map((x) => ({ value: x, label: t(`care.levelNames.${x}`) }));
  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      ProgramInput,
      {
        orgId: v.orgId,
        code: v.code?.trim(),
        name: v.name?.trim(),
        kind: v.kind,
        description: v.description?.trim() ?? '',
        eligibility: {
          sex: v.sex ?? null,
          ageMin: v.ageMin ?? null,
          ageMax: v.ageMax ?? null,
          tagsAny: v.tagsAny ?? [],
          civilCategories: v.civilCategories ?? [],
          diagnoses: (v.diagnoses ?? []).map((d) => PRESETS[d as keyof typeof PRESETS]),
        },
        benefit: { kind: v.benefitKind, amount: v.amount ?? 0 },
        period: v.period,
        materials: v.materials ?? [],
        reviewChain: (v.reviewChain ?? []).map((s) => ({ ...s, consult: s.consult ?? [] })),
        paymentLevels: v.paymentLevels,
        budget: v.budget ?? null,
        quotas: (v.quotas ?? []).map((q) => ({ orgId: q.orgId, quota: q.quota ?? 0, budget: q.budget ?? null })),
        startsOn: isoDate(v.startsOn),
      },
      form,
    );
    if (!input) return;
    create.mutate(input, {
      onSuccess: (p) => {
        notifySuccess(p.name);
        onClose();
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };
  return (
    <Drawer
      title={t('care.newProgram')}
      open={open}
      onClose={onClose}
      width={720}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => void submit()} data-testid="program-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="orgId" label={t('care.program')} rules={[{ required: true }]}>
          <OrgPicker initial={acting as OrgSummary | null} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="name" label={t('care.name')} rules={[{ required: true }]}>
            <Input maxLength={60} style={{ width: 300 }} />
          </Form.Item>
          <Form.Item name="code" label={t('care.code')} rules={[{ required: true }]}>
            <Input maxLength={40} placeholder="liangai-2026" />
          </Form.Item>
          <Form.Item name="kind" label={t('care.kind')}>
            <Select
              style={{ width: 160 }}
              options={PROGRAM_KINDS.map((k) => ({ value: k, label: l(PROGRAM_KIND_LABELS[k]) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('care.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="benefitKind" label={t('care.benefitKind')}>
            <Select
              style={{ width: 120 }}
              options={(['money', 'goods', 'services'] as const).map((k) => ({
                value: k,
                label: t(`care.benefitKinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="amount" label={t('care.benefit')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} />
          </Form.Item>
          <Form.Item name="period" label={t('care.period')}>
            <Select
              style={{ width: 140 }}
              options={PERIOD_RULES.map((p) => ({ value: p, label: l(PERIOD_RULE_LABELS[p]) }))}
            />
          </Form.Item>
          <Form.Item name="budget" label={t('care.budget')}>
            <InputNumber min={0} precision={2} />
          </Form.Item>
          <Form.Item name="startsOn" label={t('care.startsOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Card size="small" title={t('care.eligibility')} style={{ marginBottom: 16 }}>
          <Space wrap>
            <Form.Item name="sex" label={t('care.sex')}>
              <Select
                allowClear
                style={{ width: 100 }}
                options={[
                  { value: 'female', label: t('care.female') },
                  { value: 'male', label: t('care.male') },
                ]}
              />
            </Form.Item>
            <Form.Item name="ageMin" label={t('care.ageMin')}>
              <InputNumber min={0} max={120} />
            </Form.Item>
            <Form.Item name="ageMax" label={t('care.ageMax')}>
              <InputNumber min={0} max={120} />
            </Form.Item>
          </Space>
          <Form.Item name="tagsAny" label={t('care.tagsAny')}>
            <TagSelect />
          </Form.Item>
          <Form.Item name="civilCategories" label={t('care.civilCategories')}>
            <Checkbox.Group options={CIVIL_CATEGORIES.map((c) => ({ value: c, label: l(CIVIL_CATEGORY_LABELS[c]) }))} />
          </Form.Item>
          <Form.Item name="diagnoses" label={t('care.diagnoses')}>
            <Checkbox.Group
              options={(['cervical', 'breast'] as const).map((d) => ({
                value: d,
                label: t(`care.diagnosisPresets.${d}`),
              }))}
            />
          </Form.Item>
        </Card>
        <Form.Item label={t('care.materials')}>
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key}>
                    <Form.Item name={[f.name, 'code']} noStyle rules={[{ required: true }]}>
                      <Input placeholder={t('care.materialCode')} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} noStyle rules={[{ required: true }]}>
                      <Input placeholder={t('care.materialName')} style={{ width: 220 }} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      {t('common.delete')}
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({})}>
                  {t('care.addMaterial')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('care.reviewChain')}>
          <Form.List name="reviewChain">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f, i) => (
                  <Card
                    key={f.key}
                    size="small"
                    title={`${i + 1}`}
                    extra={
                      <Button type="link" danger onClick={() => remove(f.name)}>
                        {t('common.delete')}
                      </Button>
                    }
                  >
                    <Space wrap>
                      <Form.Item name={[f.name, 'name']} label={t('care.stepName')} rules={[{ required: true }]}>
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'code']} label={t('care.stepCode')} rules={[{ required: true }]}>
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'levels']} label={t('care.levels')} rules={[{ required: true }]}>
                        <Select mode="multiple" style={{ width: 200 }} options={levelOptions} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'workdays']} label={t('care.workdays')} rules={[{ required: true }]}>
                        <InputNumber min={1} max={60} />
                      </Form.Item>
                    </Space>
                    <Form.Item name={[f.name, 'consult']} label={t('care.consult')}>
                      <Checkbox.Group
                        options={CONSULT_AGENCIES.map((c) => ({ value: c, label: l(CONSULT_AGENCY_LABELS[c]) }))}
                      />
                    </Form.Item>
                  </Card>
                ))}
                <Button type="dashed" onClick={() => add({ workdays: 10 })}>
                  {t('care.addStep')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="paymentLevels" label={t('care.paymentLevels')}>
          <Select mode="multiple" options={levelOptions} />
        </Form.Item>
        <Form.Item label={t('care.quotas')}>
          <Form.List name="quotas">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} wrap>
                    <Form.Item name={[f.name, 'orgId']} noStyle rules={[{ required: true }]}>
                      <OrgPicker initial={null} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'quota']} noStyle rules={[{ required: true }]}>
                      <InputNumber min={0} placeholder={t('care.quota')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'budget']} noStyle>
                      <InputNumber min={0} placeholder={t('care.budget')} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      {t('common.delete')}
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({})}>
                  {t('care.addQuota')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
