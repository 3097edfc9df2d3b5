import { useEffect, useMemo } from 'react';
import { Button, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { canBeChildOf, CreateOrgInput, ORG_TYPES, OrgType, type OrgDetail } from '@jinguo/contracts';
import { applyProblemToForm, compact, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLang } from '../../i18n';
import { useCreateOrg } from './organizations.api';
import { useOrgTreeControls } from './orgTreeControls';

interface Values {
  type: OrgType;
  name: string;
  code?: string;
  shortName?: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  foundedOn?: Dayjs | null;
}

/** New child org; the type list is what `canBeChildOf` allows under this parent. */
export function CreateOrgDrawer({ parent, open, onClose }: { parent: OrgDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrg();
  const { reveal } = useOrgTreeControls();

  const types = useMemo(() => OrgType.options.filter((c) => canBeChildOf(c, parent.type)), [parent.type]);
  // The next tier of the four-level network is the usual choice.
  const defaultType = types.find((c) => ORG_TYPES[c].level !== null) ?? types[0];

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ type: defaultType });
    }
  }, [open, form, defaultType]);

  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      CreateOrgInput,
      compact({ ...v, foundedOn: isoDate(v.foundedOn), parentId: parent.id }),
      form,
    );
    if (!input) return;
    create.mutate(input, {
      onSuccess: (org) => {
        notifySuccess(t('org.created', { name: org.name }));
        onClose();
        reveal(org.id);
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Drawer
      title={t('org.createChildOf', { name: parent.name })}
      open={open}
      onClose={onClose}
      size={480}
      forceRender
      data-testid="create-org-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() => void submit()}
            data-testid="create-org-submit"
          >
            {t('common.create')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="type" label={t('org.type')} rules={[{ required: true, message: t('form.required') }]}>
          <Select data-testid="create-org-type" options={types.map((c) => ({ value: c, label: ORG_TYPES[c][lang] }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={100} data-testid="create-org-name" />
        </Form.Item>
        <Form.Item name="code" label={t('org.code')} extra={t('org.codeHint')}>
          <Input maxLength={32} data-testid="create-org-code" />
        </Form.Item>
        <Form.Item name="shortName" label={t('org.shortName')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label={t('org.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item name="contactName" label={t('org.contactName')} style={{ flex: 1 }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('org.contactPhone')} style={{ flex: 1 }}>
            <Input maxLength={20} />
          </Form.Item>
        </div>
        <Form.Item name="foundedOn" label={t('org.foundedOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
