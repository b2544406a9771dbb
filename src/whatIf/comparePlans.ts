import { comparedKpis, type Comparison, type Plan } from '../../schemas/index.js';

/**
 * Two plans side by side: every KPI with its delta (b − a), the courts whose load or capacity
 * differs, and the case diff. A case is `moved` (another court), `mode_changed` (same court, other
 * mode), `newly_assigned` or `dropped`; the disruption count is how many of plan a's assignments
 * plan b does not keep.
 */
export function comparePlans(a: Plan, b: Plan): Comparison {
  const kpiOf = (plan: Plan, kpi: (typeof comparedKpis)[number]): number | null =>
    kpi === 'objective' ? plan.objective : kpi === 'gap' ? plan.gap : (plan.kpis[kpi] ?? null);
  const kpis = comparedKpis.map((kpi) => {
    const valueA = kpiOf(a, kpi);
    const valueB = kpiOf(b, kpi);
    return { kpi, a: valueA, b: valueB, delta: valueA === null || valueB === null ? null : valueB - valueA };
  });

  const rowsA = new Map(a.courts.map((row) => [row.courtId, row]));
  const rowsB = new Map(b.courts.map((row) => [row.courtId, row]));
  const courts: Comparison['courts'] = [];
  for (const courtId of new Set([...rowsA.keys(), ...rowsB.keys()])) {
    const rowA = rowsA.get(courtId);
    const rowB = rowsB.get(courtId);
    const loadDelta = (rowB?.load ?? 0) - (rowA?.load ?? 0);
    if (loadDelta === 0 && rowA?.capacity === rowB?.capacity) continue;
    courts.push({ courtId, loadA: rowA?.load ?? null, loadB: rowB?.load ?? null, loadDelta, capacityA: rowA?.capacity ?? null, capacityB: rowB?.capacity ?? null });
  }
  courts.sort((x, y) => Math.abs(y.loadDelta) - Math.abs(x.loadDelta) || (x.courtId < y.courtId ? -1 : 1));

  const placedA = new Map(a.assignments.map((assignment) => [assignment.caseId, assignment]));
  const placedB = new Map(b.assignments.map((assignment) => [assignment.caseId, assignment]));
  const cases: Comparison['cases'] = [];
  const counts = { moved: 0, newlyAssigned: 0, dropped: 0, modeChanged: 0, unchanged: 0, disruption: 0 };
  const caseIds = new Set([...placedA.keys(), ...placedB.keys()]);
  for (const caseId of [...caseIds].sort()) {
    const from = placedA.get(caseId);
    const to = placedB.get(caseId);
    const change = !from ? 'newly_assigned' : !to ? 'dropped' : from.courtId !== to.courtId ? 'moved' : from.mode !== to.mode ? 'mode_changed' : null;
    if (change === null) {
      counts.unchanged++;
      continue;
    }
    if (change === 'newly_assigned') counts.newlyAssigned++;
    else {
      counts.disruption++;
      if (change === 'dropped') counts.dropped++;
      else if (change === 'moved') counts.moved++;
      else counts.modeChanged++;
    }
    cases.push({ caseId, change, from: from ? { courtId: from.courtId, mode: from.mode } : null, to: to ? { courtId: to.courtId, mode: to.mode } : null });
  }
  return { a: a.id, b: b.id, kpis, courts, cases, counts };
}
