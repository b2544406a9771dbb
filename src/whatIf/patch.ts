import type { Case, Conflict, Court, FieldError, Patch, Policy } from '../../schemas/index.js';

export interface PlanningData {
  courts: Court[];
  cases: Case[];
  conflicts: Conflict[];
}

/** Merges policies field by field; nested objects (modeCost, defaultModes) merge one level down. */
export function mergePolicy(base: Policy | undefined, change: Policy | undefined): Policy | undefined {
  if (!change) return base;
  if (!base) return change;
  return {
    ...base,
    ...change,
    ...(base.modeCost || change.modeCost ? { modeCost: { ...base.modeCost, ...change.modeCost } } : {}),
    ...(base.defaultModes || change.defaultModes ? { defaultModes: { ...base.defaultModes, ...change.defaultModes } } : {}),
  };
}

/**
 * A what-if change applied to courts, cases and conflicts: capacities (one court, a list, a region;
 * absolute or ±%), closed courts, conflicts added or removed, cases filtered. Unknown court or case
 * ids are errors with their path under `patch` (422), never silently ignored.
 */
export function applyPatch(base: PlanningData, patch: Patch | undefined): { data: PlanningData; errors: FieldError[] } {
  if (!patch) return { data: base, errors: [] };
  const errors: FieldError[] = [];
  const courts = base.courts.map((court) => ({ ...court }));
  const courtById = new Map(courts.map((court) => [court.id, court]));
  const caseIds = new Set(base.cases.map((courtCase) => courtCase.id));
  const known = (courtId: string, path: string) => {
    if (courtById.has(courtId)) return true;
    errors.push({ path, message: `court ${courtId} is not in the dataset` });
    return false;
  };

  patch.capacities?.forEach((change, index) => {
    const path = `patch.capacities[${index}]`;
    let selected: Court[] = change.allCourts ? courts : [];
    if (change.courtId !== undefined) selected = known(change.courtId, `${path}.courtId`) ? [courtById.get(change.courtId)!] : [];
    if (change.courtIds !== undefined) selected = change.courtIds.filter((id, at) => known(id, `${path}.courtIds[${at}]`)).map((id) => courtById.get(id)!);
    if (change.regionCode !== undefined) {
      selected = courts.filter((court) => court.regionCode !== '' && court.regionCode.startsWith(change.regionCode!));
      if (selected.length === 0) errors.push({ path: `${path}.regionCode`, message: `no court of the dataset lies in region ${change.regionCode}` });
    }
    for (const court of selected) {
      // Capacities are workload units: a relative change rounds to whole units.
      court.capacity = change.set !== undefined ? change.set : Math.max(0, Math.round(court.capacity * (1 + change.changePercent! / 100)));
    }
  });
  patch.closeCourts?.forEach((courtId, index) => {
    if (known(courtId, `patch.closeCourts[${index}]`)) courtById.get(courtId)!.capacity = 0;
  });

  const conflictKey = (conflict: { courtId: string; caseId?: string | undefined; partyId?: string | undefined }) =>
    `${conflict.courtId}\u0000${conflict.caseId ?? ''}\u0000${conflict.partyId ?? ''}`;
  const removed = new Set<string>();
  patch.removeConflicts?.forEach((conflict, index) => {
    const key = conflictKey(conflict);
    if (!base.conflicts.some((existing) => conflictKey(existing) === key)) errors.push({ path: `patch.removeConflicts[${index}]`, message: 'no such conflict in the dataset' });
    removed.add(key);
  });
  patch.addConflicts?.forEach((conflict, index) => {
    known(conflict.courtId, `patch.addConflicts[${index}].courtId`);
    if (conflict.caseId !== undefined && !caseIds.has(conflict.caseId)) errors.push({ path: `patch.addConflicts[${index}].caseId`, message: `case ${conflict.caseId} is not in the dataset` });
  });
  const conflicts = [...base.conflicts.filter((conflict) => !removed.has(conflictKey(conflict))), ...(patch.addConflicts ?? [])];

  let cases = base.cases;
  const filter = patch.cases;
  if (filter) {
    for (const [field, ids] of [['caseIds', filter.caseIds], ['excludeCaseIds', filter.excludeCaseIds]] as const) {
      ids?.forEach((id, index) => {
        if (!caseIds.has(id)) errors.push({ path: `patch.cases.${field}[${index}]`, message: `case ${id} is not in the dataset` });
      });
    }
    const keep = filter.caseIds ? new Set(filter.caseIds) : null;
    const drop = new Set(filter.excludeCaseIds ?? []);
    const regionOf = new Map(courts.map((court) => [court.id, court.regionCode]));
    cases = cases.filter(
      (courtCase) =>
        (keep === null || keep.has(courtCase.id)) &&
        !drop.has(courtCase.id) &&
        (filter.originRegion === undefined || (regionOf.get(courtCase.originCourtId) ?? '').startsWith(filter.originRegion)) &&
        (filter.categories === undefined || filter.categories.includes(courtCase.category ?? 'ordinary')) &&
        (filter.livelihood === undefined || (courtCase.livelihood === true) === filter.livelihood),
    );
    // Conflicts about cases filtered out go with them: they would name unknown cases.
    const kept = new Set(cases.map((courtCase) => courtCase.id));
    return { data: { courts, cases, conflicts: conflicts.filter((conflict) => conflict.caseId === undefined || kept.has(conflict.caseId)) }, errors };
  }
  return { data: { courts, cases, conflicts }, errors };
}
