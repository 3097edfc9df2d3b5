import { useEffect } from 'react';
import { Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { MigrantProfileInput, type MigrantProfile } from '@jinguo/contracts';
import type { z } from 'zod';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useSetMigrantProfile } from './migrants.api';
import { isReturnIntention, RETURN_INTENTIONS } from './returnIntentions';

interface Values {
  currentProvince?: string;
  currentCity?: string;
  employer?: string;
  industry?: string;
  skills?: string[];
  returnIntention?: (typeof RETURN_INTENTIONS)[number];
}

const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** Where she works now; the server attaches her to the 流动妇联 of that province or city, if there is one. */
export function MigrantProfileDrawer({
  personId,
  profile,
  open,
  onClose,
}: {
  personId: number;
  profile: z.infer<typeof MigrantProfile> | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSetMigrantProfile(personId);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      currentProvince: profile?.currentProvince ?? '',
      currentCity: profile?.currentCity ?? '',
      employer: profile?.employer ?? '',
      industry: profile?.industry ?? '',
      skills: profile?.skills ?? [],
      returnIntention: profile && isReturnIntention(profile.returnIntention) ? profile.returnIntention : 'none',
    });
  }, [open, profile, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      MigrantProfileInput,
      {
        currentProvince: v.currentProvince?.trim(),
        currentCity: orNull(v.currentCity),
        employer: orNull(v.employer),
        industry: orNull(v.industry),
        skills: v.skills ?? [],
        returnIntention: v.returnIntention,
      },
      form,
    );
    if (!input) return;
    save.mutate(input, {
      onSuccess: () => {
        notifySuccess(t('common.saved'));
        onClose();
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Drawer
      title={t('people.migrant.editTitle')}
      open={open}
      onClose={onClose}
      size={480}
      forceRender
      data-testid="migrant-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="migrant-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical">
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item
            name="currentProvince"
            label={t('people.migrant.province')}
            style={{ flex: 1 }}
            rules={[{ required: true, whitespace: true, min: 2, message: t('form.required') }]}
          >
            <Input maxLength={20} placeholder={t('people.migrant.provinceExample')} data-testid="migrant-province" />
          </Form.Item>
          <Form.Item name="currentCity" label={t('people.migrant.city')} style={{ flex: 1 }}>
            <Input maxLength={30} placeholder={t('people.migrant.cityExample')} data-testid="migrant-city" />
          </Form.Item>
        </div>
        <Form.Item name="employer" label={t('people.migrant.employer')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="industry" label={t('people.migrant.industry')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="skills" label={t('people.migrant.skills')} extra={t('people.migrant.skillsHint')}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="returnIntention" label={t('people.migrant.returnIntention')}>
          <Select
            options={RETURN_INTENTIONS.map((r) => ({ value: r, label: t(`people.migrant.returnIntentions.${r}`) }))}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
