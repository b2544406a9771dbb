import type { PlanRequest, ResolvedPolicy } from '../schemas/index.js';
import { CourtTree } from './courtTree.js';

/** What eligibility needs to know about the request: the tree, policy, jurisdiction, regions and conflicts. */
export interface CourtContext {
  request: PlanRequest;
  policy: ResolvedPolicy;
  tree: CourtTree;
  deciding: number;
  inJurisdiction: Uint8Array;
  /** Region unit per court: the first 4 (prefecture) or 2 (province) digits of its code. */
  regionUnit: string[];
  originOf: Int32Array;
  caseIndexById: Map<string, number>;
  caseConflicts: Map<number, Map<number, string>>;
  partyConflicts: Map<string, Map<number, string>>;
}

export function buildCourtContext(request: PlanRequest, policy: ResolvedPolicy, decidingCourtId: string): CourtContext {
  const tree = new CourtTree(request.courts);
  const deciding = tree.indexById.get(decidingCourtId)!;
  const inJurisdiction = new Uint8Array(tree.count);
  for (const court of tree.jurisdiction(deciding)) inJurisdiction[court] = 1;
  const unitLength = policy.crossRegionLevel === 'province' ? 2 : 4;
  const caseIndexById = new Map(request.cases.map((courtCase, index) => [courtCase.id, index]));
  const caseConflicts = new Map<number, Map<number, string>>();
  const partyConflicts = new Map<string, Map<number, string>>();
  for (const conflict of request.conflicts ?? []) {
    const court = tree.indexById.get(conflict.courtId)!;
    if (conflict.caseId !== undefined) addConflict(caseConflicts, caseIndexById.get(conflict.caseId)!, court, conflict.reason);
    if (conflict.partyId !== undefined) addConflict(partyConflicts, conflict.partyId, court, conflict.reason);
  }
  return {
    request,
    policy,
    tree,
    deciding,
    inJurisdiction,
    regionUnit: request.courts.map((court) => court.regionCode.slice(0, unitLength)),
    originOf: Int32Array.from(request.cases, (courtCase) => tree.indexById.get(courtCase.originCourtId)!),
    caseIndexById,
    caseConflicts,
    partyConflicts,
  };
}

function addConflict<K>(byKey: Map<K, Map<number, string>>, key: K, court: number, reason: string): void {
  let courts = byKey.get(key);
  if (!courts) byKey.set(key, (courts = new Map()));
  if (!courts.has(court)) courts.set(court, reason);
}
