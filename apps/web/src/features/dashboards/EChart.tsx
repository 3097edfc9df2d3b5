import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, EffectScatterChart, LineChart, MapChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only what the cockpit draws is registered (the whole of ECharts is ~1 MB).
echarts.use([
  BarChart,
  EffectScatterChart,
  LineChart,
  MapChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);
export { echarts };

/** One ECharts instance in a div: options replaced on change, resized with its box, disposed on unmount. */
export function EChart(props: {
  option: EChartsCoreOption;
  height: number | string;
  onClick?: (p: { name?: string; data?: unknown; seriesType?: string }) => void;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onClick = useRef(props.onClick);
  onClick.current = props.onClick;
  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current);
    chart.current = c;
    // A map region has no element of its own: the browser flows ask the chart where a region is drawn.
    (box.current as HTMLDivElement & { jinguoChart?: echarts.ECharts }).jinguoChart = c;
    c.on('click', (p) => onClick.current?.(p as { name?: string; data?: unknown; seriesType?: string }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);
  return <div ref={box} style={{ width: '100%', height: props.height }} data-testid={props.testId} />;
}
