import { buildMipModel, decodePlacement } from './exact/mipModel.js';
import { solveLinearModel } from './exact/lpSolverAdapter.js';
import { greedyPlacement, separableLowerBound } from './greedyPlacement.js';
import type { Instance } from './instance.js';
import { isPlacementFeasible, placementObjective } from './sideConstraints.js';

export type SolveStatus = 'optimal' | 'feasible' | 'time_limit';

export interface SolveSettings {
  timeLimitMs: number;
  gapTolerance: number;
  /** Milliseconds since some fixed point; injected so the core reads no clock of its own. */
  clock: () => number;
}

/**
 * Outcome of a solve. Under every status `itemCourt` is a feasible placement, `objective` its exact
 * value and `lowerBound` ≤ the optimum; `optimal` means the gap is at most 1e-9.
 */
export interface SolveOutcome {
  status: SolveStatus;
  itemCourt: Int32Array;
  objective: number;
  lowerBound: number;
  gap: number;
  /** How the bound was obtained: the search finished, the LP relaxation, or the separable bound. */
  boundSource: 'exact' | 'lp_relaxation' | 'separable';
}

/** Largest model the exact path takes: javascript-lp-solver keeps a dense tableau (rows × columns). */
export const exactPathLimits = { candidateArcs: 1_500, items: 150 } as const;

export function exceedsExactPath(instance: Instance): boolean {
  return instance.arcCourt.length > exactPathLimits.candidateArcs || instance.itemCount > exactPathLimits.items;
}

export function relativeGap(objective: number, lowerBound: number): number {
  return Math.max(0, (objective - lowerBound) / Math.max(1, Math.abs(objective)));
}

/**
 * Exact solve for small instances: a feasible greedy incumbent, then the 0-1 program through the
 * checking adapter. A proven optimum closes the gap; otherwise the LP relaxation (or, failing that,
 * the separable bound) certifies the incumbent.
 */
export function solveExactly(instance: Instance, settings: SolveSettings): SolveOutcome {
  const deadline = settings.clock() + settings.timeLimitMs;
  let itemCourt = greedyPlacement(instance);
  let objective = placementObjective(instance, itemCourt);
  let lowerBound = separableLowerBound(instance);
  let boundSource: SolveOutcome['boundSource'] = 'separable';
  let stoppedByTime = false;

  if (relativeGap(objective, lowerBound) > 1e-9) {
    const model = buildMipModel(instance);
    const mip = solveLinearModel(model.spec, { timeLimitMs: deadline - settings.clock(), integer: true, clock: settings.clock });
    const values = mip.status === 'optimal' || mip.status === 'time_limit' ? mip.values : null;
    if (values) {
      const candidate = decodePlacement(instance, model, values);
      const candidateObjective = placementObjective(instance, candidate);
      if (isPlacementFeasible(instance, candidate) && candidateObjective < objective) {
        itemCourt = candidate;
        objective = candidateObjective;
      }
    }
    if (mip.status === 'optimal') {
      // The search finished: its optimum is a bound; our own sum may differ by rounding only.
      lowerBound = Math.max(lowerBound, Math.min(objective, mip.objective + model.constant));
      boundSource = 'exact';
    } else {
      stoppedByTime = mip.status === 'time_limit';
      const remaining = Math.max(1, deadline - settings.clock());
      const relaxation = solveLinearModel(model.spec, { timeLimitMs: remaining, integer: false, clock: settings.clock });
      if (relaxation.status === 'optimal') {
        const lpBound = relaxation.objective + model.constant;
        const safeLpBound = lpBound - 1e-9 * Math.max(1, Math.abs(lpBound));
        if (safeLpBound > lowerBound) {
          lowerBound = Math.min(objective, safeLpBound);
          boundSource = 'lp_relaxation';
        }
      }
    }
  } else boundSource = 'exact';

  const gap = relativeGap(objective, lowerBound);
  const status: SolveStatus = gap <= 1e-9 ? 'optimal' : stoppedByTime ? 'time_limit' : 'feasible';
  return { status, itemCourt, objective, lowerBound, gap, boundSource };
}
