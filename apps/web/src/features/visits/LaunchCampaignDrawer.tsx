import { useEffect } from 'react';
import { Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_LEVEL_LABELS, CAMPAIGN_LEVELS, CampaignInput, type OrgSummary } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { federationToday } from '../../app/time';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { useLaunchCampaign } from './visits.api';

interface Values {
  orgId?: number;
  name?: string;
  description?: string;
  period?: [Dayjs, Dayjs];
  targets?: {
    level?: string;
    targetGroups?: string[];
    visitorRoles?: string[];
    plannedPerOrg?: number;
    plannedPerVisitor?: number | null;
  }[];
}

/** 发起走访活动 for the subtree: period, and per level whom to visit, who visits and how many visits. */
export function LaunchCampaignDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg();
  const [form] = Form.useForm<Values>();
  const launch = useLaunchCampaign();
  useEffect(() => {
    if (open)
      form.setFieldsValue({
        orgId: acting?.id,
        period: [federationToday(), federationToday().add(4, 'month')],
        targets: [
          {
            level: 'village',
            targetGroups: ['困难妇女'],
            visitorRoles: ['cadre', 'executive_member'],
            plannedPerOrg: 10,
          },
        ],
      });
  }, [open, acting, form]);
  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      CampaignInput,
      {
        orgId: v.orgId,
        name: v.name?.trim(),
        description: v.description?.trim() ?? '',
        startsOn: isoDate(v.period?.[0]),
        endsOn: isoDate(v.period?.[1]),
        targets: (v.targets ?? []).map((x) => ({
          level: x.level,
          targetGroups: x.targetGroups ?? [],
          visitorRoles: x.visitorRoles ?? [],
          plannedPerOrg: x.plannedPerOrg ?? 0,
          plannedPerVisitor: x.plannedPerVisitor ?? null,
        })),
      },
      form,
    );
    if (!input) return;
    launch.mutate(input, {
      onSuccess: (c) => {
        notifySuccess(t('campaigns.launched', { name: c.name }));
        onClose();
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };
  return (
    <Drawer
      title={t('campaigns.launch')}
      open={open}
      onClose={onClose}
      width={640}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={launch.isPending} onClick={() => void submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="orgId" label={t('campaigns.org')} rules={[{ required: true }]}>
          <OrgPicker initial={acting as OrgSummary | null} />
        </Form.Item>
        <Form.Item name="name" label={t('campaigns.name')} rules={[{ required: true }]}>
          <Input maxLength={100} placeholder='冬春"大下访、大走访、大询访"活动' />
        </Form.Item>
        <Form.Item name="period" label={t('campaigns.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('campaigns.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item label={t('campaigns.targets')}>
          <Form.List name="targets">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Card
                    key={f.key}
                    size="small"
                    extra={
                      fields.length > 1 && (
                        <Button type="link" danger onClick={() => remove(f.name)}>
                          {t('common.delete')}
                        </Button>
                      )
                    }
                  >
                    <Form.Item name={[f.name, 'level']} label={t('campaigns.level')} rules={[{ required: true }]}>
                      <Select
                        options={CAMPAIGN_LEVELS.map((x) => ({ value: x, label: l(CAMPAIGN_LEVEL_LABELS[x]) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'targetGroups']}
                      label={t('campaigns.targetGroups')}
                      rules={[{ required: true }]}
                    >
                      <Select mode="tags" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'visitorRoles']}
                      label={t('campaigns.visitorRoles')}
                      rules={[{ required: true }]}
                    >
                      <Select
                        mode="multiple"
                        options={(['cadre', 'executive_member'] as const).map((r) => ({
                          value: r,
                          label: t(`campaigns.roles.${r}`),
                        }))}
                      />
                    </Form.Item>
                    <Space>
                      <Form.Item
                        name={[f.name, 'plannedPerOrg']}
                        label={t('campaigns.plannedPerOrg')}
                        rules={[{ required: true }]}
                      >
                        <InputNumber min={0} max={10000} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'plannedPerVisitor']} label={t('campaigns.plannedPerVisitor')}>
                        <InputNumber min={1} max={1000} />
                      </Form.Item>
                    </Space>
                  </Card>
                ))}
                {fields.length < 4 && (
                  <Button type="dashed" block onClick={() => add({ visitorRoles: ['cadre'], plannedPerOrg: 5 })}>
                    {t('campaigns.addTarget')}
                  </Button>
                )}
              </Space>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
