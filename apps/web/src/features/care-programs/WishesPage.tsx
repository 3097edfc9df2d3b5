import { useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  WISH_CLAIM_DAYS_DEFAULT,
  WISH_CLAIM_DAYS_MAX,
  WISH_STATE_LABELS,
  WISH_STATES,
  type WishState,
} from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { applyProblemToForm } from '../../app/forms';
import { PersonPicker } from '../people/PersonPicker';
import { useWishActions, useWishes } from './care-kindness.api';
import { ClaimDeadline } from './ClaimDeadline';
import { WishActions } from './WishActions';

type Lang = 'zh-CN' | 'en-US';

/** 微心愿: collected, reviewed (published on /h5 or refused), claimed by a donor, fulfilled with proof. */
export function WishesPage() {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'en-US' ? 'en-US' : 'zh-CN') as Lang;
  const { can } = useAuth();
  const acting = useActingOrg();
  const [state, setState] = useState<WishState | null>(null);
  const list = useWishes(acting?.id ?? null, state);
  const { create } = useWishActions();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();

  const submitNew = async () => {
    const v = await form.validateFields();
    create.mutate(v, { onSuccess: () => setCreating(false), onError: (e) => applyProblemToForm(form, e) });
  };

  return (
    <Card
      title={t('care.wishes.title')}
      extra={
        <Space>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('care.wishes.state')}
            value={state ?? undefined}
            onChange={(v) => setState(v ?? null)}
            options={WISH_STATES.map((s) => ({ value: s, label: WISH_STATE_LABELS[s][lang] }))}
          />
          {can('care.apply') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="wish-new">
              {t('care.wishes.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          {
            title: t('care.wishes.wish'),
            render: (_, w) => (
              <Link to={`/care-programs/wishes/${w.id}`} title={w.description} data-testid={`wish-open-${w.id}`}>
                {w.title}
              </Link>
            ),
          },
          {
            title: t('care.wishes.for'),
            render: (_, w) => w.person?.name ?? `${w.publicName}（${t('care.wishes.fromResident')}）`,
          },
          { title: t('care.pairings.org'), render: (_, w) => w.org.name },
          { title: t('care.wishes.amount'), dataIndex: 'amount' },
          { title: t('care.wishes.state'), render: (_, w) => <Tag>{WISH_STATE_LABELS[w.state][lang]}</Tag> },
          {
            title: t('care.wishes.donor'),
            render: (_, w) =>
              w.donor ? (
                <Space direction="vertical" size={0}>
                  <span>{`${w.donor.name}${w.donor.phone ? ` ${w.donor.phone}` : ''}`}</span>
                  {w.state === 'claimed' && <ClaimDeadline deadline={w.claimDeadline} daysLeft={w.daysLeft} />}
                </Space>
              ) : (
                '—'
              ),
          },
          { title: '', render: (_, w) => <WishActions wish={w} /> },
        ]}
        expandable={{
          expandedRowRender: (w) => (
            <div>
              <p>{w.description}</p>
              {w.reviewNote && <p>{t('care.wishes.reviewNote', { note: w.reviewNote })}</p>}
              {w.fulfilmentNote && <p>{t('care.wishes.fulfilled', { on: w.fulfilledOn, note: w.fulfilmentNote })}</p>}
              {w.proofs.length > 0 && <p>{t('care.wishes.proofCount', { count: w.proofs.length })}</p>}
            </div>
          ),
        }}
      />
      <Modal
        open={creating}
        title={t('care.wishes.new')}
        onOk={submitNew}
        onCancel={() => setCreating(false)}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="personId" label={t('care.wishes.for')} rules={[{ required: true }]}>
            <PersonPicker data-testid="wish-person" />
          </Form.Item>
          <Form.Item name="title" label={t('care.wishes.wish')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="description" label={t('care.description')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea maxLength={500} />
          </Form.Item>
          <Form.Item name="amount" label={t('care.wishes.amount')} rules={[{ required: true }]}>
            <InputNumber min={0.01} max={5000} precision={2} />
          </Form.Item>
          {can('care.manage') && (
            <Form.Item
              name="claimDays"
              label={t('care.wishes.claimDays')}
              extra={t('care.wishes.claimDaysHint')}
              initialValue={WISH_CLAIM_DAYS_DEFAULT}
            >
              <InputNumber min={1} max={WISH_CLAIM_DAYS_MAX} precision={0} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
