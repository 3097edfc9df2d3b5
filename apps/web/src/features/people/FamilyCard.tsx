import { Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Family } from '@jinguo/contracts';
import { notifySuccess } from '../../app/notify';
import { useEndFamilyMember } from './families.api';

type Member = Family['members'][number];
type Honour = Family['honours'][number];
type Level = 'village' | 'town' | 'district' | 'city' | 'national';
const LEVELS: readonly Level[] = ['village', 'town', 'district', 'city', 'national'];

interface Props {
  family: Family;
  /** Members who left stay on record; shown on the family's own page. */
  showFormer?: boolean;
  /** Edit controls (family page with `person.write`). */
  manage?: boolean;
  extra?: React.ReactNode;
  title?: React.ReactNode;
}

/** A household: its members and relationships, and its honours (最美家庭, 五好家庭…). */
export function FamilyCard({ family, showFormer = false, manage = false, extra, title }: Props) {
  const { t } = useTranslation();
  const end = useEndFamilyMember(family.id);
  const members = family.members.filter((m) => showFormer || m.until === null);
  return (
    <Card
      size="small"
      title={title ?? family.name}
      extra={extra}
      style={{ marginBottom: 12 }}
      data-testid={`family-${family.id}`}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {family.org.name}
        {family.address && ` · ${family.address}`}
      </Typography.Paragraph>
      <Table<Member>
        rowKey={(m) => `${m.personId}-${m.since}`}
        size="small"
        dataSource={members}
        pagination={false}
        data-testid="family-members"
        columns={[
          { title: t('people.name'), render: (_, m) => <Link to={`/people/${m.personId}`}>{m.name}</Link> },
          {
            title: t('people.families.relationship'),
            render: (_, m) => t(`people.families.relationships.${m.relationship}`),
          },
          { title: t('people.families.period'), render: (_, m) => `${m.since} ~ ${m.until ?? t('org.now')}` },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, m: Member) =>
                    m.until === null && (
                      <Popconfirm
                        title={t('people.families.endConfirm', { name: m.name })}
                        onConfirm={() => end.mutate(m.personId, { onSuccess: () => notifySuccess(t('common.saved')) })}
                      >
                        <Button type="link" size="small" danger data-testid={`end-member-${m.personId}`}>
                          {t('people.families.end')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      {family.honours.length > 0 && (
        <Space wrap style={{ marginTop: 12 }} data-testid="family-honours">
          {family.honours.map((h: Honour) => (
            <Tag key={h.id} color="gold" icon={<TrophyOutlined />}>
              {h.year} · {t(`people.families.honours.${h.honour}`)} ·{' '}
              {LEVELS.includes(h.level as Level) ? t(`people.families.levels.${h.level as Level}`) : h.level}
              {h.awardedBy && ` · ${h.awardedBy}`}
            </Tag>
          ))}
        </Space>
      )}
    </Card>
  );
}
