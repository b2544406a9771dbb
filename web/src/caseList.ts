/** The cases the filters keep, each one click from its explanation: chosen court, alternatives, why not each other court. */
import type { ServiceApi } from './api.js';
import { t, tOr } from './i18n.js';
import { filtered, type PlanFilters, type PlanMap } from './planView.js';

/** Rows drawn at most: the table is for finding a case, not for reading 10,000 of them. */
const maxRows = 300;

interface Explanation {
  caseId: string;
  chosen: { courtId: string; mode: string; costTotal: number } | null;
  unassigned: { reason: string; detail: string } | null;
  alternatives: { courtId: string; mode: string; km: number; costTotal: number; costDelta: number; hasRoom: boolean }[];
  blocked: { courtId: string; rule: string; detail: string }[];
}

const cell = (text: string) => {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
};

export function drawCaseList(table: HTMLTableElement, map: PlanMap, filters: PlanFilters, onExplain: (caseId: string) => void, only?: PlanMap['flows'][number]): void {
  const { flows, unassigned } = filtered(map, filters);
  const rows: { caseId: string; origin: string; court: string; what: string }[] = [];
  for (const flow of only ? [only] : flows) for (const caseId of flow.caseIds) rows.push({ caseId, origin: flow.from, court: flow.to, what: tOr(flow.mode) });
  if (!only) for (const entry of unassigned) rows.push({ caseId: entry.caseId, origin: entry.originCourtId, court: '—', what: tOr(entry.reason) });
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren(
    ...rows.slice(0, maxRows).map((row) => {
      const tr = document.createElement('tr');
      const button = document.createElement('button');
      button.textContent = t('explain');
      button.className = 'explain';
      button.dataset.caseId = row.caseId;
      button.addEventListener('click', () => onExplain(row.caseId));
      const action = document.createElement('td');
      action.append(button);
      tr.append(cell(row.caseId), cell(row.origin), cell(row.court), cell(row.what), action);
      return tr;
    }),
  );
  table.dataset.rows = String(rows.length);
  table.caption!.textContent = `${t('cases')}: ${rows.length}${rows.length > maxRows ? ` (${t('showing')} ${maxRows})` : ''}`;
}

export async function showExplanation(panel: HTMLElement, api: ServiceApi, planId: string, caseId: string): Promise<void> {
  const explanation = await api.json<Explanation>('GET', `/v1/plans/${planId}/explain?caseId=${encodeURIComponent(caseId)}`);
  const heading = document.createElement('h3');
  heading.textContent = `${t('explanation')}: ${explanation.caseId}`;
  const chosen = document.createElement('p');
  chosen.className = 'chosen';
  chosen.textContent = explanation.chosen
    ? `${t('chosen')}: ${explanation.chosen.courtId} · ${tOr(explanation.chosen.mode)} · ${explanation.chosen.costTotal.toFixed(1)}`
    : `${tOr(explanation.unassigned?.reason ?? '')}: ${explanation.unassigned?.detail ?? ''}`;
  const alternatives = listOf(t('alternatives'), explanation.alternatives.slice(0, 12).map((alternative) => `${alternative.courtId} · ${tOr(alternative.mode)} · ${alternative.km.toFixed(0)} ${t('km')} · ${t('costDelta')} ${alternative.costDelta >= 0 ? '+' : ''}${alternative.costDelta.toFixed(1)} · ${alternative.hasRoom ? t('hasRoom') : t('full')}`));
  const blocked = listOf(t('blocked'), explanation.blocked.slice(0, 30).map((entry) => `${entry.courtId}: ${entry.rule} — ${entry.detail}`));
  panel.replaceChildren(heading, chosen, alternatives, blocked);
  panel.hidden = false;
}

function listOf(title: string, lines: string[]): HTMLElement {
  const section = document.createElement('section');
  const heading = document.createElement('h4');
  heading.textContent = `${title} (${lines.length})`;
  const list = document.createElement('ul');
  list.replaceChildren(...lines.map((line) => {
    const item = document.createElement('li');
    item.textContent = line;
    return item;
  }));
  section.append(heading, list);
  return section;
}
