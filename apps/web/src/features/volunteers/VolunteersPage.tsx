import { useState } from 'react';
import { Button, Card, DatePicker, Drawer, Form, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { TEAM_KIND_LABELS, TEAM_KINDS, TeamInput, type OrgSummary, type Team, type TeamKind } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { federationToday } from '../../app/time';
import { isoDate, submitParsed } from '../../app/forms';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { HoursTab } from './HoursTab';
import { VolunteersTab } from './VolunteersTab';
import { useCreateTeam, useTeams, useVolunteerFigures } from './volunteers.api';

/** 志愿服务: the subtree's teams (服务队, 宣讲队), volunteers, hours ledger and figures. */
export function VolunteersPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('volunteers.menu')}>
      <Tabs
        data-testid="volunteer-tabs"
        items={[
          { key: 'teams', label: t('volunteers.teams'), children: <TeamsTab /> },
          { key: 'volunteers', label: t('volunteers.volunteers'), children: <VolunteersTab /> },
          { key: 'hours', label: t('volunteers.hours'), children: <HoursTab /> },
          { key: 'figures', label: t('volunteers.figures'), children: <FiguresTab /> },
        ]}
      />
    </Card>
  );
}

function TeamsTab() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const acting = useActingOrg();
  const [kind, setKind] = useState<TeamKind | undefined>();
  const [creating, setCreating] = useState(false);
  const teams = useTeams(kind, acting?.id ?? null);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('volunteers.teamKind')}
          value={kind}
          onChange={setKind}
          style={{ width: 200 }}
          options={TEAM_KINDS.map((k) => ({ value: k, label: l(TEAM_KIND_LABELS[k]) }))}
        />
        {can('volunteer.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="team-create">
            {t('volunteers.newTeam')}
          </Button>
        )}
      </Space>
      <Table<Team>
        rowKey="id"
        size="small"
        pagination={false}
        loading={teams.isLoading}
        dataSource={teams.data ?? []}
        data-testid="teams-table"
        locale={{ emptyText: t('volunteers.none') }}
        columns={[
          { key: 'name', title: t('volunteers.teamName'), dataIndex: 'name' },
          { key: 'kind', title: t('volunteers.teamKind'), render: (_, r) => <Tag>{l(TEAM_KIND_LABELS[r.kind])}</Tag> },
          { key: 'org', title: t('volunteers.org'), render: (_, r) => r.org.name },
          { key: 'founded', title: t('volunteers.foundedOn'), dataIndex: 'foundedOn' },
          { key: 'members', title: t('volunteers.members'), dataIndex: 'memberCount' },
          { key: 'hours', title: t('volunteers.hoursThisYear'), dataIndex: 'hoursThisYear' },
          {
            key: 'status',
            title: t('common.status'),
            render: (_, r) =>
              r.status === 'active' ? t('volunteers.active') : <Tag color="default">{t('volunteers.dissolved')}</Tag>,
          },
        ]}
      />
      <CreateTeamDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function CreateTeamDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg();
  const [form] = Form.useForm<{
    orgId?: number;
    kind: TeamKind;
    name?: string;
    description?: string;
    foundedOn?: Dayjs;
  }>();
  const create = useCreateTeam();
  const submit = async () => {
    const v = await form.validateFields();
    submitParsed(
      form,
      TeamInput,
      {
        orgId: v.orgId,
        kind: v.kind,
        name: v.name?.trim(),
        description: v.description?.trim() ?? '',
        foundedOn: isoDate(v.foundedOn),
      },
      create,
      () => {
        form.resetFields();
        onClose();
      },
    );
  };
  return (
    <Drawer
      title={t('volunteers.newTeam')}
      open={open}
      onClose={onClose}
      width={480}
      destroyOnHidden
      extra={
        <Button type="primary" loading={create.isPending} onClick={() => void submit()} data-testid="team-submit">
          {t('common.save')}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgId: acting?.id, kind: 'volunteer', foundedOn: federationToday() }}
      >
        <Form.Item name="orgId" label={t('volunteers.org')} rules={[{ required: true }]}>
          <OrgPicker initial={acting as OrgSummary | null} />
        </Form.Item>
        <Form.Item name="kind" label={t('volunteers.teamKind')}>
          <Select options={TEAM_KINDS.map((k) => ({ value: k, label: l(TEAM_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('volunteers.teamName')} rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="team-name" />
        </Form.Item>
        <Form.Item name="description" label={t('volunteers.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="foundedOn" label={t('volunteers.foundedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function FiguresTab() {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const today = federationToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.startOf('year'), today]);
  const q = { from: isoDate(range[0]), to: isoDate(range[1]) };
  const self = useVolunteerFigures({ ...q, by: 'self' }, acting?.id ?? null);
  const children = useVolunteerFigures({ ...q, by: 'children' }, acting?.id ?? null);
  const rows = [...(self.data?.rows ?? []), ...(children.data?.rows ?? [])];
  return (
    <>
      <DatePicker.RangePicker
        value={range}
        allowClear={false}
        onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        style={{ marginBottom: 12 }}
      />
      <Table
        rowKey={(r) => `${r.org.id}-${rows.indexOf(r)}`}
        size="small"
        pagination={false}
        loading={self.isLoading || children.isLoading}
        dataSource={rows}
        data-testid="volunteer-figures"
        columns={[
          { key: 'org', title: t('volunteers.org'), render: (_, r, i) => (i === 0 ? <b>{r.org.name}</b> : r.org.name) },
          { key: 'teams', title: t('volunteers.teamsFounded'), dataIndex: 'teamsFounded' },
          { key: 'talk', title: t('volunteers.talkTeamsFounded'), dataIndex: 'talkTeamsFounded' },
          { key: 'joined', title: t('volunteers.volunteersJoined'), dataIndex: 'volunteersJoined' },
          { key: 'services', title: t('volunteers.services'), dataIndex: 'services' },
          { key: 'hours', title: t('volunteers.hoursValue'), dataIndex: 'hours' },
        ]}
      />
    </>
  );
}
