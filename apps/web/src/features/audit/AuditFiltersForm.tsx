import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditFilters } from './audit.api';

interface Values {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: 'success' | 'failure';
  range?: [Dayjs | null, Dayjs | null] | null;
}

export function AuditFiltersForm({ onChange }: { onChange: (f: AuditFilters) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const apply = (v: Values) => {
    const trim = (s?: string) => (s?.trim() ? s.trim() : undefined);
    onChange({
      actor: trim(v.actor),
      action: trim(v.action),
      targetType: trim(v.targetType),
      targetId: trim(v.targetId),
      result: v.result,
      // Whole days in local time, sent with their offset so the server compares instants.
      from: v.range?.[0]?.startOf('day').format(),
      to: v.range?.[1]?.endOf('day').format(),
    });
  };
  return (
    <Form<Values>
      form={form}
      layout="inline"
      onFinish={apply}
      style={{ rowGap: 8, marginBottom: 16 }}
      data-testid="audit-filters"
    >
      <Form.Item name="actor">
        <Input placeholder={t('audit.actor')} allowClear data-testid="audit-filter-actor" style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="action">
        <Input placeholder={t('audit.action')} allowClear data-testid="audit-filter-action" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="targetType">
        <Input
          placeholder={t('audit.targetType')}
          allowClear
          data-testid="audit-filter-targetType"
          style={{ width: 130 }}
        />
      </Form.Item>
      <Form.Item name="targetId">
        <Input
          placeholder={t('audit.targetId')}
          allowClear
          data-testid="audit-filter-targetId"
          style={{ width: 110 }}
        />
      </Form.Item>
      <Form.Item name="result">
        <Select
          placeholder={t('audit.result')}
          allowClear
          style={{ width: 110 }}
          options={[
            { value: 'success', label: t('audit.success') },
            { value: 'failure', label: t('audit.failure') },
          ]}
        />
      </Form.Item>
      <Form.Item name="range">
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" data-testid="audit-apply">
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onChange({});
          }}
        >
          {t('common.reset')}
        </Button>
      </Space>
    </Form>
  );
}
