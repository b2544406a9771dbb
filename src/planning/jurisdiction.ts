import type { Court, PlanRequest } from '../../schemas/index.js';
import type { Caller } from '../caller.js';
import { problems } from '../problems.js';

/** The caller's own court in a request's tree: the SPC key matches the tree's supreme court. */
export function callerCourtIn(courts: readonly Court[], caller: Caller): Court | undefined {
  return caller.courtId === null ? courts.find((court) => court.level === 'supreme') : courts.find((court) => court.id === caller.courtId);
}

/** True when `courtId` is `ancestorId` or lies below it in the request's parentId tree. */
export function isWithinTree(courts: readonly Court[], courtId: string, ancestorId: string): boolean {
  const parentOf = new Map(courts.map((court) => [court.id, court.parentId]));
  let at: string | null | undefined = courtId;
  for (let steps = 0; at != null && steps <= courts.length; steps++) {
    if (at === ancestorId) return true;
    at = parentOf.get(at);
  }
  return false;
}

/**
 * The deciding court of a request: as given, or the caller's court. It must be the caller's court
 * or inside its jurisdiction (403 otherwise). The SPC covers every court.
 */
export function decidingCourtFor(request: PlanRequest, caller: Caller): string {
  const own = callerCourtIn(request.courts, caller);
  if (request.decidingCourtId === undefined) {
    if (own) return own.id;
    if (caller.courtId === null) return request.courts.find((court) => court.parentId === null)?.id ?? request.courts[0]!.id;
    throw problems.outsideJurisdiction(`your court ${caller.courtId} is not among the request's courts; name decidingCourtId`);
  }
  if (caller.courtId === null) return request.decidingCourtId;
  if (!own || !isWithinTree(request.courts, request.decidingCourtId, own.id)) {
    throw problems.outsideJurisdiction(`deciding court ${request.decidingCourtId} is not inside the jurisdiction of your court ${caller.courtId}`);
  }
  return request.decidingCourtId;
}

/** Whether the caller may see a plan decided by `decidingCourtId` in `courts`. */
export function mayRead(caller: Caller, courts: readonly Court[], decidingCourtId: string): boolean {
  return caller.courtId === null || isWithinTree(courts, decidingCourtId, caller.courtId);
}

/** Court ids from the tree's root down to `courtId`: stored with plans and jobs to scope who sees them. */
export function courtPathOf(courts: readonly Court[], courtId: string): string[] {
  const parentOf = new Map(courts.map((court) => [court.id, court.parentId]));
  const path: string[] = [];
  for (let at: string | null | undefined = courtId; at != null && path.length <= courts.length; at = parentOf.get(at)) path.push(at);
  return path.reverse();
}
