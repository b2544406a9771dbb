/** Two plans side by side: KPI deltas, the cases that changed, per-court load deltas; each table exportable as CSV. */
import type { ServiceApi } from './api.js';
import { t, tOr } from './i18n.js';

interface Comparison {
  kpis: { kpi: string; a: number | null; b: number | null; delta: number | null }[];
  courts: { courtId: string; loadA: number | null; loadB: number | null; loadDelta: number }[];
  cases: { caseId: string; change: string; from: { courtId: string; mode: string } | null; to: { courtId: string; mode: string } | null }[];
  counts: { moved: number; newlyAssigned: number; dropped: number; modeChanged: number; unchanged: number; disruption: number };
}

const number = (value: number | null) => (value === null ? '—' : Math.abs(value) >= 1000 ? value.toFixed(0) : String(Math.round(value * 10_000) / 10_000));

function table(className: string, head: string[], rows: string[][]): HTMLTableElement {
  const element = document.createElement('table');
  element.className = className;
  const headRow = element.createTHead().insertRow();
  for (const title of head) headRow.append(Object.assign(document.createElement('th'), { textContent: title }));
  const body = element.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const text of row) tr.insertCell().textContent = text;
  }
  return element;
}

export async function showComparison(panel: HTMLElement, api: ServiceApi, a: string, b: string): Promise<void> {
  const comparison = await api.json<Comparison>('GET', `/v1/plans/${a}/compare/${b}`);
  const kpis = table('kpis', [t('kpi'), t('planA'), t('planB'), t('delta')], comparison.kpis.map((row) => [row.kpi, number(row.a), number(row.b), number(row.delta)]));
  const counts = document.createElement('p');
  counts.className = 'counts';
  counts.textContent = Object.entries(comparison.counts).map(([name, count]) => `${name} ${count}`).join(' · ');
  const cases = table('cases', [t('caseId'), t('change'), t('planA'), t('planB')], comparison.cases.slice(0, 200).map((row) => [row.caseId, row.change, row.from ? `${row.from.courtId} · ${tOr(row.from.mode)}` : '—', row.to ? `${row.to.courtId} · ${tOr(row.to.mode)}` : '—']));
  const courts = table('courts', [t('court'), t('planA'), t('planB'), t('delta')], comparison.courts.slice(0, 200).map((row) => [row.courtId, number(row.loadA), number(row.loadB), number(row.loadDelta)]));
  const exports = document.createElement('p');
  for (const which of ['kpis', 'cases', 'courts'] as const) {
    const button = document.createElement('button');
    button.className = `export-${which}`;
    button.textContent = `${t('exportCsv')}: ${which}`;
    button.addEventListener('click', () => void api.download(`/v1/plans/${a}/compare/${b}?table=${which}`, `compare-${which}.csv`));
    exports.append(button);
  }
  const title = (key: 'kpi' | 'movedCases' | 'courtLoadDeltas') => Object.assign(document.createElement('h4'), { textContent: t(key) });
  panel.replaceChildren(exports, title('kpi'), kpis, title('movedCases'), counts, cases, title('courtLoadDeltas'), courts);
  panel.hidden = false;
}
