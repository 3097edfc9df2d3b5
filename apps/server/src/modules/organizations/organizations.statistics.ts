import { ORG_TYPES, type OrgType } from '@jinguo/contracts';
import type { Scoped } from '../../platform/scope.js';
import type { CountTarget, Indicator, IndicatorCount } from '../../platform/stats/index.js';
import { orgsByTypeAt, spacesAt } from './organizations.statistics.repository.js';

/*
 * The organizations' indicators (数她说): the network as it stood at the end of the period — organizations by type,
 * women's groups, spaces and their coverage of the villages. States, not events, so counted from the records (one
 * index range on the path per target), not from counters.
 */

/** One statement answers every type for a request: the indicators of one read share it. */
const byTypeCache = new WeakMap<Scoped, Map<string, Promise<Map<number, Record<string, number>>>>>();
function byType(s: Scoped, targets: readonly CountTarget[], day: string) {
  const key = `${day}|${JSON.stringify(targets)}`;
  let cache = byTypeCache.get(s);
  if (!cache) byTypeCache.set(s, (cache = new Map()));
  let hit = cache.get(key);
  if (!hit) {
    hit = orgsByTypeAt(s, targets, day).then((rows) => {
      const out = new Map<number, Record<string, number>>();
      for (const r of rows) out.set(r.id, { ...(out.get(r.id) ?? {}), [r.type]: Number(r.n) });
      return out;
    });
    cache.set(key, hit);
  }
  return hit;
}

const countOfType =
  (type: OrgType): IndicatorCount =>
  async (s, targets, { to }) => {
    const all = await byType(s, targets, to);
    return new Map(targets.map((t) => [t.id, all.get(t.id)?.[type] ?? 0]));
  };

const spaces =
  (pick: (r: { spaces: number; villages: number; villagesWithSpace: number }) => number | null): IndicatorCount =>
  async (s, targets, { to }) => {
    const rows = await spacesAt(s, targets, to);
    const out = new Map<number, number>();
    for (const r of rows) {
      const v = pick({
        spaces: Number(r.spaces),
        villages: Number(r.villages),
        villagesWithSpace: Number(r.villagesWithSpace),
      });
      if (v !== null) out.set(r.id, v);
    }
    return out;
  };

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const COUNTED_TYPES = (Object.keys(ORG_TYPES) as OrgType[]).filter((k) => k !== 'city_federation');

export const organizationIndicators: Indicator[] = [
  ...COUNTED_TYPES.map((type) => ({
    code: `organizations.type.${type}`,
    topic: 'organizations',
    unit: 'count' as const,
    name: t(ORG_TYPES[type]['zh-CN'], ORG_TYPES[type]['en-US']),
    definition: t(
      `期末存续的${ORG_TYPES[type]['zh-CN']}数（含下级），按当前组织结构统计`,
      `${ORG_TYPES[type]['en-US']} organizations existing at the end of the period, in the subtree`,
    ),
    formula: {
      kind: 'count' as const,
      text: `count(organizations: type = ${type}, valid_from ≤ end < valid_to)`,
      count: countOfType(type),
    },
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
    formula: { kind: 'count', text: 'count(org_spaces: opened_on ≤ end)', count: spaces((r) => r.spaces) },
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
      text: 'count(village federations with a space) ÷ count(village federations)',
      count: spaces((r) => (r.villages > 0 ? Math.round((r.villagesWithSpace / r.villages) * 10_000) / 10_000 : null)),
    },
  },
];
