import { useState } from 'react';
import { Button, Card, Form, Input, Modal, Segmented, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SuggestionItem } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { notifySuccess } from '../../app/notify';
import { useHandOver, useSuggestions } from './demands.api';
import { useCategoryName } from './useCategoryName';
import { formatDate } from '../../app/time';

type Item = z.infer<typeof SuggestionItem>;

/** 建议汇总: suggestions raised from demands, to hand to people's-congress deputies and CPPCC members. */
export function SuggestionsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const category = useCategoryName();
  const [handed, setHanded] = useState<'false' | 'true' | 'all'>('false');
  const list = useSuggestions(handed === 'all' ? undefined : handed === 'true', acting?.id ?? null);
  const [selected, setSelected] = useState<number[]>([]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ handedTo: string }>();
  const handOver = useHandOver();
  const submit = async () => {
    const v = await form.validateFields();
    handOver.mutate(
      { demandIds: selected, handedTo: v.handedTo.trim() },
      {
        onSuccess: (r) => {
          notifySuccess(t('demands.handedCount', { count: r.handed }));
          setSelected([]);
          setOpen(false);
        },
      },
    );
  };
  return (
    <Card
      title={t('work.suggestions')}
      extra={
        <>
          <Segmented
            value={handed}
            onChange={(v) => setHanded(v as 'false')}
            options={[
              { value: 'false', label: t('demands.notHanded') },
              { value: 'true', label: t('demands.handedTo') },
              { value: 'all', label: t('demands.views.all') },
            ]}
          />
          {can('demand.write') && (
            <Button
              style={{ marginInlineStart: 8 }}
              type="primary"
              disabled={!selected.length}
              onClick={() => setOpen(true)}
            >
              {t('demands.handOver')}
            </Button>
          )}
        </>
      }
    >
      <Table<Item>
        rowKey="demandId"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowSelection={
          can('demand.write') ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]) } : undefined
        }
        columns={[
          {
            key: 'title',
            title: t('demands.title'),
            render: (_, s) => <Link to={`/demands/${s.demandId}`}>{s.title}</Link>,
          },
          { key: 'suggestion', title: t('demands.suggestion'), dataIndex: 'suggestion' },
          { key: 'category', title: t('demands.category'), render: (_, s) => category(s.category) },
          { key: 'org', title: t('demands.org'), render: (_, s) => s.org.name },
          { key: 'at', title: t('demands.receivedAt'), render: (_, s) => formatDate(s.suggestedAt) },
          {
            key: 'handed',
            title: t('demands.handedTo'),
            render: (_, s) => (s.handedTo ? <Tag color="green">{s.handedTo}</Tag> : '—'),
          },
        ]}
      />
      <Modal
        title={t('demands.handOver')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={handOver.isPending}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="handedTo" label={t('demands.handOverTo')} rules={[{ required: true }]}>
            <Input maxLength={100} placeholder="区人大代表 张某某" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
