import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CockpitRow, Trend } from '@jinguo/contracts';
import { EChart } from './EChart';
import { formatValue } from './format';

const axisColor = (dark?: boolean) => (dark ? '#9fb3d9' : '#666');

/** The children ranked by the figure, highest first (the 15 highest). */
export function RankingChart(props: {
  rows: readonly CockpitRow[];
  indicator: string;
  unit: string;
  height: number | string;
  dark?: boolean;
  onPick: (orgId: number) => void;
}) {
  const { t } = useTranslation();
  const { rows, indicator, unit, dark } = props;
  const option = useMemo(() => {
    const ranked = [...rows]
      .filter((r) => r.values[indicator] !== null && r.values[indicator] !== undefined)
      .sort((a, b) => (b.values[indicator] ?? 0) - (a.values[indicator] ?? 0))
      .slice(0, 15)
      .reverse();
    return {
      animation: false,
      title: undefined,
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatValue(v, unit) },
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { color: axisColor(dark) } },
      yAxis: {
        type: 'category',
        data: ranked.map((r) => r.org.name.replace(/妇联$/, '')),
        axisLabel: { color: axisColor(dark) },
      },
      series: [
        {
          type: 'bar',
          name: t('dashboards.ranking'),
          data: ranked.map((r) => ({ value: r.values[indicator], orgId: r.org.id })),
          itemStyle: { color: '#c1121f' },
        },
      ],
    };
  }, [rows, indicator, unit, dark, t]);
  return (
    <EChart
      option={option}
      height={props.height}
      testId="ranking-chart"
      onClick={(p) => {
        const id = (p.data as { orgId?: number } | undefined)?.orgId;
        if (id) props.onPick(id);
      }}
    />
  );
}

/** The figure month by month against the same months a year before. */
export function TrendChart(props: { trend: Trend | undefined; unit: string; height: number | string; dark?: boolean }) {
  const { t } = useTranslation();
  const { trend, unit, dark } = props;
  const option = useMemo(() => {
    const s = trend?.series[0];
    return {
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatValue(v, unit) },
      legend: { textStyle: { color: axisColor(dark) } },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: trend?.months ?? [], axisLabel: { color: axisColor(dark) } },
      yAxis: { type: 'value', axisLabel: { color: axisColor(dark) } },
      series: [
        { type: 'line', name: t('dashboards.thisPeriod'), data: s?.values ?? [], itemStyle: { color: '#c1121f' } },
        {
          type: 'line',
          name: t('dashboards.lastYear'),
          data: s?.previous ?? [],
          lineStyle: { type: 'dashed' },
          itemStyle: { color: '#8c8c8c' },
        },
      ],
    };
  }, [trend, unit, dark, t]);
  return <EChart option={option} height={props.height} testId="trend-chart" />;
}
