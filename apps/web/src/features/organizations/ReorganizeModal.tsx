import { federationToday } from '../../app/time';
import { useEffect } from 'react';
import { Alert, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { DissolveOrgInput, MergeOrgInput, MoveOrgInput, RenameOrgInput, type OrgDetail } from '@jinguo/contracts';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useReorganizeOrg, type ReorganizeVariables } from './organizations.api';
import { OrgPicker } from './OrgPicker';

export type ReorganizeKind = 'rename' | 'move' | 'merge' | 'dissolve';

interface Values {
  effectiveDate: Dayjs;
  reason: string;
  name?: string;
  newParentId?: number;
  targetId?: number;
}

function toVariables(
  kind: ReorganizeKind,
  v: Values,
  form: Parameters<typeof parseWith>[2],
): ReorganizeVariables | null {
  const base = { effectiveDate: isoDate(v.effectiveDate), reason: v.reason };
  switch (kind) {
    case 'rename': {
      const input = parseWith(RenameOrgInput, { ...base, name: v.name }, form);
      return input && { kind, input };
    }
    case 'move': {
      const input = parseWith(MoveOrgInput, { ...base, newParentId: v.newParentId }, form);
      return input && { kind, input };
    }
    case 'merge': {
      const input = parseWith(MergeOrgInput, { ...base, targetId: v.targetId }, form);
      return input && { kind, input };
    }
    case 'dissolve': {
      const input = parseWith(DissolveOrgInput, base, form);
      return input && { kind, input };
    }
  }
}

/** Rename, move, merge or dissolve, each with an effective date and a reason kept in the history. */
export function ReorganizeModal({
  org,
  kind,
  onClose,
}: {
  org: OrgDetail;
  kind: ReorganizeKind | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const reorganize = useReorganizeOrg(org.id);

  useEffect(() => {
    if (kind) {
      form.resetFields();
      form.setFieldsValue({ effectiveDate: federationToday(), name: kind === 'rename' ? org.name : undefined });
    }
  }, [kind, org.name, form]);

  const submit = async () => {
    if (!kind) return;
    const vars = toVariables(kind, await form.validateFields(), form);
    if (!vars) return;
    reorganize.mutate(vars, {
      onSuccess: () => {
        notifySuccess(t('reorg.done'));
        onClose();
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Modal
      open={kind !== null}
      title={kind ? `${t(`reorg.actions.${kind}`)} · ${org.name}` : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ danger: kind === 'dissolve' || kind === 'merge', 'data-testid': 'reorg-submit' }}
      confirmLoading={reorganize.isPending}
      forceRender
      data-testid="reorg-modal"
    >
      {kind && <Alert type="info" showIcon title={t(`reorg.explain.${kind}`)} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical">
        {kind === 'rename' && (
          <Form.Item
            name="name"
            label={t('reorg.newName')}
            rules={[{ required: true, whitespace: true, message: t('form.required') }]}
          >
            <Input maxLength={100} data-testid="reorg-name" />
          </Form.Item>
        )}
        {kind === 'move' && (
          <Form.Item
            name="newParentId"
            label={t('reorg.newParent')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <OrgPicker excludeIds={[org.id, ...(org.parentId ? [org.parentId] : [])]} data-testid="reorg-new-parent" />
          </Form.Item>
        )}
        {kind === 'merge' && (
          <Form.Item
            name="targetId"
            label={t('reorg.mergeTarget')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <OrgPicker excludeIds={[org.id]} data-testid="reorg-merge-target" />
          </Form.Item>
        )}
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
          <Input.TextArea rows={3} maxLength={500} placeholder={t('reorg.reasonExample')} data-testid="reorg-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
