import { ORG_TYPES, SPACE_TYPES, type OrgType } from '@jinguo/contracts';
import type { Indicator, StatSource } from '../../platform/stats/index.js';
import { stockCountersRebuild } from './organizations.statistics.repository.js';

/*
 * The organizations' indicators (数她说): the network as it stood at the end of the period, all from stock counters
 * (+1 when a thing begins, -1 when it ends), which triggers write in the statement that changes the table:
 * organizations by type (migration 0033), spaces by type and the villages with a space (0051). Counted from the
 * records instead, the spaces read the city's 26,566 rows and 11,270 villages at every cockpit call (230–370 ms).
 */
const TYPES = Object.keys(ORG_TYPES) as OrgType[];
const SPACES = Object.keys(SPACE_TYPES);
export const SPACE_METRICS = SPACES.map((t) => `organizations.spaces.${t}`);
export const VILLAGES_WITH_SPACE = 'organizations.villages_with_space';
export const villagesWithSpaceOf = (type: string) => `${VILLAGES_WITH_SPACE}.${type}`;
export const ORGANIZATION_METRICS = [
  ...TYPES.map((t) => `organizations.stock.${t}`),
  ...SPACE_METRICS,
  VILLAGES_WITH_SPACE,
  ...SPACES.map(villagesWithSpaceOf),
];
export const organizationStatSource: StatSource = {
  name: 'organizations',
  metrics: ORGANIZATION_METRICS,
  rebuild: stockCountersRebuild,
};

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

export const organizationIndicators: Indicator[] = [
  ...TYPES.filter((k) => k !== 'city_federation').map((type) => ({
    code: `organizations.type.${type}`,
    topic: 'organizations',
    unit: 'count' as const,
    name: t(ORG_TYPES[type]['zh-CN'], ORG_TYPES[type]['en-US']),
    definition: t(
      `期末存续的${ORG_TYPES[type]['zh-CN']}数（含下级）；撤并的组织自撤并之日起不再计入`,
      `${ORG_TYPES[type]['en-US']} organizations existing at the end of the period, in the subtree; a merged or dissolved one no longer counts from that day`,
    ),
    formula: { kind: 'stock' as const, metrics: [`organizations.stock.${type}`] },
  })),
  {
    code: 'organizations.spaces',
    topic: 'organizations',
    unit: 'count',
    name: t('妇女之家等阵地', 'Spaces'),
    definition: t(
      '期末已启用的阵地（妇女之家、儿童之家、巾帼服务站等）',
      'Service spaces opened by the end of the period',
    ),
    formula: { kind: 'stock', metrics: SPACE_METRICS },
  },
  {
    code: 'organizations.space_coverage',
    topic: 'organizations',
    unit: 'percent',
    name: t('村（社区）阵地覆盖率', 'Villages with a space'),
    definition: t(
      '期末有至少一处阵地的村（社区）妇联占全部村（社区）妇联的比例',
      'Share of the village federations that have at least one space at the end of the period',
    ),
    formula: {
      kind: 'stock_ratio',
      numerator: [VILLAGES_WITH_SPACE],
      denominator: ['organizations.stock.village_federation'],
    },
  },
];
