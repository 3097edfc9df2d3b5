import { useState } from 'react';
import { Button, Dropdown, Form, Input, Modal, Popconfirm, Space, Typography, type MenuProps } from 'antd';
import { DeleteOutlined, DownOutlined, FilterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useDeleteFilter, useSaveFilter, useSavedFilters } from './people.api';
import { isFiltered, toFilters, toSavedQuery, type PeopleFilters } from './peopleFilters';

/** 常用筛选: save the current filters under a name, apply one, delete one. Saved per user. */
export function SavedFiltersMenu({
  filters,
  onApply,
}: {
  filters: PeopleFilters;
  onApply: (f: PeopleFilters) => void;
}) {
  const { t } = useTranslation();
  const saved = useSavedFilters();
  const save = useSaveFilter();
  const remove = useDeleteFilter();
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const items: MenuProps['items'] = [
    ...(saved.data ?? []).map((f) => ({
      key: String(f.id),
      'data-testid': `saved-filter-${f.id}`,
      label: (
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>{f.name}</span>
          <Popconfirm
            title={t('people.savedFilters.deleteConfirm', { name: f.name })}
            onConfirm={() => remove.mutate(f.id)}
            onPopupClick={(e) => e.stopPropagation()}
          >
            <DeleteOutlined onClick={(e) => e.stopPropagation()} data-testid={`saved-filter-delete-${f.id}`} />
          </Popconfirm>
        </Space>
      ),
    })),
    ...(saved.data?.length ? [{ type: 'divider' as const }] : []),
    {
      key: 'save',
      disabled: !isFiltered(filters),
      label: (
        <Typography.Text type={isFiltered(filters) ? undefined : 'secondary'}>
          {t('people.savedFilters.saveCurrent')}
        </Typography.Text>
      ),
      'data-testid': 'saved-filter-save',
    },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'save') {
      form.resetFields();
      setNaming(true);
      return;
    }
    const f = saved.data?.find((x) => String(x.id) === key);
    if (f) onApply(toFilters(f.query));
  };

  const submit = async () => {
    const { name } = await form.validateFields();
    save.mutate(
      { name: name.trim(), query: toSavedQuery(filters) },
      {
        onSuccess: () => {
          notifySuccess(t('people.savedFilters.saved'));
          setNaming(false);
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']}>
        <Button icon={<FilterOutlined />} data-testid="saved-filters">
          {t('people.savedFilters.title')} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={naming}
        title={t('people.savedFilters.saveCurrent')}
        onCancel={() => setNaming(false)}
        onOk={() => void submit()}
        confirmLoading={save.isPending}
        okButtonProps={{ 'data-testid': 'saved-filter-name-submit' }}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="name"
            label={t('people.savedFilters.name')}
            rules={[{ required: true, whitespace: true, message: t('form.required') }]}
          >
            <Input maxLength={50} data-testid="saved-filter-name" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
