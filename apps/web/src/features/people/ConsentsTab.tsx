import { useState } from 'react';
import { Button, Form, Input, Modal, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Consent, Person } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { applyProblemToForm } from '../../app/forms';
import { errorText, notifySuccess } from '../../app/notify';
import { formatDateTime } from '../../app/time';
import { useConsents, useWithdrawConsent } from './consents.api';
import { RecordConsentModal } from './RecordConsentModal';

/** 个人信息处理同意: who consented to what, how and when, and whether and why it was withdrawn. */
export function ConsentsTab({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const consents = useConsents(person.id);
  const withdraw = useWithdrawConsent(person.id);
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const write = can('person.write') && person.status === 'active';

  const confirmWithdraw = async () => {
    const { reason } = await form.validateFields();
    withdraw.mutate(
      { consentId: withdrawing!.id, reason: reason.trim() },
      {
        onSuccess: () => {
          notifySuccess(t('common.saved'));
          setWithdrawing(null);
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };

  return (
    <>
      {write && (
        <div style={{ textAlign: 'right', marginBottom: 12 }}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="add-consent-button"
          >
            {t('consents.record')}
          </Button>
        </div>
      )}
      <Table<Consent>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        data-testid="consents-table"
        loading={consents.isPending}
        dataSource={consents.data ?? []}
        locale={consents.error ? { emptyText: errorText(consents.error) } : undefined}
        pagination={false}
        columns={[
          { title: t('consents.kind'), render: (_, c) => t(`consents.kinds.${c.kind}`) },
          { title: t('consents.purpose'), dataIndex: 'purpose' },
          {
            title: t('consents.givenBy'),
            render: (_, c) =>
              c.givenBy.kind === 'self'
                ? t('consents.selfShort')
                : t('consents.guardianShort', { name: c.givenBy.name }),
          },
          { title: t('consents.method'), render: (_, c) => t(`consents.methods.${c.method}`) },
          { title: t('consents.givenAt'), render: (_, c) => formatDateTime(c.givenAt) },
          { title: t('consents.evidence'), render: (_, c) => c.evidenceNote ?? '—' },
          {
            title: t('consents.status'),
            render: (_, c) =>
              c.active ? (
                <Tag color="green">{t('consents.active')}</Tag>
              ) : (
                <span data-testid={`consent-withdrawn-${c.id}`}>
                  <Tag>{t('consents.withdrawn')}</Tag>
                  {formatDateTime(c.withdrawnAt!)} {c.withdrawnBy} · {c.withdrawalReason}
                </span>
              ),
          },
          ...(write
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, c: Consent) =>
                    c.active && (
                      <Button
                        type="link"
                        size="small"
                        danger
                        data-testid={`withdraw-consent-${c.id}`}
                        onClick={() => {
                          form.resetFields();
                          setWithdrawing(c);
                        }}
                      >
                        {t('consents.withdraw')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <RecordConsentModal person={person} open={adding} onClose={() => setAdding(false)} />
      <Modal
        open={withdrawing !== null}
        title={t('consents.withdraw')}
        onCancel={() => setWithdrawing(null)}
        onOk={() => void confirmWithdraw()}
        confirmLoading={withdraw.isPending}
        okButtonProps={{ danger: true, 'data-testid': 'withdraw-consent-submit' }}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('consents.withdrawalReason')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('form.required') }]}
          >
            <Input.TextArea rows={2} maxLength={300} data-testid="withdraw-consent-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
