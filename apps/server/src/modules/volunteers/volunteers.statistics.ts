import type { OrgType, VolunteerFigureRow } from '@jinguo/contracts';
import type { DbHandle } from '../../platform/db/client.js';
import { fieldError } from '../../platform/errors.js';
import { requireOrgInScope, requirePermission, runScoped, type UserActor } from '../../platform/scope.js';
import { byOrg, readCounters, type Indicator, type StatSource } from '../../platform/stats/index.js';
import * as foreign from './volunteers.directory.repository.js';
import { countersRebuild } from './volunteers.repository.js';

/**
 * The live figures of volunteering (platform/stats), bumped in the transaction that writes the record: teams founded
 * (志愿服务队, 宣讲队), volunteers registered, services and minutes served, at the org and the day they count for.
 */
export const VOLUNTEER_METRICS = [
  'volunteers.teams',
  'volunteers.talk_teams',
  'volunteers.joined',
  'volunteers.services',
  'volunteers.minutes',
] as const;
export const volunteerStatSource: StatSource = {
  name: 'volunteers',
  metrics: VOLUNTEER_METRICS,
  rebuild: countersRebuild,
};

function figureRow(org: foreign.OrgFacts, m: Record<string, number>): VolunteerFigureRow {
  const v = (k: string) => m[k] ?? 0;
  return {
    org: { id: org.id, code: org.code, name: org.name, type: org.type as OrgType },
    teamsFounded: v('volunteers.teams'),
    talkTeamsFounded: v('volunteers.talk_teams'),
    volunteersJoined: v('volunteers.joined'),
    services: v('volunteers.services'),
    hours: Math.round((v('volunteers.minutes') / 60) * 100) / 100,
  };
}

/** Teams, volunteers and hours of an org's subtree (or of each child) over a period, from the live counters. */
export function createVolunteerFigures(deps: { handle: DbHandle; today: () => string }) {
  return {
    read: (
      actor: UserActor,
      q: { orgId?: number | undefined; from?: string | undefined; to?: string | undefined; by: 'self' | 'children' },
    ) =>
      runScoped(deps.handle, actor, async (s) => {
        requirePermission(actor, 'volunteer.read');
        const orgId = q.orgId ?? actor.scope.orgId;
        const org = requireOrgInScope(s, (await foreign.orgsById(s, [orgId])).get(orgId), { field: 'orgId' });
        const to = q.to ?? deps.today();
        const from = q.from ?? `${to.slice(0, 4)}-01-01`;
        if (from > to)
          throw fieldError('VALIDATION_FAILED', 'from', '开始日期不能晚于结束日期', 'from must not be after to');
        const counters = byOrg(
          await readCounters(s, { orgId, metrics: VOLUNTEER_METRICS, from, to, by: q.by }),
          VOLUNTEER_METRICS,
        );
        if (q.by === 'self') return { from, to, rows: [figureRow(org, counters.get(orgId) ?? {})] };
        const children = await foreign.childOrgs(s, orgId);
        return { from, to, rows: children.map((c) => figureRow(c, counters.get(c.id) ?? {})) };
      }),
  };
}

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const sum = (code: string, unit: Indicator['unit'], name: [string, string], definition: [string, string]) => ({
  code,
  topic: 'volunteers',
  unit,
  name: t(...name),
  definition: t(...definition),
  formula: { kind: 'sum', metrics: [code] } as const,
});

/** Its indicators in the catalogue (数她说), over the counters above. */
export const volunteerIndicators: Indicator[] = [
  sum(
    'volunteers.teams',
    'count',
    ['新建巾帼志愿服务队', 'Volunteer teams founded'],
    [
      '期间内成立的巾帼志愿服务队，按成立日期计',
      'Volunteer teams (巾帼志愿服务队) founded in the period, by founding date',
    ],
  ),
  sum(
    'volunteers.talk_teams',
    'count',
    ['新建巾帼宣讲队', 'Talk teams founded'],
    ['期间内成立的巾帼宣讲队，按成立日期计', 'Talk teams (巾帼宣讲队) founded in the period, by founding date'],
  ),
  sum(
    'volunteers.joined',
    'people',
    ['新注册志愿者', 'Volunteers joined'],
    ['期间内登记注册的巾帼志愿者，按加入日期计', 'Volunteers registered in the period, by the date they joined'],
  ),
  sum(
    'volunteers.services',
    'count',
    ['志愿服务人次', 'Volunteer services'],
    [
      '期间内登记的志愿服务（服务工单、动员下沉、志愿服务活动和手工登记），每位志愿者每次服务计一次，按服务日期计',
      'Services recorded in the period (service orders, call-ups, volunteer-service activities, by hand): one per volunteer and service, by service date',
    ],
  ),
  {
    ...sum(
      'volunteers.hours',
      'hours',
      ['志愿服务时长', 'Volunteer hours'],
      [
        '期间内登记的志愿服务时长合计（小时），按服务日期计',
        'Hours of volunteer service recorded in the period, by service date',
      ],
    ),
    formula: { kind: 'sum', metrics: ['volunteers.minutes'], divisor: 60 },
  },
];
