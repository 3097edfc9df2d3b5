import { useState } from 'react';
import { Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  AVAILABILITY,
  AVAILABILITY_LABELS,
  SKILL_LABELS,
  VOLUNTEER_SKILLS,
  VolunteerInput,
  type OrgSummary,
  type Volunteer,
} from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { federationToday } from '../../app/time';
import { isoDate, submitParsed } from '../../app/forms';
import { useDebounced } from '../../app/useDebounced';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { PersonPicker } from '../people/PersonPicker';
import { useRegisterVolunteer, useTeams, useVolunteers } from './volunteers.api';

/** The subtree's volunteers by team, skill or name; registering one. */
export function VolunteersTab() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const acting = useActingOrg();
  const [teamId, setTeamId] = useState<number | undefined>();
  const [skill, setSkill] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const debounced = useDebounced(q, 250);
  const [registering, setRegistering] = useState(false);
  const teams = useTeams(undefined, acting?.id ?? null);
  const list = useVolunteers({ teamId, skill, q: debounced }, acting?.id ?? null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('volunteers.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 180 }}
        />
        <Select
          allowClear
          placeholder={t('volunteers.teams')}
          value={teamId}
          onChange={setTeamId}
          style={{ width: 220 }}
          options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
        />
        <Select
          allowClear
          placeholder={t('volunteers.skills')}
          value={skill}
          onChange={setSkill}
          style={{ width: 160 }}
          options={VOLUNTEER_SKILLS.map((s) => ({ value: s, label: l(SKILL_LABELS[s]) }))}
        />
        {can('volunteer.write') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRegistering(true)}
            data-testid="volunteer-register"
          >
            {t('volunteers.register')}
          </Button>
        )}
      </Space>
      <Table<Volunteer>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={rows}
        data-testid="volunteers-table"
        locale={{ emptyText: t('volunteers.none') }}
        columns={[
          { key: 'name', title: t('volunteers.person'), render: (_, v) => v.person.name },
          { key: 'org', title: t('volunteers.org'), render: (_, v) => v.org.name },
          {
            key: 'teams',
            title: t('volunteers.teamsOf'),
            render: (_, v) => v.teams.map((x) => <Tag key={x.id}>{x.name}</Tag>),
          },
          {
            key: 'skills',
            title: t('volunteers.skills'),
            render: (_, v) => v.skills.map((s) => l(SKILL_LABELS[s])).join('、'),
          },
          {
            key: 'availability',
            title: t('volunteers.availability'),
            render: (_, v) => v.availability.map((a) => l(AVAILABILITY_LABELS[a])).join('、'),
          },
          { key: 'year', title: t('volunteers.hoursThisYear'), dataIndex: 'hoursThisYear' },
          { key: 'total', title: t('volunteers.hoursTotal'), dataIndex: 'hoursTotal' },
          { key: 'account', title: t('volunteers.account'), render: (_, v) => v.user?.displayName ?? '—' },
        ]}
      />
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <RegisterDrawer open={registering} onClose={() => setRegistering(false)} />
    </>
  );
}

interface Values {
  orgId?: number;
  personId?: number;
  userId?: number | null;
  skills?: string[];
  availability?: string[];
  joinedOn?: Dayjs;
  teamIds?: number[];
}

function RegisterDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg();
  const [form] = Form.useForm<Values>();
  const teams = useTeams(undefined, acting?.id ?? null);
  const register = useRegisterVolunteer();
  const submit = async () => {
    const v = await form.validateFields();
    submitParsed(
      form,
      VolunteerInput,
      {
        orgId: v.orgId,
        personId: v.personId,
        userId: v.userId ?? null,
        skills: v.skills ?? [],
        availability: v.availability ?? [],
        joinedOn: isoDate(v.joinedOn),
        teamIds: v.teamIds ?? [],
      },
      register,
      () => {
        form.resetFields();
        onClose();
      },
    );
  };
  return (
    <Drawer
      title={t('volunteers.register')}
      open={open}
      onClose={onClose}
      width={520}
      destroyOnHidden
      extra={
        <Button
          type="primary"
          loading={register.isPending}
          onClick={() => void submit()}
          data-testid="volunteer-submit"
        >
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ orgId: acting?.id, joinedOn: federationToday() }}>
        <Form.Item name="orgId" label={t('volunteers.org')} rules={[{ required: true }]}>
          <OrgPicker initial={acting as OrgSummary | null} />
        </Form.Item>
        <Form.Item name="personId" label={t('volunteers.person')} rules={[{ required: true }]}>
          <PersonPicker data-testid="volunteer-person" />
        </Form.Item>
        <Form.Item name="userId" label={t('volunteers.account')}>
          <InputNumber min={1} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="skills" label={t('volunteers.skills')}>
          <Select mode="multiple" options={VOLUNTEER_SKILLS.map((s) => ({ value: s, label: l(SKILL_LABELS[s]) }))} />
        </Form.Item>
        <Form.Item name="availability" label={t('volunteers.availability')}>
          <Select mode="multiple" options={AVAILABILITY.map((a) => ({ value: a, label: l(AVAILABILITY_LABELS[a]) }))} />
        </Form.Item>
        <Form.Item name="teamIds" label={t('volunteers.teamsOf')}>
          <Select
            mode="multiple"
            options={(teams.data ?? [])
              .filter((x) => x.status === 'active')
              .map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
        <Form.Item name="joinedOn" label={t('volunteers.joinedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
