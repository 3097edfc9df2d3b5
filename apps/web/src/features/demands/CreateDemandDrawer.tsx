import { useEffect } from 'react';
import { Button, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  DEMAND_SOURCE_LABELS,
  DemandInput,
  URGENCIES,
  URGENCY_LABELS,
  type DemandSource,
  type OrgSummary,
} from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { PersonPicker } from '../people/PersonPicker';
import { CategorySelect } from './CategorySelect';
import { useCreateDemand } from './demands.api';
import { fromPickerValue } from '../../app/time';

/** Sources staff enter by hand; online orders come from the residents' portal. */
const STAFF_SOURCES: DemandSource[] = ['hotline_12338', 'walk_in', 'grid_report', 'visit', 'deliberation'];

interface Values {
  orgId?: number;
  source: DemandSource;
  sourceRef?: string;
  category?: string;
  urgency: string;
  title?: string;
  description?: string;
  personId?: number;
  name?: string;
  phone?: string;
  receivedAt?: Dayjs | null;
}

/** 登记诉求: a hotline call sheet, a walk-in, a grid worker's report… into the queue of an org of the subtree. */
export function CreateDemandDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg();
  const [form] = Form.useForm<Values>();
  const create = useCreateDemand();

  useEffect(() => {
    if (open) form.setFieldsValue({ orgId: acting?.id, source: 'hotline_12338', urgency: 'ordinary' });
  }, [open, acting, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const trim = (s?: string) => (s?.trim() ? s.trim() : undefined);
    const input = parseWith(
      DemandInput,
      {
        orgId: v.orgId,
        source: v.source,
        category: v.category,
        urgency: v.urgency,
        title: trim(v.title),
        description: trim(v.description),
        sourceRef: trim(v.sourceRef) ?? null,
        requester: { personId: v.personId ?? null, name: trim(v.name) ?? null, phone: trim(v.phone) ?? null },
        ...(v.receivedAt ? { receivedAt: fromPickerValue(v.receivedAt) } : {}),
      },
      form,
    );
    if (!input) return;
    create.mutate(input, {
      onSuccess: (d) => {
        notifySuccess(t('demands.created', { code: d.code }));
        form.resetFields();
        onClose();
        onCreated(d.id);
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Drawer
      title={t('demands.create')}
      open={open}
      onClose={onClose}
      width={560}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            onClick={() => void submit()}
            loading={create.isPending}
            data-testid="demand-create-submit"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" data-testid="demand-create-form">
        <Form.Item name="orgId" label={t('demands.org')} rules={[{ required: true }]}>
          <OrgPicker initial={acting as OrgSummary | null} data-testid="demand-org" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="source" label={t('demands.source')} style={{ width: '50%' }}>
            <Select
              options={STAFF_SOURCES.map((s) => ({ value: s, label: l(DEMAND_SOURCE_LABELS[s]) }))}
              data-testid="demand-source"
            />
          </Form.Item>
          <Form.Item name="sourceRef" label={t('demands.sourceRef')} style={{ width: '50%' }}>
            <Input maxLength={60} data-testid="demand-source-ref" />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item
            name="category"
            label={t('demands.category')}
            rules={[{ required: true }]}
            style={{ width: '50%' }}
          >
            <CategorySelect data-testid="demand-category" />
          </Form.Item>
          <Form.Item name="urgency" label={t('demands.urgency')} style={{ width: '50%' }}>
            <Select
              options={URGENCIES.map((u) => ({ value: u, label: l(URGENCY_LABELS[u]) }))}
              data-testid="demand-urgency"
            />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="title" label={t('demands.title')} rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="demand-title" />
        </Form.Item>
        <Form.Item name="description" label={t('demands.description')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="demand-description" />
        </Form.Item>
        <Form.Item name="personId" label={t('demands.requesterPerson')}>
          <PersonPicker data-testid="demand-person" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="name" label={t('demands.requesterName')} style={{ width: '50%' }}>
            <Input maxLength={50} data-testid="demand-requester-name" />
          </Form.Item>
          <Form.Item name="phone" label={t('demands.requesterPhone')} style={{ width: '50%' }}>
            <Input maxLength={11} data-testid="demand-requester-phone" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="receivedAt" label={t('demands.receivedAt')} extra={t('demands.receivedAtHint')}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            data-testid="demand-received-at"
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
