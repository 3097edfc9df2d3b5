import { useState } from 'react';
import { Button, Dropdown, type MenuProps } from 'antd';
import { DownOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrgDetail } from '@jinguo/contracts';
import { ReorganizeModal, type ReorganizeKind } from './ReorganizeModal';
import { SplitOrgModal } from './SplitOrgModal';

type Action = ReorganizeKind | 'split';
const ACTIONS: readonly Action[] = ['rename', 'move', 'merge', 'split', 'dissolve'];

/** 更名 / 迁移 / 合并 / 拆分 / 撤销 — present only when the server lists `reorganize` for this org. */
export function OrgActionsMenu({ org }: { org: OrgDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Action | null>(null);
  if (!org.allowedActions.includes('reorganize')) return null;
  const items: MenuProps['items'] = ACTIONS.map((a) => ({
    key: a,
    label: t(`reorg.actions.${a}`),
    danger: a === 'dissolve',
    'data-testid': `org-action-${a}`,
  }));
  return (
    <>
      <Dropdown menu={{ items, onClick: ({ key }) => setOpen(key as Action) }} trigger={['click']}>
        <Button data-testid="org-actions">
          {t('reorg.menu')} <DownOutlined />
        </Button>
      </Dropdown>
      <ReorganizeModal org={org} kind={open === 'split' ? null : open} onClose={() => setOpen(null)} />
      <SplitOrgModal org={org} open={open === 'split'} onClose={() => setOpen(null)} />
    </>
  );
}
