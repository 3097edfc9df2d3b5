import type { ProgramInput } from '@jinguo/contracts';

/** The demo's programs, as an admin would define them (a function of the year and the orgs' ids). */
export function demoPrograms(
  year: string,
  ids: { city: number; kaizhou: number },
  quotas: ProgramInput['quotas'],
  materials: ProgramInput['materials'],
) {
  const program = (over: Partial<ProgramInput>): ProgramInput => ({
    orgId: ids.city,
    code: '',
    name: '',
    kind: 'aid',
    description: '',
    eligibility: {
      sex: 'female',
      ageMin: null,
      ageMax: null,
      tagsAny: [],
      civilCategories: [],
      diagnoses: [],
      regionOrgIds: [],
      applyWhereRegistered: true,
    },
    benefit: { kind: 'money', amount: 1000, description: '' },
    period: 'year',
    materials: [{ code: 'id_card', name: '身份证' }],
    reviewChain: [{ code: 'initial', name: '初审', levels: ['village', 'town'], workdays: 10, consult: [] }],
    paymentLevels: ['district'],
    budget: null,
    quotas: [],
    startsOn: `${year}-01-01`,
    endsOn: null,
    state: 'open',
    ...over,
  });
  return {
    liangAi: {
      by: 'city' as const,
      input: program({
        code: `liangai-${year}`,
        name: `${year}年“两癌”患病困难妇女救助`,
        description: '对患浸润性宫颈癌（IIB期及以上）或浸润性乳腺癌的低收入妇女，给予一次性救助 1 万元，终身限一次。',
        eligibility: {
          sex: 'female',
          ageMin: null,
          ageMax: null,
          tagsAny: [],
          civilCategories: ['dibao', 'tekun', 'fanpin_risk', 'expenditure_hardship'],
          diagnoses: [
            { disease: 'cervical_cancer', invasive: true, minStage: 'IIB' },
            { disease: 'breast_cancer', invasive: true, minStage: null },
          ],
          regionOrgIds: [],
          applyWhereRegistered: true,
        },
        benefit: { kind: 'money', amount: 10000, description: '一次性救助金' },
        period: 'lifetime',
        materials,
        reviewChain: [
          { code: 'initial', name: '初审', levels: ['village', 'town'], workdays: 10, consult: [] },
          {
            code: 'second',
            name: '复审',
            levels: ['district'],
            workdays: 10,
            consult: ['health', 'medical_insurance', 'civil_affairs'],
          },
          { code: 'city_check', name: '市级审核', levels: ['city'], workdays: 10, consult: [] },
          { code: 'approval', name: '审批', levels: ['city'], workdays: 15, consult: [] },
        ],
        budget: 3_000_000,
        quotas,
      }),
    },
    chunlei: {
      by: 'city' as const,
      input: program({
        code: `chunlei-${year}`,
        name: `${year}—${Number(year) + 1}学年春蕾计划`,
        kind: 'school_aid',
        description: '资助困境女童完成学业，每学年 1000 元。',
        eligibility: {
          sex: 'female',
          ageMin: 6,
          ageMax: 18,
          tagsAny: ['left_behind_child', 'child_in_distress'],
          civilCategories: [],
          diagnoses: [],
          regionOrgIds: [],
          applyWhereRegistered: true,
        },
        period: 'school_year',
        materials: [
          { code: 'id_card', name: '户口簿或身份证' },
          { code: 'school_proof', name: '在读证明' },
        ],
        reviewChain: [
          { code: 'initial', name: '初审', levels: ['village', 'town'], workdays: 10, consult: [] },
          { code: 'district', name: '区县审核', levels: ['district'], workdays: 10, consult: [] },
        ],
      }),
    },
    emergency: {
      by: 'district' as const,
      input: program({
        orgId: ids.kaizhou,
        code: `kaizhou-emergency-${year}`,
        name: '开州区困难妇女应急救助',
        kind: 'emergency',
        description: '遭遇突发灾害、重大变故的困难妇女，每年最多一次应急救助。',
        benefit: { kind: 'money', amount: 2000, description: '应急救助金' },
        reviewChain: [
          { code: 'initial', name: '核实', levels: ['village', 'town'], workdays: 3, consult: [] },
          { code: 'district', name: '区县审批', levels: ['district'], workdays: 3, consult: [] },
        ],
      }),
    },
    parcel: {
      by: 'city' as const,
      input: program({
        code: `mother-parcel-${year}`,
        name: `${year}年母亲邮包`,
        kind: 'parcel',
        eligibility: {
          sex: 'female',
          ageMin: null,
          ageMax: null,
          tagsAny: ['difficult_woman', 'single_mother'],
          civilCategories: [],
          diagnoses: [],
          regionOrgIds: [],
          applyWhereRegistered: true,
        },
        benefit: { kind: 'goods', amount: 200, description: '100 元、200 元两档' },
        materials: [],
      }),
    },
    greeting: {
      by: 'city' as const,
      input: program({
        code: `spring-greetings-${year}`,
        name: `${Number(year) + 1}年春节走访慰问`,
        kind: 'greeting',
        benefit: { kind: 'goods', amount: 500, description: '慰问金和慰问品' },
        materials: [],
      }),
    },
  };
}
