import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OrgSummary } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { isoDate } from '../../app/forms';
import { notifyError } from '../../app/notify';
import { OrgPicker } from '../organizations/OrgPicker';
import { TagSelect } from '../people/TagSelect';
import { useGreetingActions, useGreetingList, useGreetingLists, usePrograms } from './care-programs.api';
import { federationToday, formatDateTime } from '../../app/time';

/** 节日慰问: lists built from registry tags at an org, and who has been greeted. */
export function GreetingsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const lists = useGreetingLists(acting?.id ?? null);
  const programs = usePrograms(acting?.id ?? null);
  const actions = useGreetingActions();
  const [selected, setSelected] = useState<number | null>(null);
  const list = useGreetingList(selected);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{
    programId?: number;
    orgId?: number;
    name?: string;
    festival?: string;
    tagsAny?: string[];
    greetOn?: Dayjs;
  }>();
  const ok = async () => {
    const v = await form.validateFields();
    actions.create.mutate(
      {
        programId: v.programId!,
        orgId: v.orgId!,
        name: v.name!,
        festival: v.festival!,
        tagsAny: v.tagsAny ?? [],
        greetOn: isoDate(v.greetOn) ?? '',
      },
      {
        onSuccess: (l) => {
          setCreating(false);
          setSelected(l.id);
        },
        onError: notifyError,
      },
    );
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={t('care.greetings')}
        extra={
          can('care.manage') && (
            <Button
              type="primary"
              onClick={() => {
                form.setFieldsValue({
                  orgId: acting?.id,
                  greetOn: federationToday(),
                  festival: '春节',
                  tagsAny: ['difficult_woman', 'migrant_worker'],
                });
                setCreating(true);
              }}
            >
              {t('care.newGreetings')}
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={lists.isLoading}
          dataSource={lists.data ?? []}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: selected ? [selected] : [],
            onChange: (k) => setSelected(Number(k[0])),
          }}
          columns={[
            { key: 'name', title: t('care.name'), dataIndex: 'name' },
            { key: 'festival', title: t('care.festival'), dataIndex: 'festival' },
            { key: 'org', title: t('demands.org'), render: (_, l) => l.org.name },
            { key: 'tags', title: t('care.tagsAny'), render: (_, l) => l.tagsAny.map((x) => <Tag key={x}>{x}</Tag>) },
            { key: 'on', title: t('care.greetOn'), dataIndex: 'greetOn' },
          ]}
        />
      </Card>
      {list.data && (
        <Card title={`${list.data.name} · ${list.data.entries.length}`}>
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 50 }}
            dataSource={list.data.entries}
            columns={[
              { key: 'p', title: t('care.person'), render: (_, e) => e.person.name },
              { key: 'o', title: t('demands.org'), render: (_, e) => e.org.name },
              {
                key: 'g',
                title: t('care.greeted'),
                render: (_, e) =>
                  e.greetedAt ? (
                    formatDateTime(e.greetedAt)
                  ) : (
                    <Button
                      size="small"
                      onClick={() =>
                        actions.greet.mutate({ listId: list.data.id, entryId: e.id }, { onError: notifyError })
                      }
                    >
                      {t('care.markGreeted')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      <Modal open={creating} title={t('care.newGreetings')} onCancel={() => setCreating(false)} onOk={() => void ok()}>
        <Form form={form} layout="vertical">
          <Form.Item name="programId" label={t('care.program')} rules={[{ required: true }]}>
            <Select
              options={(programs.data ?? [])
                .filter((p) => p.kind === 'greeting')
                .map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
          <Form.Item name="orgId" label={t('demands.org')} rules={[{ required: true }]}>
            <OrgPicker initial={acting as OrgSummary | null} />
          </Form.Item>
          <Form.Item name="name" label={t('care.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Space>
            <Form.Item name="festival" label={t('care.festival')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="greetOn" label={t('care.greetOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="tagsAny" label={t('care.tagsAny')} rules={[{ required: true }]}>
            <TagSelect />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
