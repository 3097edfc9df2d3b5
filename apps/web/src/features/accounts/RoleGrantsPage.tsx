import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Segmented, Space, Table, Tag, Tooltip } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { RefuseRoleGrantInput, type RoleGrant, type RoleGrantStatus } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { errorText, notifySuccess } from '../../app/notify';
import { formatDateTime } from '../../app/time';
import { useApproveGrant, useRefuseGrant, useRoleGrants } from './accounts.api';
import { RoleTags } from './RoleTags';

const STATUSES: RoleGrantStatus[] = ['pending', 'approved', 'refused', 'withdrawn'];

/**
 * 授权审批, the security officer's queue: roles the system admin asked for that read personal data or cases, waiting
 * for her approval (三员分立, decision 0013). She checks the user and her own phone — an account that shares its
 * phone with another is flagged — then approves or refuses with a reason.
 */
export function RoleGrantsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const decide = can('security.manage');
  const [status, setStatus] = useState<RoleGrantStatus>('pending');
  const grants = useRoleGrants(status);
  const approve = useApproveGrant();
  const [refusing, setRefusing] = useState<RoleGrant | null>(null);
  const rows = grants.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card title={t('roleGrants.title')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('roleGrants.intro')} />
      <Segmented
        data-testid="grant-status"
        style={{ marginBottom: 16 }}
        value={status}
        onChange={(v) => setStatus(v as RoleGrantStatus)}
        options={STATUSES.map((s) => ({ value: s, label: t(`roleGrants.status.${s}`) }))}
      />
      <Table<RoleGrant>
        rowKey="id"
        scroll={{ x: 'max-content' }}
        data-testid="grants-table"
        loading={grants.isFetching && !grants.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: grants.error ? errorText(grants.error) : t('roleGrants.empty') }}
        columns={[
          {
            title: t('roleGrants.user'),
            render: (_, g) => (
              <span data-testid={`grant-user-${g.user.username}`}>
                {g.user.username}（{g.user.displayName}）
              </span>
            ),
          },
          { title: t('roleGrants.homeOrg'), render: (_, g) => g.user.homeOrg.name },
          {
            title: t('roleGrants.phone'),
            render: (_, g) => (
              <Space size={4}>
                {g.user.phone ?? t('users.noPhone')}
                {g.user.phoneSharedWith.length > 0 && (
                  <Tooltip title={t('roleGrants.sharedPhone', { names: g.user.phoneSharedWith.join('、') })}>
                    <Tag color="red" icon={<WarningOutlined />} data-testid="shared-phone">
                      {g.user.phoneSharedWith.join('、')}
                    </Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: t('roleGrants.asked'), render: (_, g) => <RoleTags roles={g.roles} /> },
          { title: t('roleGrants.current'), render: (_, g) => <RoleTags roles={g.user.roles} /> },
          {
            title: t('roleGrants.requested'),
            render: (_, g) => `${g.requestedBy} · ${formatDateTime(g.requestedAt)}`,
          },
          ...(status === 'pending'
            ? decide
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, g: RoleGrant) => (
                      <Space size={0}>
                        <Popconfirm
                          title={t('roleGrants.approveConfirm', { name: g.user.username })}
                          onConfirm={() =>
                            approve.mutate(g.id, { onSuccess: () => notifySuccess(t('roleGrants.approved')) })
                          }
                        >
                          <Button type="link" size="small" data-testid={`approve-${g.user.username}`}>
                            {t('roleGrants.approve')}
                          </Button>
                        </Popconfirm>
                        <Button
                          type="link"
                          size="small"
                          danger
                          onClick={() => setRefusing(g)}
                          data-testid={`refuse-${g.user.username}`}
                        >
                          {t('roleGrants.refuse')}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []
            : [
                {
                  title: t('roleGrants.decided'),
                  key: 'decided',
                  render: (_: unknown, g: RoleGrant) =>
                    g.decidedAt ? `${g.decidedBy ?? ''} · ${formatDateTime(g.decidedAt)}` : '—',
                },
                {
                  title: t('roleGrants.reason'),
                  key: 'reason',
                  render: (_: unknown, g: RoleGrant) => g.reason ?? '—',
                },
              ]),
        ]}
      />
      {grants.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void grants.fetchNextPage()} loading={grants.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <RefuseModal grant={refusing} onClose={() => setRefusing(null)} />
    </Card>
  );
}

function RefuseModal({ grant, onClose }: { grant: RoleGrant | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const refuse = useRefuseGrant();
  const submit = async () => {
    if (!grant) return;
    const input = parseWith(RefuseRoleGrantInput, await form.validateFields(), form);
    if (!input) return;
    refuse.mutate(
      { id: grant.id, reason: input.reason },
      {
        onSuccess: () => {
          notifySuccess(t('roleGrants.refused'));
          form.resetFields();
          onClose();
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };
  return (
    <Modal
      open={grant !== null}
      title={t('roleGrants.refuseTitle', { name: grant?.user.username ?? '' })}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ danger: true, 'data-testid': 'refuse-submit' }}
      okText={t('roleGrants.refuse')}
      confirmLoading={refuse.isPending}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('roleGrants.reason')}
          rules={[{ required: true, min: 2, whitespace: true, message: t('form.reasonRule') }]}
        >
          <Input.TextArea rows={3} maxLength={200} data-testid="refuse-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
