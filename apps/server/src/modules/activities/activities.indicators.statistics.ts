import type { Indicator } from '../../platform/stats/index.js';

/*
 * The activities' indicators in the catalogue (数她说), over the counters of activities.statistics.ts: activities held
 * on their day (a held or summarised activity, as the counters' rebuild recounts them).
 */
const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const sum = (
  code: string,
  unit: Indicator['unit'],
  name: [string, string],
  definition: [string, string],
): Indicator => ({
  code,
  topic: 'activities',
  unit,
  name: t(...name),
  definition: t(...definition),
  formula: { kind: 'sum', metrics: [code] },
});

export const activityIndicators: Indicator[] = [
  sum(
    'activities.held',
    'count',
    ['开展活动', 'Activities held'],
    [
      '期间内举办的活动（已举办或已总结），按活动日期计',
      'Activities held (or summarised) in the period, by their date',
    ],
  ),
  sum('activities.talks', 'count', ['宣讲场次', 'Talks'], ['期间内举办的宣讲活动场次', 'Talks held in the period']),
  sum(
    'activities.lectures',
    'count',
    ['讲座场次', 'Lectures'],
    ['期间内举办的讲座场次', 'Lectures held in the period'],
  ),
  sum(
    'activities.trainings',
    'count',
    ['培训期数', 'Trainings'],
    ['期间内举办的培训期数', 'Trainings held in the period'],
  ),
  sum(
    'activities.attendance',
    'people',
    ['参加人次', 'Attendance'],
    ['期间内各活动签到的人次', 'Check-ins at the activities of the period (person-times)'],
  ),
  sum(
    'activities.reached',
    'people',
    ['覆盖人次', 'People reached'],
    [
      '期间内活动签到人次加上登记的未签到受众（如线上观看）',
      'Check-ins plus the audience recorded without a check-in (e.g. watching online), in the period',
    ],
  ),
  sum(
    'activities.training_attendance',
    'people',
    ['培训人次', 'Training attendance'],
    ['期间内各期培训签到的人次', 'Check-ins at the trainings of the period'],
  ),
];
