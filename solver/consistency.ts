import type { FieldError, PlanRequest } from '../schemas/index.js';

/** At most this many consistency errors are reported: enough to fix a file, bounded for huge inputs. */
const maxErrors = 100;

/**
 * Reference errors that a schema cannot see (API.md: 422): duplicate and unknown ids, the court
 * tree's shape, origins outside the deciding court's jurisdiction, reference entries. Pins that
 * break a rule are checked later, once eligibility is known (see `checkPins`).
 */
export function findConsistencyErrors(request: PlanRequest, decidingCourtId: string): FieldError[] {
  const errors: FieldError[] = [];
  const report = (path: string, message: string) => {
    if (errors.length < maxErrors) errors.push({ path, message });
  };

  const courtIndex = new Map<string, number>();
  request.courts.forEach((court, index) => {
    if (courtIndex.has(court.id)) report(`courts[${index}].id`, `duplicate court id "${court.id}"`);
    else courtIndex.set(court.id, index);
  });
  const roots: number[] = [];
  request.courts.forEach((court, index) => {
    if (court.parentId === null) roots.push(index);
    else if (!courtIndex.has(court.parentId)) report(`courts[${index}].parentId`, `unknown court id "${court.parentId}"`);
    else if (court.parentId === court.id) report(`courts[${index}].parentId`, 'a court cannot be its own parent');
  });
  if (roots.length !== 1) {
    report(roots.length === 0 ? 'courts' : `courts[${roots[1]}].parentId`, `the court tree needs exactly one root (parentId null); found ${roots.length}`);
  }
  const cyclic = findCycleMember(request, courtIndex);
  if (cyclic !== -1) report(`courts[${cyclic}].parentId`, 'the parentId chain of this court forms a cycle');
  if (errors.length > 0) return errors; // jurisdiction questions below need a sound tree

  const decidingIndex = courtIndex.get(decidingCourtId);
  if (decidingIndex === undefined) {
    report('decidingCourtId', `unknown court id "${decidingCourtId}"`);
    return errors;
  }
  const isStrictlyBelowDeciding = (court: number): boolean => {
    for (let at = parentOf(request, courtIndex, court); at !== -1; at = parentOf(request, courtIndex, at)) {
      if (at === decidingIndex) return true;
    }
    return false;
  };

  const caseIndex = new Map<string, number>();
  request.cases.forEach((courtCase, index) => {
    const path = `cases[${index}]`;
    if (caseIndex.has(courtCase.id)) report(`${path}.id`, `duplicate case id "${courtCase.id}"`);
    else caseIndex.set(courtCase.id, index);
    const origin = courtIndex.get(courtCase.originCourtId);
    if (origin === undefined) report(`${path}.originCourtId`, `unknown court id "${courtCase.originCourtId}"`);
    else if (!isStrictlyBelowDeciding(origin)) {
      report(`${path}.originCourtId`, `origin court "${courtCase.originCourtId}" is not strictly below the deciding court "${decidingCourtId}"`);
    }
    courtCase.previousCourtIds?.forEach((courtId, previous) => {
      if (!courtIndex.has(courtId)) report(`${path}.previousCourtIds[${previous}]`, `unknown court id "${courtId}"`);
    });
    if (courtCase.pinned && !courtIndex.has(courtCase.pinned.courtId)) {
      report(`${path}.pinned.courtId`, `unknown court id "${courtCase.pinned.courtId}"`);
    }
  });

  request.conflicts?.forEach((conflict, index) => {
    if (!courtIndex.has(conflict.courtId)) report(`conflicts[${index}].courtId`, `unknown court id "${conflict.courtId}"`);
    if (conflict.caseId !== undefined && !caseIndex.has(conflict.caseId)) {
      report(`conflicts[${index}].caseId`, `unknown case id "${conflict.caseId}"`);
    }
  });

  const referenced = new Set<string>();
  request.reference?.assignments.forEach((entry, index) => {
    const path = `reference.assignments[${index}]`;
    if (!caseIndex.has(entry.caseId)) report(`${path}.caseId`, `unknown case id "${entry.caseId}"`);
    else if (referenced.has(entry.caseId)) report(`${path}.caseId`, `case "${entry.caseId}" is named twice in the reference`);
    referenced.add(entry.caseId);
    if (!courtIndex.has(entry.courtId)) report(`${path}.courtId`, `unknown court id "${entry.courtId}"`);
  });
  return errors;
}

function parentOf(request: PlanRequest, courtIndex: Map<string, number>, court: number): number {
  const parentId = request.courts[court]?.parentId;
  return parentId === null || parentId === undefined ? -1 : (courtIndex.get(parentId) ?? -1);
}

/** Index of a court whose parent chain loops, or -1. Colours: 0 new, 1 on the current path, 2 done. */
function findCycleMember(request: PlanRequest, courtIndex: Map<string, number>): number {
  const colour = new Uint8Array(request.courts.length);
  for (let start = 0; start < request.courts.length; start++) {
    const path: number[] = [];
    let at = start;
    while (at !== -1 && colour[at] === 0) {
      colour[at] = 1;
      path.push(at);
      at = parentOf(request, courtIndex, at);
    }
    if (at !== -1 && colour[at] === 1) return at;
    for (const visited of path) colour[visited] = 2;
  }
  return -1;
}
