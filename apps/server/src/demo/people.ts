import { sql } from 'drizzle-orm';
import { checkCharacter } from '@jinguo/contracts';
import type { FieldCrypto } from '../platform/crypto.js';
import { queryRows } from '../platform/db/client.js';
import { parsePlace, placeData } from '../platform/places/index.js';
import type { Scoped } from '../platform/scope.js';
import { personColumns } from '../modules/people/index.js';
import {
  families,
  familyHonours,
  familyMembers,
  migrantProfiles,
  persons,
  personTags,
} from '../modules/people/people.tables.js';

/** How cadres typed "Shanghai" before places were coded (issue 15), and two places that name nothing certain. */
const SHANGHAI_AS_TYPED: [string, string | null][] = [
  ['上海市', '上海市'],
  ['上海', null],
  ['上海市', '浦东新区'],
  ['沪', null],
  ['浦东新区', null],
  ['上海市', '闵行区'],
  ['沿海城市', null],
  ['朝阳区', null],
];

/** Common surnames roughly by frequency (2020 census ranking). */
export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '邓',
  '冯',
  '韩',
  '曹',
  '曾',
  '彭',
  '萧',
  '蔡',
  '潘',
  '田',
  '董',
  '袁',
  '于',
  '余',
  '叶',
  '蒋',
  '杜',
  '苏',
  '魏',
  '程',
  '吕',
  '丁',
  '沈',
  '任',
  '姚',
  '卢',
  '傅',
  '钟',
  '姜',
  '崔',
  '谭',
  '廖',
  '范',
  '汪',
  '陆',
  '金',
  '石',
  '戴',
  '贾',
  '韦',
  '夏',
  '邱',
  '方',
  '侯',
  '邹',
  '熊',
  '孟',
  '秦',
  '白',
  '江',
  '阎',
  '薛',
  '尹',
  '段',
  '雷',
  '黎',
  '史',
  '龙',
  '陶',
  '贺',
  '顾',
  '毛',
  '郝',
  '龚',
  '邵',
  '万',
  '钱',
  '严',
  '赖',
  '覃',
  '洪',
  '武',
  '莫',
  '孔',
];
/** Given names typical of women born 1950–2010 (and of girls since). */
export const WOMEN_GIVEN_NAMES = [
  '秀英',
  '桂英',
  '秀兰',
  '玉兰',
  '桂兰',
  '秀珍',
  '凤英',
  '玉珍',
  '玉英',
  '兰英',
  '丽',
  '敏',
  '静',
  '燕',
  '艳',
  '娟',
  '霞',
  '芳',
  '红',
  '丽娟',
  '晓梅',
  '春梅',
  '小红',
  '红梅',
  '海燕',
  '雪梅',
  '丽华',
  '春兰',
  '丹',
  '婷',
  '倩',
  '颖',
  '欣怡',
  '梓涵',
  '诗涵',
  '雨涵',
  '可馨',
  '紫涵',
  '思涵',
  '一诺',
  '雨桐',
  '欣妍',
  '梦瑶',
  '佳怡',
  '子涵',
  '语桐',
  '若汐',
  '晓燕',
  '玉梅',
  '金凤',
];

/** Given names typical of boys born since 2010: the demo's children are girls and boys. */
export const MEN_GIVEN_NAMES = [
  '浩然',
  '子轩',
  '宇轩',
  '梓豪',
  '俊杰',
  '浩宇',
  '博文',
  '皓轩',
  '一鸣',
  '子墨',
  '宇航',
  '俊熙',
  '明轩',
  '志强',
  '嘉豪',
  '天佑',
];

/** A deterministic pseudo-random stream, so every demo start shows the same people. */
export function seeded(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** A valid ID number (GB 11643) for a woman or man born on `birth` (YYYY-MM-DD) in `area`. */
export function makeIdNumber(area: string, birth: string, sequence: number, gender: 'female' | 'male'): string {
  let seq = sequence % 1000;
  if ((seq % 2 === 1) !== (gender === 'male')) seq = (seq + 1) % 1000;
  const first17 = `${area}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/**
 * About 240 people in 汉丰街道's communities: women, children with guardians, migrant women in Shanghai, a model family.
 */
export async function addDemoPeople(s: Scoped, crypto: FieldCrypto, today: string) {
  const villages = await queryRows<{ id: number; path: string; district_id: number; code: string }>(
    s.tx,
    sql`
    select id, path::text as path, district_id, code from organizations where parent_id = (select id from organizations where code = '500154001') and type = 'village_federation' order by code`,
  );
  if (!villages.length) return;
  const rand = seeded(20261126);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const created: { id: number; path: string; district: number; birth: string }[] = [];
  for (let i = 0; i < 240; i++) {
    const v = villages[i % villages.length]!;
    const child = i % 6 === 5;
    const year = child ? 2011 + Math.floor(rand() * 12) : 1955 + Math.floor(rand() * 50);
    const birth = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const gender = child && rand() < 0.5 ? 'male' : 'female';
    // A boy's name for a boy (the ID number below says the sex): one draw either way, so the women keep their names.
    const name = `${pick(SURNAMES)}${pick(gender === 'male' ? MEN_GIVEN_NAMES : WOMEN_GIVEN_NAMES)}`;
    const cols = personColumns(
      {
        name,
        idNumber: makeIdNumber('500154', birth, 100 + i * 2, gender),
        phone: child
          ? null
          : `1${pick(['38', '39', '58', '77', '86'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
        ethnicity: '汉族',
        householdAddress: `重庆市开州区汉丰街道${v.code.slice(-3)}号`,
        residenceAddress: `重庆市开州区汉丰街道${v.code.slice(-3)}号`,
        education: child ? 'primary' : pick(['junior_high', 'senior_high', 'vocational', 'college', 'bachelor']),
        occupation: child ? null : pick(['务农', '个体经营', '教师', '护士', '电商', '家政服务']),
        school: child ? '开州区汉丰第一小学' : null,
        careSituation: child ? pick(['with_parents', 'both_parents_away', 'grandparents']) : null,
      },
      crypto,
      today,
    );
    const [row] = await s.tx
      .insert(persons)
      .values({
        ...(cols as object),
        orgId: Number(v.id),
        orgPath: v.path,
        districtId: Number(v.district_id),
      } as typeof persons.$inferInsert)
      .returning({ id: persons.id });
    created.push({ id: row!.id, path: v.path, district: Number(v.district_id), birth });
    const tags = child
      ? i % 12 === 5
        ? ['left_behind_child']
        : []
      : [
          i % 7 === 0 ? 'difficult_woman' : null,
          i % 5 === 0 ? 'migrant_worker' : null,
          i % 11 === 0 ? 'talent_ecommerce' : null,
          i % 13 === 0 ? 'volunteer' : null,
        ].filter((t): t is string => !!t);
    if (tags.length)
      await s.tx.insert(personTags).values(
        tags.map((tag) => ({
          personId: row!.id,
          orgPath: v.path,
          districtId: Number(v.district_id),
          tag,
          addedBy: 'system:demo',
        })),
      );
    if (!child && i % 5 === 0) {
      const inShanghai = i % 10 === 0;
      // Shanghai as cadres type it (issue 15): every one of these is coded to Shanghai; two typed places name nothing
      // certain and are listed for a cadre to fix.
      const [province, city] = inShanghai
        ? SHANGHAI_AS_TYPED[(i / 10) % SHANGHAI_AS_TYPED.length]!
        : ['广东省', '东莞市'];
      const parsed = parsePlace(placeData(), `${province}${city ?? ''}`);
      const place = parsed.ok ? parsed.place : null;
      await s.tx.insert(migrantProfiles).values({
        personId: row!.id,
        orgPath: v.path,
        districtId: Number(v.district_id),
        currentProvince: place ? placeData().byCode.get(place.provinceCode)!.name : province,
        currentCity: place ? (place.cityCode ? placeData().byCode.get(place.cityCode)!.name : null) : city,
        currentPlaceText: [province, city].filter(Boolean).join(' '),
        currentProvinceCode: place?.provinceCode ?? null,
        currentCityCode: place?.cityCode ?? null,
        currentDistrictCode: place?.districtCode ?? null,
        homeProvinceCode: '50',
        homeCityCode: '5001',
        homeDistrictCode: '500154',
        placeIssue: parsed.ok ? null : parsed.problem,
        employer: inShanghai ? '上海某家政服务公司' : '东莞某电子厂',
        industry: inShanghai ? '家政服务' : '制造业',
        skills: inShanghai ? ['育婴', '烹饪'] : ['电子装配'],
        returnIntention: pick(['none', 'considering']),
        mobileFederationId:
          inShanghai && place?.provinceCode === '31'
            ? ((await queryRows<{ id: number }>(s.tx, sql`select id from organizations where code = '500154-SH'`))[0]
                ?.id ?? null)
            : null,
      });
    }
  }
  // One model family: a mother, a grandmother and a child of the first community.
  const [mother, grandmother, child] = [created[0]!, created[6]!, created[5]!];
  const [fam] = await s.tx
    .insert(families)
    .values({
      orgId: Number(villages[0]!.id),
      orgPath: mother.path,
      districtId: mother.district,
      name: '驷马社区示范家庭',
      addressEnc: crypto.encrypt('重庆市开州区汉丰街道驷马社区1号'),
    })
    .returning();
  await s.tx.insert(familyMembers).values([
    {
      familyId: fam!.id,
      personId: mother.id,
      relationship: 'head',
      since: '2015-01-01',
      orgPath: mother.path,
      districtId: mother.district,
    },
    {
      familyId: fam!.id,
      personId: grandmother.id,
      relationship: 'parent',
      since: '2015-01-01',
      orgPath: mother.path,
      districtId: mother.district,
    },
    {
      familyId: fam!.id,
      personId: child.id,
      relationship: 'child',
      since: '2016-05-01',
      orgPath: mother.path,
      districtId: mother.district,
    },
  ]);
  await s.tx.insert(familyHonours).values({
    familyId: fam!.id,
    honour: 'most_beautiful_family',
    level: 'district',
    year: 2024,
    awardedBy: '开州区妇联',
    orgPath: mother.path,
    districtId: mother.district,
  });
}
