import type { PlanRequest } from '../../schemas/index.js';
import { eligibleMode, objective, prepare, violations } from './independentChecker.js';

/**
 * The optimum of a tiny request by enumeration: every case unassigned or at any court the
 * independent checker finds eligible, every combination tried. Returns null when the search
 * space exceeds `maxPlacements`.
 */
export function bruteForceOptimum(request: PlanRequest, maxPlacements = 50_000): number | null {
  const context = prepare(request);
  const options = request.cases.map((courtCase, index) => {
    if (context.screened[index]) return [null];
    if (courtCase.pinned) return [courtCase.pinned.courtId];
    return [null, ...context.courtIds.filter((courtId) => eligibleMode(context, index, courtId) !== null)];
  });
  const total = options.reduce((product, list) => product * list.length, 1);
  if (total > maxPlacements) return null;
  let best = Infinity;
  const placement: (string | null)[] = new Array(options.length).fill(null);
  const visit = (index: number) => {
    if (index === options.length) {
      if (violations(context, placement).length === 0) best = Math.min(best, objective(context, placement));
      return;
    }
    for (const courtId of options[index]!) {
      placement[index] = courtId;
      visit(index + 1);
    }
  };
  visit(0);
  return best;
}
