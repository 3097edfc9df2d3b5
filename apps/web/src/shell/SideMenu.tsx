import { Menu, type MenuProps } from 'antd';
import {
  AlertOutlined,
  CheckSquareOutlined,
  BulbOutlined,
  FormOutlined,
  ScheduleOutlined,
  CarOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FlagOutlined,
  FundOutlined,
  HeartOutlined,
  ShopOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  DashboardOutlined,
  ReadOutlined,
  FileProtectOutlined,
  PhoneOutlined,
  SafetyOutlined,
  AuditOutlined,
  CalendarOutlined,
  FieldTimeOutlined,
  DesktopOutlined,
  MessageOutlined,
  ClusterOutlined,
  GlobalOutlined,
  HistoryOutlined,
  HomeOutlined,
  IdcardOutlined,
  MergeCellsOutlined,
  SolutionOutlined,
  TeamOutlined,
  UploadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';

type Item = Required<MenuProps>['items'][number];

/** One entry per module that exists; entries the user has no permission for are not shown at all. */
export function SideMenu() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  const items: Item[] = [
    {
      key: '/workbench',
      icon: <DesktopOutlined />,
      label: t('workbench.menu'),
      'data-testid': 'menu-workbench',
    } as Item,
  ];
  if (can('org.read')) {
    items.push({
      key: 'organizations',
      icon: <ApartmentOutlined />,
      label: t('menu.organizations'),
      'data-testid': 'menu-organizations',
      children: [
        { key: '/orgs', icon: <ClusterOutlined />, label: t('menu.orgTree'), 'data-testid': 'menu-orgs' },
        {
          key: '/reorganizations',
          icon: <HistoryOutlined />,
          label: t('menu.reorganizations'),
          'data-testid': 'menu-reorganizations',
        },
      ],
    } as Item);
  }
  if (can('person.read')) {
    items.push({
      key: 'people',
      icon: <SolutionOutlined />,
      label: t('menu.peopleGroup'),
      'data-testid': 'menu-people-group',
      children: [
        { key: '/people', icon: <IdcardOutlined />, label: t('menu.people'), 'data-testid': 'menu-people' },
        {
          key: '/people/migrants',
          icon: <GlobalOutlined />,
          label: t('menu.migrants'),
          'data-testid': 'menu-migrants',
        },
        { key: '/families', icon: <HomeOutlined />, label: t('menu.families'), 'data-testid': 'menu-families' },
        {
          key: '/people/duplicates',
          icon: <MergeCellsOutlined />,
          label: t('menu.duplicates'),
          'data-testid': 'menu-duplicates',
        },
        ...(can('person.write')
          ? [
              {
                key: '/people/import',
                icon: <UploadOutlined />,
                label: t('menu.import'),
                'data-testid': 'menu-people-import',
              },
            ]
          : []),
      ],
    } as Item);
  }
  const work: Item[] = [];
  if (can('demand.read') || can('demand.handle'))
    work.push({
      key: '/demands',
      icon: <FileDoneOutlined />,
      label: t('work.demands'),
      'data-testid': 'menu-demands',
    } as Item);
  if (can('demand.read')) {
    work.push({
      key: '/demands/indicators',
      icon: <FundOutlined />,
      label: t('work.indicators'),
      'data-testid': 'menu-demand-indicators',
    } as Item);
    work.push({
      key: '/demands/suggestions',
      icon: <BulbOutlined />,
      label: t('work.suggestions'),
      'data-testid': 'menu-suggestions',
    } as Item);
    work.push({
      key: '/demands/proposals',
      icon: <FileTextOutlined />,
      label: t('proposals.title'),
      'data-testid': 'menu-proposals',
    } as Item);
  }
  if (can('demand.read') || can('catalogue.write'))
    work.push({
      key: '/catalogue',
      icon: <ShopOutlined />,
      label: t('work.catalogue'),
      'data-testid': 'menu-catalogue',
    } as Item);
  if (can('visit.read') || can('visit.record')) {
    work.push({ key: '/visits', icon: <CarOutlined />, label: t('work.visits'), 'data-testid': 'menu-visits' } as Item);
    work.push({
      key: '/visits/campaigns',
      icon: <FlagOutlined />,
      label: t('work.campaigns'),
      'data-testid': 'menu-campaigns',
    } as Item);
  }
  if (can('volunteer.read'))
    work.push({
      key: '/volunteers',
      icon: <HeartOutlined />,
      label: t('volunteers.menu'),
      'data-testid': 'menu-volunteers',
    } as Item);
  if (can('volunteer.read') || can('callup.respond'))
    work.push({
      key: '/call-ups',
      icon: <AlertOutlined />,
      label: t('callUps.menu'),
      'data-testid': 'menu-call-ups',
    } as Item);
  if (can('duty.read'))
    work.push({
      key: '/duties',
      icon: <CheckSquareOutlined />,
      label: t('duties.tableMenu'),
      'data-testid': 'menu-duties',
    } as Item);
  if (can('duty.own'))
    work.push({
      key: '/duties/me',
      icon: <CheckSquareOutlined />,
      label: t('duties.myMenu'),
      'data-testid': 'menu-my-duties',
    } as Item);
  if (can('task.read')) {
    work.push({
      key: '/tasks',
      icon: <ScheduleOutlined />,
      label: t('tasks.workList'),
      'data-testid': 'menu-tasks',
    } as Item);
    work.push({
      key: '/tasks/forms',
      icon: <FormOutlined />,
      label: t('tasks.forms'),
      'data-testid': 'menu-task-forms',
    } as Item);
  }
  if (work.length)
    items.push({
      key: 'work',
      icon: <SolutionOutlined />,
      label: t('work.group'),
      'data-testid': 'menu-work-group',
      children: work,
    } as Item);
  if (can('activity.read'))
    items.push({
      key: 'activities',
      icon: <FlagOutlined />,
      label: t('activities.menu'),
      'data-testid': 'menu-activities-group',
      children: [
        {
          key: '/activities',
          icon: <CalendarOutlined />,
          label: t('activities.list'),
          'data-testid': 'menu-activities',
        },
        {
          key: '/activities/spaces',
          icon: <HomeOutlined />,
          label: t('activities.spaces'),
          'data-testid': 'menu-activity-spaces',
        },
        {
          key: '/activities/trainings',
          icon: <IdcardOutlined />,
          label: t('activities.trainings'),
          'data-testid': 'menu-trainings',
        },
      ],
    } as Item);
  if (can('care.read'))
    items.push({
      key: 'care',
      icon: <HeartOutlined />,
      label: t('care.menu'),
      'data-testid': 'menu-care-group',
      children: [
        { key: '/care-programs/applications', label: t('care.applications'), 'data-testid': 'menu-care-applications' },
        { key: '/care-programs', label: t('care.programs'), 'data-testid': 'menu-care-programs' },
        {
          key: '/care-programs/beneficiaries',
          label: t('care.beneficiaries'),
          'data-testid': 'menu-care-beneficiaries',
        },
        { key: '/care-programs/parcels', label: t('care.parcels'), 'data-testid': 'menu-care-parcels' },
        { key: '/care-programs/greetings', label: t('care.greetings'), 'data-testid': 'menu-care-greetings' },
        { key: '/care-programs/pairings', label: t('care.pairings.title'), 'data-testid': 'menu-care-pairings' },
        { key: '/care-programs/wishes', label: t('care.wishes.title'), 'data-testid': 'menu-care-wishes' },
      ],
    } as Item);
  if (can('case.read') || can('case.figures')) {
    items.push({
      key: 'cases',
      icon: <SafetyOutlined />,
      label: t('cases.menu'),
      'data-testid': 'menu-cases-group',
      children: [
        ...(can('case.read')
          ? [{ key: '/cases', icon: <FileProtectOutlined />, label: t('cases.list'), 'data-testid': 'menu-cases' }]
          : []),
        ...(can('case.intake')
          ? [
              {
                key: '/cases/intake',
                icon: <PhoneOutlined />,
                label: t('cases.intake'),
                'data-testid': 'menu-case-intake',
              },
            ]
          : []),
        ...(can('case.figures')
          ? [
              {
                key: '/case-figures',
                icon: <BarChartOutlined />,
                label: t('cases.figures'),
                'data-testid': 'menu-case-figures',
              },
              {
                key: '/case-nil-reports',
                icon: <AuditOutlined />,
                label: t('caseForms.nil.title'),
                'data-testid': 'menu-case-nil-reports',
              },
            ]
          : []),
      ],
    } as Item);
  }
  if (can('stats.read'))
    items.push({
      key: 'dashboards',
      icon: <DashboardOutlined />,
      label: t('dashboards.menu'),
      'data-testid': 'menu-dashboards-group',
      children: [
        {
          key: '/dashboards',
          icon: <BarChartOutlined />,
          label: t('dashboards.cockpit'),
          'data-testid': 'menu-cockpit',
        },
        {
          key: '/dashboards/indicators',
          icon: <ReadOutlined />,
          label: t('dashboards.catalogue'),
          'data-testid': 'menu-indicator-catalogue',
        },
      ],
    } as Item);
  if (can('case.referral.respond'))
    items.push({
      key: '/referrals',
      icon: <FileProtectOutlined />,
      label: t('cases.referrals'),
      'data-testid': 'menu-referrals',
    } as Item);
  if (can('user.read'))
    items.push({ key: '/users', icon: <TeamOutlined />, label: t('menu.users'), 'data-testid': 'menu-users' } as Item);
  if (can('security.manage'))
    items.push({
      key: '/users/role-grants',
      icon: <SafetyOutlined />,
      label: t('roleGrants.menu'),
      'data-testid': 'menu-role-grants',
    } as Item);
  if (can('audit.read'))
    items.push({ key: '/audit', icon: <AuditOutlined />, label: t('menu.audit'), 'data-testid': 'menu-audit' } as Item);
  items.push({
    key: '/admin/calendar',
    icon: <CalendarOutlined />,
    label: t('calendar.menu'),
    'data-testid': 'menu-calendar',
  } as Item);
  if (can('retention.manage'))
    items.push({
      key: '/admin/retention',
      icon: <FieldTimeOutlined />,
      label: t('retention.menu'),
      'data-testid': 'menu-retention',
    } as Item);
  if (can('dev.outbox.read'))
    items.push({
      key: '/admin/dev-outbox',
      icon: <MessageOutlined />,
      label: t('devOutbox.menu'),
      'data-testid': 'menu-dev-outbox',
    } as Item);
  items.push({
    key: '/account',
    icon: <UserOutlined />,
    label: t('menu.account'),
    'data-testid': 'menu-account',
  } as Item);

  // The longest matching entry: /people/migrants is its own entry, /people/123 belongs to /people.
  const selected = [
    '/workbench',
    '/demands',
    '/demands/indicators',
    '/demands/suggestions',
    '/demands/proposals',
    '/catalogue',
    '/visits',
    '/visits/campaigns',
    '/activities',
    '/activities/spaces',
    '/activities/trainings',
    '/volunteers',
    '/call-ups',
    '/duties',
    '/duties/me',
    '/tasks',
    '/tasks/forms',
    '/care-programs',
    '/care-programs/applications',
    '/care-programs/beneficiaries',
    '/care-programs/parcels',
    '/care-programs/greetings',
    '/care-programs/pairings',
    '/care-programs/wishes',
    '/cases',
    '/cases/intake',
    '/case-figures',
    '/case-nil-reports',
    '/referrals',
    '/dashboards',
    '/dashboards/indicators',
    '/orgs',
    '/reorganizations',
    '/people',
    '/people/migrants',
    '/people/duplicates',
    '/people/import',
    '/families',
    '/users',
    '/users/role-grants',
    '/audit',
    '/admin/calendar',
    '/admin/retention',
    '/admin/dev-outbox',
    '/account',
  ]
    .filter((p) => pathname === p || pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <Menu
      data-testid="side-menu"
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={['organizations', 'people', 'work', 'cases', 'dashboards']}
      onClick={({ key }) => navigate(key)}
    />
  );
}
