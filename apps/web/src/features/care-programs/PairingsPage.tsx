import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CONTACT_WAY_LABELS, CONTACT_WAYS, MOTHER_KIND_LABELS, MOTHER_KINDS, type OrgSummary } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { federationToday } from '../../app/time';
import { applyProblemToForm, isoDate } from '../../app/forms';
import { OrgPicker } from '../organizations/OrgPicker';
import { PersonPicker } from '../people/PersonPicker';
import { usePairing, usePairingActions, usePairings } from './care-kindness.api';

type Lang = 'zh-CN' | 'en-US';

/** 爱心妈妈: pairings of the subtree, the ones behind on their contacts, recording a contact, a new pairing. */
export function PairingsPage() {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'en-US' ? 'en-US' : 'zh-CN') as Lang;
  const { can } = useAuth();
  const acting = useActingOrg();
  const [overdue, setOverdue] = useState(false);
  const list = usePairings(acting?.id ?? null, overdue);
  const actions = usePairingActions();
  const [creating, setCreating] = useState(false);
  const [contactOf, setContactOf] = useState<number | null>(null);
  const pairing = usePairing(contactOf);
  const [form] = Form.useForm();
  const [contactForm] = Form.useForm();

  const create = async () => {
    const v = await form.validateFields();
    actions.create.mutate(
      {
        orgId: v.orgId,
        childPersonId: v.childPersonId,
        motherKind: v.motherKind,
        motherName: v.motherName,
        motherPhone: v.motherPhone || null,
        startsOn: isoDate(v.startsOn as Dayjs) ?? '',
        contactEveryDays: v.contactEveryDays,
        note: v.note ?? '',
      },
      { onSuccess: () => setCreating(false), onError: (e) => applyProblemToForm(form, e) },
    );
  };
  const contact = async () => {
    const v = await contactForm.validateFields();
    actions.contact.mutate(
      { id: contactOf!, input: { contactedOn: isoDate(v.contactedOn as Dayjs) ?? '', way: v.way, note: v.note } },
      { onSuccess: () => contactForm.resetFields(), onError: (e) => applyProblemToForm(contactForm, e) },
    );
  };

  return (
    <Card
      title={t('care.pairings.title')}
      extra={
        <Space>
          <span>{t('care.pairings.onlyOverdue')}</span>
          <Switch checked={overdue} onChange={setOverdue} data-testid="pairings-overdue" />
          {can('care.manage') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="pairing-new">
              {t('care.pairings.new')}
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
          { title: t('care.pairings.child'), render: (_, p) => p.child.name },
          { title: t('care.pairings.org'), render: (_, p) => p.org.name },
          {
            title: t('care.pairings.mother'),
            render: (_, p) => `${p.motherName}（${MOTHER_KIND_LABELS[p.motherKind][lang]}）`,
          },
          { title: t('care.pairings.startsOn'), dataIndex: 'startsOn' },
          {
            title: t('care.pairings.every'),
            render: (_, p) => t('care.pairings.everyDays', { n: p.contactEveryDays }),
          },
          { title: t('care.pairings.lastContact'), render: (_, p) => p.lastContactOn ?? '—' },
          {
            title: t('care.pairings.nextDue'),
            render: (_, p) =>
              p.overdue ? (
                <Tag color="red">{t('care.pairings.overdue', { on: p.nextContactDue })}</Tag>
              ) : (
                p.nextContactDue
              ),
          },
          {
            title: '',
            render: (_, p) => (
              <Button size="small" onClick={() => setContactOf(p.id)} data-testid={`pairing-contact-${p.id}`}>
                {t('care.pairings.contacts')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('care.pairings.new')}
        onOk={create}
        onCancel={() => setCreating(false)}
        confirmLoading={actions.create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ contactEveryDays: 30, motherKind: 'cadre' }}
          preserve={false}
        >
          <Form.Item name="orgId" label={t('care.pairings.org')} rules={[{ required: true }]}>
            <OrgPicker initial={acting as OrgSummary | null} />
          </Form.Item>
          <Form.Item name="childPersonId" label={t('care.pairings.child')} rules={[{ required: true }]}>
            <PersonPicker data-testid="pairing-child" />
          </Form.Item>
          <Space>
            <Form.Item name="motherKind" label={t('care.pairings.motherKind')} rules={[{ required: true }]}>
              <Select
                style={{ width: 120 }}
                options={MOTHER_KINDS.map((k) => ({ value: k, label: MOTHER_KIND_LABELS[k][lang] }))}
              />
            </Form.Item>
            <Form.Item name="motherName" label={t('care.pairings.mother')} rules={[{ required: true }]}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="motherPhone" label={t('care.pairings.phone')}>
              <Input maxLength={11} />
            </Form.Item>
          </Space>
          <Space>
            <Form.Item name="startsOn" label={t('care.pairings.startsOn')} rules={[{ required: true }]}>
              <DatePicker maxDate={federationToday()} />
            </Form.Item>
            <Form.Item name="contactEveryDays" label={t('care.pairings.every')} rules={[{ required: true }]}>
              <InputNumber min={1} max={366} addonAfter={t('care.pairings.days')} />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('care.pairings.note')}>
            <Input.TextArea maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={contactOf !== null}
        title={pairing.data ? `${pairing.data.child.name} · ${pairing.data.motherName}` : ''}
        onCancel={() => setContactOf(null)}
        footer={null}
        destroyOnHidden
      >
        {can('care.apply') && pairing.data?.state === 'active' && (
          <Form form={contactForm} layout="inline" initialValues={{ way: 'visit' }} preserve={false}>
            <Form.Item name="contactedOn" rules={[{ required: true }]}>
              <DatePicker maxDate={federationToday()} />
            </Form.Item>
            <Form.Item name="way" rules={[{ required: true }]}>
              <Select
                style={{ width: 120 }}
                options={CONTACT_WAYS.map((w) => ({ value: w, label: CONTACT_WAY_LABELS[w][lang] }))}
              />
            </Form.Item>
            <Form.Item name="note" rules={[{ required: true, min: 2 }]}>
              <Input placeholder={t('care.pairings.note')} maxLength={1000} />
            </Form.Item>
            <Button type="primary" onClick={contact} loading={actions.contact.isPending}>
              {t('care.pairings.record')}
            </Button>
          </Form>
        )}
        <List
          dataSource={pairing.data?.contacts ?? []}
          renderItem={(c) => (
            <List.Item>
              {c.contactedOn} · {CONTACT_WAY_LABELS[c.way][lang]} · {c.note}（{c.recordedBy}）
            </List.Item>
          )}
        />
      </Modal>
    </Card>
  );
}
