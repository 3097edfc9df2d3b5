import { useEffect } from 'react';
import { Alert, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { MigrantProfileInput, type MigrantProfile } from '@jinguo/contracts';
import type { z } from 'zod';
import { ApiError } from '../../app/api';
import { applyProblemToForm, parseWith } from '../../app/forms';
import i18n from '../../i18n';
import { notifySuccess } from '../../app/notify';
import { useSetMigrantProfile } from './migrants.api';
import { PlaceCascader, placeCodes, placePath, type PlacePath } from './PlaceCascader';
import { isReturnIntention, RETURN_INTENTIONS } from './returnIntentions';

interface Values {
  currentPlace?: PlacePath;
  homePlace?: PlacePath;
  employer?: string;
  industry?: string;
  skills?: string[];
  returnIntention?: (typeof RETURN_INTENTIONS)[number];
}

const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/**
 * Where she works now, picked from the place list; the server attaches her to the 流动妇联 whose catchment holds it, if
 * there is one. A place typed before (or imported) that names no place is shown for the cadre to pick instead.
 */
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
      currentPlace: placePath(profile?.currentPlace),
      homePlace: placePath(profile?.homePlace),
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
        currentPlace: placeCodes(v.currentPlace),
        homePlace: placeCodes(v.homePlace),
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
      onError: (err) => {
        applyProblemToForm(form, err);
        // currentPlace.cityCode → the cascader that chose it
        if (err instanceof ApiError)
          for (const e of err.problem.errors ?? [])
            for (const name of ['currentPlace', 'homePlace'] as const)
              if (e.field.startsWith(`${name}.`))
                form.setFields([{ name, errors: [e.message[i18n.language === 'en-US' ? 'en-US' : 'zh-CN']] }]);
      },
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
        {profile?.placeIssue && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="migrant-place-issue"
            title={t(`people.migrant.placeIssues.${profile.placeIssue}`)}
            description={
              profile.currentPlaceText ? t('people.migrant.typedAs', { text: profile.currentPlaceText }) : undefined
            }
          />
        )}
        <Form.Item
          name="currentPlace"
          label={t('people.migrant.now')}
          extra={t('people.migrant.placeHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <PlaceCascader data-testid="migrant-place" />
        </Form.Item>
        <Form.Item name="homePlace" label={t('people.migrant.home')} extra={t('people.migrant.homeHint')}>
          <PlaceCascader data-testid="migrant-home-place" />
        </Form.Item>
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
