import { federationToday } from '../../app/time';
import { useEffect } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Modal, Select } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SplitOrgInput, type OrgDetail } from '@jinguo/contracts';
import { applyProblemToForm, compact, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useOrgChildren, useSplitOrg } from './organizations.api';

interface Values {
  effectiveDate: Dayjs;
  reason: string;
  parts: { name: string; code?: string; childIds?: number[] }[];
}

/** Splits an org into 2–20 new ones, distributing its children among them. */
export function SplitOrgModal({ org, open, onClose }: { org: OrgDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const split = useSplitOrg(org.id);
  const children = useOrgChildren(org.id, {});
  const childOptions = (children.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }));

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ effectiveDate: federationToday(), parts: [{ name: '' }, { name: '' }] });
    }
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const raw = {
      effectiveDate: isoDate(v.effectiveDate),
      reason: v.reason,
      parts: v.parts.map((p) => ({ ...compact({ name: p.name, code: p.code }), childIds: p.childIds ?? [] })),
    };
    const input = parseWith(SplitOrgInput, raw, form);
    if (!input) return;
    split.mutate(input, {
      onSuccess: (parts) => {
        notifySuccess(t('reorg.done'));
        onClose();
        const first = parts[0];
        if (first) void navigate(`/orgs/${first.id}`);
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Modal
      open={open}
      width={640}
      title={`${t('reorg.actions.split')} · ${org.name}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ 'data-testid': 'split-submit' }}
      confirmLoading={split.isPending}
      forceRender
      data-testid="split-modal"
    >
      <Alert type="info" showIcon title={t('reorg.explain.split')} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical">
        <Form.List name="parts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={t('reorg.part', { n: i + 1 })}
                  extra={fields.length > 2 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                >
                  <div style={{ display: 'flex', gap: 8 }}>
                    <Form.Item
                      name={[field.name, 'name']}
                      label={t('org.name')}
                      style={{ flex: 2 }}
                      rules={[{ required: true, whitespace: true, message: t('form.required') }]}
                    >
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'code']} label={t('org.code')} style={{ flex: 1 }}>
                      <Input maxLength={32} />
                    </Form.Item>
                  </div>
                  <Form.Item
                    name={[field.name, 'childIds']}
                    label={t('reorg.partChildren')}
                    style={{ marginBottom: 0 }}
                  >
                    <Select
                      mode="multiple"
                      options={childOptions}
                      optionFilterProp="label"
                      loading={children.isPending}
                    />
                  </Form.Item>
                </Card>
              ))}
              {fields.length < 20 && (
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() => add({ name: '' })}
                  style={{ marginBottom: 16 }}
                >
                  {t('reorg.addPart')}
                </Button>
              )}
            </>
          )}
        </Form.List>
        <Form.Item
          name="effectiveDate"
          label={t('reorg.effectiveDate')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, min: 2, whitespace: true, message: t('form.reasonRule') }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
