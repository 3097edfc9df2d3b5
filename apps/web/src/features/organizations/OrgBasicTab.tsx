import { useState } from 'react';
import { Breadcrumb, Button, Descriptions, Space, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TERM_STATE_LABELS, type OrgDetail } from '@jinguo/contracts';
import { useLang } from '../../i18n';
import { OrgTypeTag } from './OrgTypeTag';
import { OrgStatusTag } from './OrgStatusTag';
import { OrgEditDrawer } from './OrgEditDrawer';
import { formatOfficeHours, InheritedOfficeHours } from './OfficeHoursFields';

const dash = (v: string | null | undefined) => v || '—';

export function OrgBasicTab({ org }: { org: OrgDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [editing, setEditing] = useState(false);
  const term = org.currentTerm;
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Breadcrumb
          data-testid="org-ancestors"
          items={[
            ...org.ancestors.map((a) => ({ key: a.id, title: <Link to={`/orgs/${a.id}`}>{a.name}</Link> })),
            { key: org.id, title: org.name },
          ]}
        />
        {org.allowedActions.includes('edit') && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="org-edit-button">
            {t('common.edit')}
          </Button>
        )}
      </Space>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="org-basic">
        <Descriptions.Item label={t('org.name')}>{org.name}</Descriptions.Item>
        <Descriptions.Item label={t('org.shortName')}>{dash(org.shortName)}</Descriptions.Item>
        <Descriptions.Item label={t('org.code')}>{org.code}</Descriptions.Item>
        <Descriptions.Item label={t('org.divisionCode')}>{dash(org.divisionCode)}</Descriptions.Item>
        <Descriptions.Item label={t('org.type')}>
          <OrgTypeTag type={org.type} />
        </Descriptions.Item>
        <Descriptions.Item label={t('common.status')}>
          <OrgStatusTag status={org.status} />
          {org.mergedInto && (
            <>
              {t('org.mergedInto')} <Link to={`/orgs/${org.mergedInto.id}`}>{org.mergedInto.name}</Link>
            </>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('org.address')} span={2}>
          {dash(org.address)}
        </Descriptions.Item>
        <Descriptions.Item label={t('org.contactName')}>{dash(org.contactName)}</Descriptions.Item>
        <Descriptions.Item label={t('org.contactPhone')}>{dash(org.contactPhone)}</Descriptions.Item>
        <Descriptions.Item label={t('org.foundedOn')}>{dash(org.foundedOn)}</Descriptions.Item>
        <Descriptions.Item label={t('org.validity')}>
          {org.validFrom} ~ {org.validTo ?? t('org.now')}
        </Descriptions.Item>
        <Descriptions.Item label={t('org.officeHours')}>
          <span data-testid="org-office-hours">
            {org.officeHours ? (
              <>
                {formatOfficeHours(org.officeHours, lang === 'en-US' ? ', ' : '、')}{' '}
                <Tag>{t('org.officeHoursOwnTag')}</Tag>
              </>
            ) : (
              <InheritedOfficeHours org={org} />
            )}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('org.childCount')}>{org.childCount}</Descriptions.Item>
        <Descriptions.Item label={t('org.currentTerm')}>
          {term ? (
            <Space size={4} wrap>
              {t('terms.number', { n: term.number })}
              <Tag>{TERM_STATE_LABELS[term.state][lang]}</Tag>
              <Typography.Text type={term.overdue ? 'danger' : undefined}>
                {t('terms.dueOn')}: {term.dueOn}
              </Typography.Text>
              {term.overdue && <Tag color="red">{t('terms.overdue')}</Tag>}
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>
      <OrgEditDrawer org={org} open={editing} onClose={() => setEditing(false)} />
    </>
  );
}
