import type { FormDefinition, Periodicity } from './tasks.js';

/*
 * Built-in report forms an org can start from. The yearly monitoring of the 2021–2030 development plans for women and
 * children (《中国妇女发展纲要（2021—2030年）》《中国儿童发展纲要（2021—2030年）》 and the Chongqing plans that follow
 * them): each indicator carries its 2030 target, the report its actual; a few figures the platform already counts are
 * prefilled from the records.
 */
export interface FormTemplate {
  code: string;
  name: string;
  description: string;
  periodicity: Periodicity;
  definition: FormDefinition;
}

const pct = { unit: '%', decimals: 2, min: 0, max: 100 } as const;

export const PLAN_MONITORING_TEMPLATE: FormTemplate = {
  code: 'plan-monitoring-2021-2030',
  name: '妇女儿童发展规划（2021—2030年）年度监测表',
  description:
    '按《中国妇女发展纲要（2021—2030年）》《中国儿童发展纲要（2021—2030年）》及本地规划，逐项填报本年度实际值，与2030年目标值对照。',
  periodicity: 'yearly',
  definition: {
    fields: [
      {
        key: 'employed_total',
        label: '就业人员总数',
        type: 'number',
        required: true,
        unit: '万人',
        decimals: 2,
        min: 0,
      },
      {
        key: 'employed_women',
        label: '女性就业人员',
        type: 'number',
        required: true,
        unit: '万人',
        decimals: 2,
        min: 0,
      },
      {
        key: 'women_employment_share',
        label: '就业人员中女性比例',
        type: 'number',
        required: false,
        ...pct,
        formula: 'if(employed_total > 0, round(employed_women / employed_total * 100, 2), 0)',
        target: 45,
        targetKind: 'atLeast',
      },
      {
        key: 'maternal_mortality',
        label: '孕产妇死亡率',
        type: 'number',
        required: true,
        unit: '/10万',
        decimals: 2,
        min: 0,
        max: 1000,
        target: 12,
        targetKind: 'atMost',
      },
      {
        key: 'cervical_screening',
        label: '适龄妇女宫颈癌人群筛查率',
        type: 'number',
        required: true,
        ...pct,
        target: 70,
        targetKind: 'atLeast',
      },
      {
        key: 'village_committee_women',
        label: '村委会成员中女性比例',
        type: 'number',
        required: true,
        ...pct,
        target: 30,
        targetKind: 'atLeast',
      },
      {
        key: 'resident_committee_women',
        label: '居委会成员中女性比例',
        type: 'number',
        required: true,
        ...pct,
        target: 50,
        targetKind: 'atLeast',
      },
      {
        key: 'infant_mortality',
        label: '婴儿死亡率',
        type: 'number',
        required: true,
        unit: '‰',
        decimals: 2,
        min: 0,
        max: 1000,
        target: 5,
        targetKind: 'atMost',
      },
      {
        key: 'under5_mortality',
        label: '5岁以下儿童死亡率',
        type: 'number',
        required: true,
        unit: '‰',
        decimals: 2,
        min: 0,
        max: 1000,
        target: 6,
        targetKind: 'atMost',
      },
      {
        key: 'preschool_enrolment',
        label: '学前教育毛入园率',
        type: 'number',
        required: true,
        ...pct,
        target: 90,
        targetKind: 'atLeast',
      },
      {
        key: 'compulsory_retention',
        label: '九年义务教育巩固率',
        type: 'number',
        required: true,
        ...pct,
        target: 96,
        targetKind: 'atLeast',
      },
      {
        key: 'childrens_home_coverage',
        label: '城乡社区儿童之家覆盖率',
        type: 'number',
        required: true,
        ...pct,
        target: 90,
        targetKind: 'atLeast',
      },
      {
        key: 'rights_cases_closed',
        label: '妇女儿童维权案件结案数',
        type: 'number',
        required: false,
        unit: '件',
        decimals: 0,
        min: 0,
        metric: 'cases.closed',
      },
      {
        key: 'measures',
        label: '主要措施与存在问题',
        type: 'table',
        required: false,
        maxRows: 20,
        columns: [
          {
            key: 'area',
            label: '领域',
            type: 'choice',
            required: true,
            options: [
              '妇女与健康',
              '妇女与教育',
              '妇女与经济',
              '妇女参与决策和管理',
              '妇女与社会保障',
              '妇女与家庭建设',
              '妇女与环境',
              '妇女与法律',
              '儿童与健康',
              '儿童与安全',
              '儿童与教育',
              '儿童与福利',
              '儿童与家庭',
              '儿童与环境',
              '儿童与法律保护',
            ],
          },
          { key: 'text', label: '内容', type: 'text', required: true, max: 500 },
        ],
      },
    ],
    rules: [
      {
        field: 'under5_mortality',
        expression: 'under5_mortality >= infant_mortality',
        message: {
          'zh-CN': '5岁以下儿童死亡率不应低于婴儿死亡率',
          'en-US': 'The under-5 mortality rate cannot be below the infant mortality rate',
        },
      },
      {
        field: 'employed_women',
        expression: 'employed_women <= employed_total',
        message: {
          'zh-CN': '女性就业人员不能多于就业人员总数',
          'en-US': 'Employed women cannot exceed all employed persons',
        },
      },
    ],
  },
};

/** 三访 and demands as a grassroots report: what the records know is prefilled, the rest is typed once. */
export const VISITS_REPORT_TEMPLATE: FormTemplate = {
  code: 'visits-demands-report',
  name: '"三访"及诉求办理情况统计表',
  description: '走访、诉求数据由平台记录自动带出，基层只需补充平台没有的情况。',
  periodicity: 'once',
  definition: {
    fields: [
      {
        key: 'visits',
        label: '走访次数',
        type: 'number',
        required: true,
        unit: '次',
        decimals: 0,
        min: 0,
        metric: 'visits.done',
      },
      {
        key: 'needs',
        label: '发现需求',
        type: 'number',
        required: true,
        unit: '个',
        decimals: 0,
        min: 0,
        metric: 'visits.needs',
      },
      {
        key: 'demands_received',
        label: '受理诉求',
        type: 'number',
        required: true,
        unit: '件',
        decimals: 0,
        min: 0,
        metric: 'demands.received',
      },
      {
        key: 'demands_closed',
        label: '办结诉求',
        type: 'number',
        required: true,
        unit: '件',
        decimals: 0,
        min: 0,
        metric: 'demands.closed',
      },
      {
        key: 'closed_rate',
        label: '办结率',
        type: 'number',
        unit: '%',
        decimals: 2,
        required: false,
        formula: 'if(demands_received > 0, round(demands_closed / demands_received * 100, 2), 0)',
      },
      {
        key: 'families_helped',
        label: '帮扶困难家庭',
        type: 'number',
        required: true,
        unit: '户',
        decimals: 0,
        min: 0,
      },
      { key: 'funds', label: '帮扶资金', type: 'number', required: false, unit: '元', decimals: 2, min: 0 },
      { key: 'highlight', label: '特色做法', type: 'text', required: false, max: 1000 },
      {
        key: 'cases',
        label: '典型帮扶事例',
        type: 'table',
        required: false,
        maxRows: 10,
        columns: [
          { key: 'who', label: '对象（化名）', type: 'text', required: true, max: 20 },
          { key: 'help', label: '帮扶内容', type: 'text', required: true, max: 200 },
          { key: 'amount', label: '金额（元）', type: 'number', required: false, decimals: 2, min: 0 },
        ],
      },
    ],
    rules: [],
  },
};

export const FORM_TEMPLATES: readonly FormTemplate[] = [PLAN_MONITORING_TEMPLATE, VISITS_REPORT_TEMPLATE];
