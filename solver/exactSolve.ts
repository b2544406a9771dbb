import { relativeGap } from './core/coreSolve.js';
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
  boundSource: 'exact' | 'lp_relaxation' | 'separable' | 'lagrangian';
  /** The core's capacity prices per court (absent on the exact path). */
  prices?: Float64Array;
}

/** Largest model the exact path takes: javascript-lp-solver keeps a dense tableau (rows × columns). */
export const exactPathLimits = { candidateArcs: 1_000, items: 200 } as const;

export function exceedsExactPath(instance: Instance): boolean {
  return instance.arcCourt.length > exactPathLimits.candidateArcs || instance.itemCount > exactPathLimits.items;
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
  // Stop once the gap is within the caller's tolerance; the search itself always runs to a proof.
  /** Keeps a candidate placement when it is feasible and better (an LP vertex may be fractional). */
  const adopt = (candidate: Int32Array) => {
    const candidateObjective = placementObjective(instance, candidate);
    if (isPlacementFeasible(instance, candidate) && candidateObjective < objective) {
      itemCourt = candidate;
      objective = candidateObjective;
    }
  };
  const closed = () => relativeGap(objective, lowerBound) <= Math.max(1e-9, settings.gapTolerance);

  if (!closed()) {
    const model = buildMipModel(instance);
    // The LP relaxation first: it is fast, and gives a true bound even if the search runs out of time.
    const relaxation = solveLinearModel(model.spec, { timeLimitMs: Math.max(1, deadline - settings.clock()), integer: false, clock: settings.clock });
    if (relaxation.status === 'optimal') {
      adopt(decodePlacement(instance, model, relaxation.values));
      // The LP optimum is computed in floating point: keep a margin far below any reported gap.
      const lpBound = relaxation.objective + model.constant;
      const safeLpBound = lpBound - 1e-11 * Math.max(1, Math.abs(lpBound));
      if (safeLpBound > lowerBound) {
        lowerBound = Math.min(objective, safeLpBound);
        boundSource = 'lp_relaxation';
      }
    }
    if (!closed()) {
      const mip = solveLinearModel(model.spec, { timeLimitMs: Math.max(1, deadline - settings.clock()), integer: true, clock: settings.clock });
      const values = mip.status === 'optimal' || mip.status === 'time_limit' ? mip.values : null;
      if (values) adopt(decodePlacement(instance, model, values));
      if (mip.status === 'optimal') {
        // The search finished: its optimum is a bound; our own sum may differ by rounding only.
        lowerBound = Math.max(lowerBound, Math.min(objective, mip.objective + model.constant));
        boundSource = 'exact';
      } else stoppedByTime = mip.status === 'time_limit';
    }
  }

  const gap = relativeGap(objective, lowerBound);
  const status: SolveStatus = gap <= 1e-9 ? 'optimal' : stoppedByTime ? 'time_limit' : 'feasible';
  return { status, itemCourt, objective, lowerBound, gap, boundSource };
}
