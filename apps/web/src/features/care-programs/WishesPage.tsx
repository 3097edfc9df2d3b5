import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { WISH_MACHINE, WISH_STATE_LABELS, WISH_STATES, type Wish, type WishState } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { federationToday } from '../../app/time';
import { applyProblemToForm, isoDate } from '../../app/forms';
import { notifyError } from '../../app/notify';
import { PersonPicker } from '../people/PersonPicker';
import { useWishActions, useWishes } from './care-kindness.api';

type Lang = 'zh-CN' | 'en-US';
type Dialog = { wish: Wish; action: 'refuse' | 'claimOutside' | 'fulfil' } | null;

/** 微心愿: collected, reviewed (published on /h5 or refused), claimed by a donor, fulfilled. */
export function WishesPage() {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'en-US' ? 'en-US' : 'zh-CN') as Lang;
  const { can } = useAuth();
  const acting = useActingOrg();
  const [state, setState] = useState<WishState | null>(null);
  const list = useWishes(acting?.id ?? null, state);
  const { create, act } = useWishActions();
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const [dform] = Form.useForm();
  const run = (id: number, action: string, body?: unknown) =>
    act.mutate({ id, action, body }, { onError: notifyError });

  const submitNew = async () => {
    const v = await form.validateFields();
    create.mutate(v, { onSuccess: () => setCreating(false), onError: (e) => applyProblemToForm(form, e) });
  };
  const submitDialog = async () => {
    const v = await dform.validateFields();
    const d = dialog!;
    const [action, body] =
      d.action === 'refuse'
        ? ['review', { action: 'refuse', note: v.note }]
        : d.action === 'claimOutside'
          ? ['claim', { donorName: v.donorName, ...(v.donorPhone ? { donorPhone: v.donorPhone } : {}) }]
          : ['fulfil', { fulfilledOn: isoDate(v.fulfilledOn as Dayjs) ?? '', note: v.note }];
    act.mutate(
      { id: d.wish.id, action, body },
      { onSuccess: () => setDialog(null), onError: (e) => applyProblemToForm(dform, e) },
    );
  };
  const buttons = (w: Wish) => {
    const can2 = (a: Parameters<typeof WISH_MACHINE.next>[0]) => WISH_MACHINE.next(a, w.state) !== null;
    return (
      <Space wrap>
        {can('care.review') && can2('publish') && (
          <Button size="small" type="primary" onClick={() => run(w.id, 'review', { action: 'publish', note: '' })}>
            {t('care.wishes.publish')}
          </Button>
        )}
        {can('care.review') && can2('refuse') && (
          <Button size="small" danger onClick={() => setDialog({ wish: w, action: 'refuse' })}>
            {t('care.wishes.refuse')}
          </Button>
        )}
        {can2('claim') && (
          <Button size="small" onClick={() => run(w.id, 'claim', {})} data-testid={`wish-claim-${w.id}`}>
            {t('care.wishes.claim')}
          </Button>
        )}
        {can('care.manage') && can2('claim') && (
          <Button size="small" onClick={() => setDialog({ wish: w, action: 'claimOutside' })}>
            {t('care.wishes.claimOutside')}
          </Button>
        )}
        {can2('fulfil') && (
          <Button size="small" type="primary" onClick={() => setDialog({ wish: w, action: 'fulfil' })}>
            {t('care.wishes.fulfil')}
          </Button>
        )}
        {can2('release') && (
          <Button size="small" onClick={() => run(w.id, 'release')}>
            {t('care.wishes.release')}
          </Button>
        )}
        {can('care.manage') && can2('withdraw') && (
          <Button size="small" onClick={() => run(w.id, 'withdraw')}>
            {t('care.wishes.withdraw')}
          </Button>
        )}
      </Space>
    );
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
          { title: t('care.wishes.wish'), render: (_, w) => <span title={w.description}>{w.title}</span> },
          {
            title: t('care.wishes.for'),
            render: (_, w) => w.person?.name ?? `${w.publicName}（${t('care.wishes.fromResident')}）`,
          },
          { title: t('care.pairings.org'), render: (_, w) => w.org.name },
          { title: t('care.wishes.amount'), dataIndex: 'amount' },
          { title: t('care.wishes.state'), render: (_, w) => <Tag>{WISH_STATE_LABELS[w.state][lang]}</Tag> },
          {
            title: t('care.wishes.donor'),
            render: (_, w) => (w.donor ? `${w.donor.name}${w.donor.phone ? ` ${w.donor.phone}` : ''}` : '—'),
          },
          { title: '', render: (_, w) => buttons(w) },
        ]}
        expandable={{
          expandedRowRender: (w) => (
            <div>
              <p>{w.description}</p>
              {w.reviewNote && <p>{t('care.wishes.reviewNote', { note: w.reviewNote })}</p>}
              {w.fulfilmentNote && <p>{t('care.wishes.fulfilled', { on: w.fulfilledOn, note: w.fulfilmentNote })}</p>}
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
        </Form>
      </Modal>
      <Modal
        open={dialog !== null}
        title={dialog ? t(`care.wishes.${dialog.action}`) : ''}
        onOk={submitDialog}
        onCancel={() => setDialog(null)}
        confirmLoading={act.isPending}
        destroyOnHidden
      >
        <Form form={dform} layout="vertical" preserve={false}>
          {dialog?.action === 'claimOutside' && (
            <>
              <Form.Item name="donorName" label={t('care.wishes.donor')} rules={[{ required: true, min: 2 }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="donorPhone" label={t('care.pairings.phone')}>
                <Input maxLength={11} />
              </Form.Item>
            </>
          )}
          {dialog?.action === 'fulfil' && (
            <Form.Item name="fulfilledOn" label={t('care.wishes.fulfilledOn')} rules={[{ required: true }]}>
              <DatePicker maxDate={federationToday()} />
            </Form.Item>
          )}
          {dialog?.action !== 'claimOutside' && (
            <Form.Item name="note" label={t('care.pairings.note')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea maxLength={1000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
