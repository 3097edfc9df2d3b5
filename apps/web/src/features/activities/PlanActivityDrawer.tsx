import { useEffect } from 'react';
import { Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_KINDS, ActivityInput, ActivityPatch, type Activity, type ActivityKind } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { usePlanActivity, useSpaces, useUpdateActivity } from './activities.api';
import { federationNow, fromPickerValue, toPickerValue } from '../../app/time';

interface Values {
  orgId?: number;
  kind: ActivityKind;
  title?: string;
  topic?: string;
  audience?: string;
  spaceId?: number | null;
  address?: string;
  startsAt?: Dayjs;
  endsAt?: Dayjs;
  capacity?: number | null;
  organiser?: string;
  speakers?: string[];
  partners?: string;
  budgetYuan?: number | null;
  hours?: number | null;
  credits?: number | null;
  postsOffered?: number | null;
}

/**
 * 策划活动: what, for whom, where (a space of the org or an address), when, how many, who speaks, the budget. With
 * `activity`, the same form edits a planned or open one.
 */
export function PlanActivityDrawer({
  open,
  onClose,
  onPlanned,
  activity,
}: {
  open: boolean;
  onClose: () => void;
  onPlanned: (a: Activity) => void;
  activity?: Activity;
}) {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg();
  const [form] = Form.useForm<Values>();
  const orgId = Form.useWatch('orgId', form);
  const kind = Form.useWatch('kind', form);
  const spaces = useSpaces(orgId ?? null);
  const plan = usePlanActivity();
  const update = useUpdateActivity(activity?.id ?? 0);
  useEffect(() => {
    if (!open) return;
    if (activity) {
      form.setFieldsValue({
        orgId: activity.org.id,
        kind: activity.kind,
        title: activity.title,
        topic: activity.topic,
        audience: activity.audience,
        spaceId: activity.space?.id ?? null,
        address: activity.address ?? undefined,
        startsAt: toPickerValue(activity.startsAt),
        endsAt: toPickerValue(activity.endsAt),
        capacity: activity.capacity,
        organiser: activity.organiser,
        speakers: activity.speakers,
        partners: activity.partners,
        budgetYuan: activity.budgetYuan,
        hours: activity.hours,
        credits: activity.credits,
        postsOffered: activity.postsOffered,
      });
      return;
    }
    const start = federationNow().add(30, 'minute').startOf('minute');
    form.setFieldsValue({
      orgId: acting?.id,
      kind: 'lecture',
      startsAt: start,
      endsAt: start.add(90, 'minute'),
      organiser: acting?.name,
      speakers: [],
    });
  }, [open, acting, form, activity]);

  const submit = async () => {
    const v = await form.validateFields();
    const values = {
      orgId: v.orgId,
      kind: v.kind,
      title: v.title?.trim(),
      topic: v.topic?.trim() ?? '',
      audience: v.audience?.trim() ?? '',
      spaceId: v.spaceId ?? null,
      address: v.address?.trim() || null,
      startsAt: v.startsAt ? fromPickerValue(v.startsAt) : undefined,
      endsAt: v.endsAt ? fromPickerValue(v.endsAt) : undefined,
      capacity: v.capacity ?? null,
      organiser: v.organiser?.trim(),
      speakers: v.speakers ?? [],
      partners: v.partners?.trim() ?? '',
      budgetYuan: v.budgetYuan ?? null,
      hours: v.hours ?? null,
      credits: v.credits ?? null,
      postsOffered: v.postsOffered ?? null,
    };
    try {
      let saved: Activity;
      if (activity) {
        const { orgId: _org, ...rest } = values;
        const patch = parseWith(ActivityPatch, rest, form);
        if (!patch) return;
        saved = await update.mutateAsync(patch);
      } else {
        const input = parseWith(ActivityInput, values, form);
        if (!input) return;
        saved = await plan.mutateAsync(input);
        notifySuccess(t('activities.planned'));
      }
      form.resetFields();
      onClose();
      onPlanned(saved);
    } catch (e) {
      applyProblemToForm(form, e);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={activity ? t('common.edit') : t('activities.plan')}
      width={560}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={plan.isPending || update.isPending}
            onClick={() => void submit()}
            data-testid="activity-submit"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" data-testid="activity-form">
        {!activity && (
          <Form.Item name="orgId" label={t('activities.org')} rules={[{ required: true }]}>
            <OrgPicker initial={acting ?? undefined} />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('activities.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="activity-kind"
            options={Object.entries(ACTIVITY_KINDS).map(([k, v]) => ({ value: k, label: l(v) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('activities.title')} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input data-testid="activity-title" maxLength={100} />
        </Form.Item>
        <Form.Item name="topic" label={t('activities.topic')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="audience" label={t('activities.audience')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="spaceId" label={t('activities.space')}>
          <Select
            allowClear
            data-testid="activity-space"
            options={(spaces.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.org.name}）` }))}
          />
        </Form.Item>
        <Form.Item name="address" label={t('activities.address')}>
          <Input data-testid="activity-address" maxLength={200} />
        </Form.Item>
        <Space>
          <Form.Item name="startsAt" label={t('activities.startsAt')} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="endsAt" label={t('activities.endsAt')} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="capacity" label={t('activities.capacity')}>
            <InputNumber min={1} max={100000} placeholder={t('activities.unlimited')} data-testid="activity-capacity" />
          </Form.Item>
          <Form.Item name="budgetYuan" label={t('activities.budget')}>
            <InputNumber min={0} />
          </Form.Item>
          {kind === 'training' && (
            <>
              <Form.Item name="hours" label={t('activities.hours')}>
                <InputNumber min={0} max={200} step={0.5} />
              </Form.Item>
              <Form.Item name="credits" label={t('activities.credits')}>
                <InputNumber min={0} max={100} step={0.5} />
              </Form.Item>
            </>
          )}
          {kind === 'job_fair' && (
            <Form.Item name="postsOffered" label={t('activities.postsOffered')}>
              <InputNumber min={0} />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="organiser" label={t('activities.organiser')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="speakers" label={t('activities.speakers')}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} />
        </Form.Item>
        <Form.Item name="partners" label={t('activities.partners')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
