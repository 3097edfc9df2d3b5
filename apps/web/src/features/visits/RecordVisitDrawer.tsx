import { useEffect } from 'react';
import { Button, Card, DatePicker, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { URGENCIES, URGENCY_LABELS, VisitInput, type OrgSummary, type Visit, type VisitKind } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { federationToday } from '../../app/time';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { CategorySelect } from '../demands/CategorySelect';
import { OrgPicker } from '../organizations/OrgPicker';
import { PersonPicker } from '../people/PersonPicker';
import { useCampaigns, useRecordVisit } from './visits.api';

interface Values {
  orgId?: number;
  kind: VisitKind;
  campaignId?: number;
  visitedOn?: Dayjs;
  place?: string;
  companions?: string;
  personIds?: { id?: number }[];
  situation?: string;
  followUpOn?: Dayjs | null;
  needs?: { category?: string; urgency?: string; title?: string; description?: string; toDemand?: boolean }[];
}

/** 登记走访: who was visited, what was found, the needs raised (each put in the demand queue in one step). */
export function RecordVisitDrawer({
  open,
  onClose,
  onRecorded,
}: {
  open: boolean;
  onClose: () => void;
  onRecorded: (v: Visit) => void;
}) {
  const { t } = useTranslation();
  const l = useLocalize();
  const { me } = useAuth();
  const acting = useActingOrg();
  const [form] = Form.useForm<Values>();
  const campaigns = useCampaigns(acting?.id ?? null);
  const record = useRecordVisit();
  const isMember = me?.roles.includes('executive_member') && !me.roles.includes('cadre');
  useEffect(() => {
    if (open)
      form.setFieldsValue({
        orgId: acting?.id,
        kind: isMember ? 'routine' : 'other',
        visitedOn: federationToday(),
        personIds: [{}],
        needs: [],
      });
  }, [open, acting, form, isMember]);
  const kind = Form.useWatch('kind', form);

  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      VisitInput,
      {
        orgId: v.orgId,
        kind: v.kind,
        campaignId: v.kind === 'campaign' ? (v.campaignId ?? null) : null,
        visitedOn: isoDate(v.visitedOn),
        place: v.place?.trim(),
        companions: v.companions?.trim() || null,
        personIds: (v.personIds ?? []).flatMap((p) => (p.id ? [p.id] : [])),
        situation: v.situation?.trim(),
        followUpOn: isoDate(v.followUpOn) ?? null,
        needs: (v.needs ?? []).map((n) => ({
          category: n.category,
          urgency: n.urgency ?? 'ordinary',
          title: n.title?.trim(),
          description: n.description?.trim(),
          toDemand: n.toDemand ?? true,
        })),
      },
      form,
    );
    if (!input) return;
    record.mutate(input, {
      onSuccess: (visit) => {
        notifySuccess(t('visits.recorded'));
        form.resetFields();
        onClose();
        onRecorded(visit);
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Drawer
      title={t('visits.record')}
      open={open}
      onClose={onClose}
      width={620}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={record.isPending} onClick={() => void submit()} data-testid="visit-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" data-testid="visit-form">
        <Form.Item name="orgId" label={t('demands.org')} rules={[{ required: true }]}>
          <OrgPicker initial={acting as OrgSummary | null} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="kind" label={t('visits.kind')} style={{ width: '50%' }}>
            <Select
              options={(['campaign', 'routine', 'other'] as const).map((k) => ({
                value: k,
                label: t(`visits.kinds.${k}`),
              }))}
              data-testid="visit-kind"
            />
          </Form.Item>
          <Form.Item
            name="visitedOn"
            label={t('visits.visitedOn')}
            rules={[{ required: true }]}
            style={{ width: '50%' }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        {kind === 'campaign' && (
          <Form.Item name="campaignId" label={t('visits.campaign')} rules={[{ required: true }]}>
            <Select
              options={(campaigns.data ?? [])
                .filter((c) => c.status === 'active')
                .map((c) => ({ value: c.id, label: c.name }))}
              data-testid="visit-campaign"
            />
          </Form.Item>
        )}
        <Form.Item name="place" label={t('visits.place')} rules={[{ required: true }]}>
          <Input maxLength={200} data-testid="visit-place" />
        </Form.Item>
        <Form.Item label={t('visits.persons')}>
          <Form.List name="personIds">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} style={{ display: 'flex' }} align="baseline">
                    <Form.Item name={[f.name, 'id']} noStyle>
                      <PersonPicker data-testid="visit-person" />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button type="link" danger onClick={() => remove(f.name)}>
                        {t('common.delete')}
                      </Button>
                    )}
                  </Space>
                ))}
                <Button type="dashed" size="small" onClick={() => add({})}>
                  + {t('visits.persons')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="companions" label={t('visits.companions')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="situation" label={t('visits.situation')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="visit-situation" />
        </Form.Item>
        <Form.Item label={t('visits.needs')}>
          <Form.List name="needs">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Card
                    key={f.key}
                    size="small"
                    extra={
                      <Button type="link" danger onClick={() => remove(f.name)}>
                        {t('common.delete')}
                      </Button>
                    }
                  >
                    <Space.Compact block>
                      <Form.Item name={[f.name, 'category']} rules={[{ required: true }]} style={{ width: '50%' }}>
                        <CategorySelect placeholder={t('demands.category')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'urgency']} initialValue="ordinary" style={{ width: '50%' }}>
                        <Select options={URGENCIES.map((u) => ({ value: u, label: l(URGENCY_LABELS[u]) }))} />
                      </Form.Item>
                    </Space.Compact>
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true }]}>
                      <Input placeholder={t('visits.needTitle')} maxLength={100} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'description']} rules={[{ required: true }]}>
                      <Input.TextArea rows={2} placeholder={t('visits.needDescription')} maxLength={2000} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'toDemand']}
                      valuePropName="checked"
                      initialValue
                      label={t('visits.toDemand')}
                      style={{ marginBottom: 0 }}
                    >
                      <Switch />
                    </Form.Item>
                  </Card>
                ))}
                <Button
                  type="dashed"
                  onClick={() => add({ toDemand: true, urgency: 'ordinary' })}
                  block
                  data-testid="visit-add-need"
                >
                  {t('visits.addNeed')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="followUpOn" label={t('visits.followUpOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
