/**
 * One Apache ECharts chart. echarts is imported when the first chart is shown, never
 * with the main bundle (it is larger than the rest of a page): the statistics page pays
 * for it, the inbox does not. SVG rendering: crisp when printed, and the chart's text
 * stays text.
 */
import { useEffect, useRef } from 'react';

type EChartsModule = typeof import('echarts');
let loading: Promise<EChartsModule> | undefined;
const loadECharts = () => (loading ??= import('echarts'));

export function EChart({ option, height = 280, testId }: { option: Record<string, unknown>; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    let chart: ReturnType<EChartsModule['init']> | undefined;
    const resize = () => chart?.resize();
    void loadECharts().then((echarts) => {
      if (!live || !ref.current) return;
      chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
      chart.setOption(option);
      window.addEventListener('resize', resize);
    });
    return () => {
      live = false;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
