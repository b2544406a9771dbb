/** One plan drawn: the map (courts sized by load, flows coloured by mode), the utilisation chart, unassigned cases by reason. */
import type { ServiceApi } from './api.js';
import { chartIn, loadChinaMap, modeColours } from './charts.js';
import { t, tOr } from './i18n.js';

export type Mode = keyof typeof modeColours;

export interface PlanMap {
  planId: string;
  courts: { id: string; name: string; level: string; regionCode: string; location: { lat: number; lng: number }; capacity: number; load: number }[];
  flows: { from: string; to: string; mode: Mode; caseIds: string[]; workload: number }[];
  unassigned: { caseId: string; originCourtId: string; reason: string }[];
}

export interface PlanFilters {
  mode: Mode | 'all';
  /** Two-digit province code, or 'all'. */
  province: string;
  /** 'assigned', an unassigned reason, or 'all'. */
  reason: string;
}

const inProvince = (map: PlanMap, courtId: string, province: string) => province === 'all' || map.courts.find((court) => court.id === courtId)?.regionCode.startsWith(province) === true;

/** The flows and unassigned cases the filters keep. */
export function filtered(map: PlanMap, filters: PlanFilters) {
  const flows = filters.reason !== 'all' && filters.reason !== 'assigned' ? [] : map.flows.filter((flow) => (filters.mode === 'all' || flow.mode === filters.mode) && (inProvince(map, flow.from, filters.province) || inProvince(map, flow.to, filters.province)));
  const unassigned = filters.reason === 'assigned' || filters.mode !== 'all' ? [] : map.unassigned.filter((entry) => (filters.reason === 'all' || entry.reason === filters.reason) && inProvince(map, entry.originCourtId, filters.province));
  return { flows, unassigned };
}

export async function drawPlanMap(element: HTMLElement, map: PlanMap, filters: PlanFilters, onFlowClick: (flow: PlanMap['flows'][number]) => void): Promise<void> {
  await loadChinaMap();
  const chart = chartIn(element);
  const place = new Map(map.courts.map((court) => [court.id, [court.location.lng, court.location.lat] as [number, number]]));
  const { flows } = filtered(map, filters);
  const shown = map.courts.filter((court) => inProvince(map, court.id, filters.province));
  const maxLoad = Math.max(1, ...shown.map((court) => court.load));
  // Zoom to the courts shown: a province's plan should not be a dot on the national map.
  const lngs = shown.map((court) => court.location.lng);
  const lats = shown.map((court) => court.location.lat);
  const center = shown.length > 0 ? [(Math.min(...lngs) + Math.max(...lngs)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2] : [104, 35];
  const span = shown.length > 0 ? Math.max(Math.max(...lngs) - Math.min(...lngs), (Math.max(...lats) - Math.min(...lats)) * 1.3, 1) : 60;
  chart.setOption(
    {
      tooltip: { trigger: 'item' },
      legend: { data: (['designated', 'escalated', 'cross_region'] as const).map((mode) => t(mode)), bottom: 0 },
      geo: { map: 'china', roam: true, center, zoom: Math.max(1, Math.min(30, 55 / span)), itemStyle: { areaColor: '#f3f1ea', borderColor: '#c9c3b3' }, emphasis: { disabled: true } },
      series: [
        {
          name: t('load'),
          type: 'scatter',
          coordinateSystem: 'geo',
          data: shown.map((court) => ({ name: court.name, value: [court.location.lng, court.location.lat, court.load, court.capacity] })),
          symbolSize: (value: number[]) => 4 + 22 * Math.sqrt((value[2] ?? 0) / maxLoad),
          itemStyle: { color: '#4b4b4b', opacity: 0.75 },
          tooltip: { formatter: (point: { name: string; value: number[] }) => `${point.name}<br>${t('load')} ${point.value[2]} / ${point.value[3]}` },
          zlevel: 2,
        },
        ...(['designated', 'escalated', 'cross_region'] as const).map((mode) => ({
          name: t(mode),
          type: 'lines',
          coordinateSystem: 'geo',
          data: flows.filter((flow) => flow.mode === mode && place.has(flow.from) && place.has(flow.to)).map((flow) => ({ coords: [place.get(flow.from), place.get(flow.to)], flow, value: flow.caseIds.length })),
          lineStyle: { color: modeColours[mode], width: 1.2, opacity: 0.55, curveness: 0.2 },
          tooltip: { formatter: (item: { data: { flow: PlanMap['flows'][number] } }) => `${item.data.flow.from} → ${item.data.flow.to}<br>${t(mode)} · ${item.data.flow.caseIds.length} ${t('cases')}` },
          zlevel: 1,
        })),
      ],
    },
    { notMerge: true },
  );
  chart.off('click');
  chart.on('click', (event) => {
    const flow = (event.data as { flow?: PlanMap['flows'][number] } | undefined)?.flow;
    if (flow) onFlowClick(flow);
  });
}

/** Courts by utilisation (busiest first), and unassigned cases counted by reason. */
export function drawPlanCharts(utilisationElement: HTMLElement, reasonsElement: HTMLElement, map: PlanMap, filters: PlanFilters): void {
  const courts = map.courts.filter((court) => court.capacity > 0 && inProvince(map, court.id, filters.province)).sort((a, b) => b.load / b.capacity - a.load / a.capacity).slice(0, 40);
  chartIn(utilisationElement).setOption(
    {
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 16, top: 16, bottom: 90 },
      xAxis: { type: 'category', data: courts.map((court) => court.name), axisLabel: { rotate: 60, fontSize: 10 } },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` } },
      series: [{ name: t('utilisation'), type: 'bar', data: courts.map((court) => Math.round((court.load / court.capacity) * 1000) / 1000), itemStyle: { color: '#2f7ed8' } }],
    },
    { notMerge: true },
  );
  const counts = new Map<string, number>();
  for (const entry of filtered(map, { ...filters, mode: 'all' }).unassigned) counts.set(entry.reason, (counts.get(entry.reason) ?? 0) + 1);
  chartIn(reasonsElement).setOption(
    {
      tooltip: { trigger: 'item' },
      series: [{ name: t('unassignedByReason'), type: 'pie', radius: ['35%', '65%'], data: [...counts].map(([reason, count]) => ({ name: tOr(reason), value: count })) }],
    },
    { notMerge: true },
  );
}

export function loadPlanMap(api: ServiceApi, planId: string): Promise<PlanMap> {
  return api.json<PlanMap>('GET', `/v1/plans/${planId}/map`);
}
