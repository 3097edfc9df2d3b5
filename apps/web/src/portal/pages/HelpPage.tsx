import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Select, Switch, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { BUILTIN_DEMAND_CATEGORIES, URGENCIES, URGENCY_LABELS } from '@jinguo/contracts';
import { useT } from '../i18n';
import { PlacePicker } from '../PlacePicker';
import { PortalError, useAskHelp, useMe } from '../portal.api';
import { saveCode } from '../savedCodes';

/** 求助: anonymous allowed — then a tracking code, shown once, is the only way back to it. */
export function HelpPage() {
  const { t, l, lang } = useT();
  const navigate = useNavigate();
  const me = useMe();
  const ask = useAskHelp();
  const [form] = Form.useForm<{
    category: string;
    urgency: string;
    description: string;
    anonymous: boolean;
    contactPhone?: string;
  }>();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const signedIn = !!me.data;
  const place = orgId ?? me.data?.village?.id ?? null;
  const submit = async () => {
    const v = await form.validateFields();
    if (place === null) return;
    ask.mutate(
      {
        orgId: place,
        category: v.category,
        urgency: v.urgency as 'ordinary',
        description: v.description.trim(),
        anonymous: !signedIn || v.anonymous,
        contactPhone: v.contactPhone?.trim() || null,
      },
      {
        onSuccess: (r) => {
          if (r.trackingCode) {
            saveCode(r.trackingCode);
            setCode(r.trackingCode);
          } else void navigate(`/requests/${r.demand.id}`, { replace: true });
        },
      },
    );
  };
  if (code) {
    return (
      <Card title={t('trackingTitle')}>
        <p>{t('trackingIntro')}</p>
        <Typography.Title
          level={3}
          copyable
          style={{ textAlign: 'center', letterSpacing: 2 }}
          data-testid="portal-tracking-code"
        >
          {code}
        </Typography.Title>
        <Button block type="primary" onClick={() => navigate(`/track?code=${code}`)}>
          {t('track')}
        </Button>
      </Card>
    );
  }
  return (
    <Card title={t('helpTitle')}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('helpIntro')} description={t('emergency')} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ urgency: 'ordinary', anonymous: !signedIn, category: 'rights' }}
        data-testid="portal-help-form"
      >
        <Form.Item label={t('helpOrg')} required>
          {me.data?.village && orgId === null ? (
            <Typography.Text>
              {me.data.town?.name} {me.data.village.name}
            </Typography.Text>
          ) : (
            <PlacePicker onChange={setOrgId} townOk />
          )}
        </Form.Item>
        <Form.Item name="category" label={t('category')}>
          <Select
            options={BUILTIN_DEMAND_CATEGORIES.map(([code, zh, en]) => ({
              value: code,
              label: lang === 'zh-CN' ? zh : en,
            }))}
          />
        </Form.Item>
        <Form.Item name="urgency" label={t('urgency')}>
          <Radio.Group
            options={URGENCIES.filter((u) => u !== 'complex').map((u) => ({
              value: u,
              label: l(URGENCY_LABELS[u]).replace(/（.*）|\s\(.*\)/, ''),
            }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t('description')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={5} maxLength={2000} data-testid="portal-help-description" />
        </Form.Item>
        {signedIn && (
          <Form.Item name="anonymous" label={t('anonymous')} valuePropName="checked">
            <Switch data-testid="portal-help-anonymous" />
          </Form.Item>
        )}
        <Form.Item
          name="contactPhone"
          label={t('contactPhone')}
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('phoneRule') }]}
        >
          <Input inputMode="numeric" maxLength={11} />
        </Form.Item>
        {ask.error instanceof PortalError && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} message={l(ask.error.problem.message)} />
        )}
        <Button
          type="primary"
          danger
          block
          disabled={place === null}
          loading={ask.isPending}
          onClick={() => void submit()}
          data-testid="portal-help-submit"
        >
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}
