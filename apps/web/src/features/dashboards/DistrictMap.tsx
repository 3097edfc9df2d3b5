import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CockpitRow } from '@jinguo/contracts';
import { EChart, echarts } from './EChart';
import chongqing from './chongqing.geo.json';
import { formatValue } from './format';

// The districts as they are now (scripts/build-chongqing-map.mjs): 梁平区, 武隆区, 两江新区 = 江北区 ∪ 渝北区.
echarts.registerMap('chongqing', chongqing as never);
const FEATURES = new Map(chongqing.features.map((f) => [f.properties.code, f.properties.name]));

/**
 * The functional zones have their own federations but no boundary of their own on a division map: they are drawn as
 * markers where they sit (高新区 in the west of the main city, 万盛 in the south of 綦江), not as districts.
 */
const ZONES: Record<string, [number, number]> = { CQGXQ: [106.33, 29.6], WSJKQ: [106.92, 28.93] };

/** The map key of an org row: its division code, or its own code (两江新区 LJXQ). */
export const mapKey = (r: CockpitRow) => (FEATURES.has(r.org.divisionCode ?? '') ? r.org.divisionCode! : r.org.code);

export function DistrictMap(props: {
  rows: readonly CockpitRow[];
  indicator: string;
  unit: string;
  /** The district drilled into: highlighted, the others dimmed. */
  selected?: string | null | undefined;
  dark?: boolean;
  height: number | string;
  onPick: (orgId: number) => void;
}) {
  const { t } = useTranslation();
  const { rows, indicator, unit, selected, dark } = props;
  const option = useMemo(() => {
    const districts = rows.filter((r) => FEATURES.has(mapKey(r)));
    const zones = rows.filter((r) => ZONES[r.org.code]);
    const values = districts.map((r) => r.values[indicator] ?? 0);
    const max = Math.max(1, ...values.map((v) => v ?? 0));
    const text = dark ? '#e6f0ff' : '#333';
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value?: number | [number, number, number] }) => {
          const v = Array.isArray(p.value) ? p.value[2] : p.value;
          return `${p.name}<br/>${formatValue(typeof v === 'number' && !Number.isNaN(v) ? v : null, unit)}`;
        },
      },
      visualMap: {
        min: 0,
        max: unit === 'percent' ? 1 : max,
        calculable: true,
        left: 8,
        bottom: 8,
        textStyle: { color: text },
        inRange: { color: ['#fde2e4', '#f4978e', '#c1121f'] },
        seriesIndex: 0,
      },
      geo: {
        map: 'chongqing',
        roam: false,
        nameProperty: 'name',
        label: { show: false },
        itemStyle: { borderColor: '#fff', areaColor: dark ? '#1b2a4a' : '#eee' },
      },
      series: [
        {
          type: 'map',
          geoIndex: 0,
          data: districts.map((r) => ({
            name: FEATURES.get(mapKey(r)),
            value: r.values[indicator] ?? 0,
            orgId: r.org.id,
            selected: selected === mapKey(r),
          })),
        },
        {
          type: 'effectScatter',
          coordinateSystem: 'geo',
          symbolSize: 14,
          itemStyle: { color: '#1677ff' },
          label: { show: true, formatter: '{b}', position: 'right', color: text, fontSize: 11 },
          data: zones.map((r) => ({
            name: `${r.org.name}（${t('dashboards.zoneMarker')}）`,
            value: [...ZONES[r.org.code]!, r.values[indicator] ?? 0],
            orgId: r.org.id,
          })),
        },
      ],
    };
  }, [rows, indicator, unit, selected, dark, t]);
  return (
    <EChart
      option={option}
      height={props.height}
      testId="district-map"
      onClick={(p) => {
        // a region's click comes from the geo component (no data item): the name says which district
        const id =
          (p.data as { orgId?: number } | undefined)?.orgId ??
          rows.find((r) => FEATURES.get(mapKey(r)) === p.name)?.org.id;
        if (id) props.onPick(id);
      }}
    />
  );
}
