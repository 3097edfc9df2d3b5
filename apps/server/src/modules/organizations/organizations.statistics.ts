import { ORG_TYPES, type OrgType } from '@jinguo/contracts';
import type { Scoped } from '../../platform/scope.js';
import type { CountTarget, Indicator, IndicatorCount, StatSource } from '../../platform/stats/index.js';
import { spacesAt, stockCountersRebuild } from './organizations.statistics.repository.js';

/*
 * The organizations' indicators (数她说): the network as it stood at the end of the period. Organizations by type and
 * women's groups (89,000 at scale 1) from stock counters (+1 when an org begins, -1 when it ends), which triggers
 * write in the statement that changes the table (migration 0033); spaces and their coverage of the villages (26,000
 * rows) counted from the records, in one pass over the subtree. A trigger counting each space at every ancestor and
 * day doubled the demo's first load, for a count that takes milliseconds.
 */
const TYPES = Object.keys(ORG_TYPES) as OrgType[];
export const ORGANIZATION_METRICS = TYPES.map((t) => `organizations.stock.${t}`);
export const organizationStatSource: StatSource = {
  name: 'organizations',
  metrics: ORGANIZATION_METRICS,
  rebuild: stockCountersRebuild,
};

/**
 * The spaces and the coverage indicators read the same rows: one pass over the subtree serves both. The cockpit
 * hands every count indicator of one evaluation the same targets array, so the pass is kept for that array and day.
 */
const passes = new WeakMap<readonly CountTarget[], Map<string, ReturnType<typeof spacesAt>>>();
function spacesOnce(s: Scoped, targets: readonly CountTarget[], day: string): ReturnType<typeof spacesAt> {
  let byDay = passes.get(targets);
  if (!byDay) passes.set(targets, (byDay = new Map()));
  let pass = byDay.get(day);
  if (!pass) byDay.set(day, (pass = spacesAt(s, targets, day)));
  return pass;
}

const spaces: IndicatorCount = async (s, targets, { to }) =>
  new Map((await spacesOnce(s, targets, to)).map((r) => [Number(r.id), Number(r.spaces)]));
const coverage: IndicatorCount = async (s, targets, { to }) => {
  const out = new Map<number, number>();
  for (const r of await spacesOnce(s, targets, to)) {
    const villages = Number(r.villages);
    if (villages > 0) out.set(Number(r.id), Math.round((Number(r.villagesWithSpace) / villages) * 10_000) / 10_000);
  }
  return out;
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
    formula: { kind: 'count', text: 'count(org_spaces: opened_on ≤ end), from the records', count: spaces },
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
      kind: 'count',
      text: 'count(village federations with a space) ÷ count(village federations), from the records at the end',
      count: coverage,
    },
  },
];
