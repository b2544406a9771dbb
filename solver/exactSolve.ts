import { relativeGap } from './core/coreSolve.js';
import { branchAndBound } from './exact/branchAndBound.js';
import { buildMipModel, decodePlacement, type MipModel } from './exact/mipModel.js';
import { solveLinearModel } from './exact/lpSolverAdapter.js';
import { sparseProgramOf } from './exact/sparseProgram.js';
import { greedyPlacement, separableLowerBound } from './greedyPlacement.js';
import type { Instance } from './instance.js';
import { isPlacementFeasible, placementObjective } from './sideConstraints.js';

export type SolveStatus = 'optimal' | 'feasible' | 'time_limit';

export interface SolveSettings {
  timeLimitMs: number;
  gapTolerance: number;
  /** Milliseconds since some fixed point; injected so the core reads no clock of its own. */
  clock: () => number;
  /** Asked between nodes: true stops the search with the best plan found (a cancelled job). */
  shouldStop?: () => boolean;
  /**
   * After this many milliseconds the search stops (`time_limit`) unless its gap is below
   * `handOverGap`: a caller with a faster way to a good plan takes over from there.
   */
  handOverAfterMs?: number;
  /** The gap below which a search past `handOverAfterMs` is left to finish its proof; default handOverGap. */
  handOverGap?: number;
}

/** The gap below which a search past `handOverAfterMs` is left to finish its proof. */
export const handOverGap = 1e-4;

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

/**
 * Largest model the exact path takes. Requests like the samples' (about 12 candidate courts a case):
 * with 150–200 cases (1,300–1,950 pairs) our branch and bound proved two of three in 3.4 s where the
 * core stopped 5e-5 and 1.2e-3 from its bound (0.20.0). With the MIR cuts (0.22.0) it proves small-201
 * (400 cases, 327 items, 3,938 pairs) at the root in 1.4 s and 250–350-case slices of it in 1.3–9 s,
 * where the core stops 1e-4 to 1.3e-5 from its bound: up to 4,000 pairs and 400 items. With
 * reciprocity forbidden the LP is weak (a court pair's direction at one half lets both ways through):
 * there the search was far off at 10 s from 1,500 pairs on (slices of small-202 with 1,700 and 2,100
 * pairs: 0.18 and 0.53 from its bound, the core 8e-3 and 2e-4), so such models keep the old limit.
 */
export const exactPathLimits = { candidateArcs: 4_000, candidateArcsWithReciprocityForbidden: 1_000, items: 400 } as const;

export function exceedsExactPath(instance: Instance): boolean {
  const arcLimit = instance.context.policy.reciprocity === 'forbid' ? exactPathLimits.candidateArcsWithReciprocityForbidden : exactPathLimits.candidateArcs;
  return instance.arcCourt.length > arcLimit || instance.itemCount > exactPathLimits.items;
}


/**
 * Exact solve for small instances: a feasible greedy incumbent, then the 0-1 program by our branch and
 * bound (dual simplex, Gomory cuts at the root, pseudocost branching) to a proof. If our simplex loses
 * its way (a singular basis), javascript-lp-solver takes the program through its checking adapter, as the
 * exact path did first; a proven optimum closes the gap either way.
 */
export function solveExactly(instance: Instance, settings: SolveSettings): SolveOutcome {
  const deadline = settings.clock() + settings.timeLimitMs;
  const handOverAt = settings.handOverAfterMs === undefined ? Infinity : settings.clock() + settings.handOverAfterMs;
  let itemCourt = greedyPlacement(instance);
  let objective = placementObjective(instance, itemCourt);
  let lowerBound = separableLowerBound(instance);
  let boundSource: SolveOutcome['boundSource'] = 'separable';
  let stoppedByTime = false;
  /** Keeps a candidate placement when it is feasible and better (an LP vertex may be fractional). */
  const adopt = (candidate: Int32Array) => {
    const candidateObjective = placementObjective(instance, candidate);
    if (isPlacementFeasible(instance, candidate) && candidateObjective < objective) {
      itemCourt = candidate;
      objective = candidateObjective;
    }
  };
  const raiseBound = (bound: number, source: SolveOutcome['boundSource']) => {
    if (bound <= lowerBound) return;
    lowerBound = Math.min(objective, bound);
    boundSource = source;
  };

  if (relativeGap(objective, lowerBound) > 1e-9) {
    const model = buildMipModel(instance);
    const program = sparseProgramOf(model.spec);
    const columnOf = new Map(program.columnNames.map((name, column) => [name, column]));
    const arcColumn = Int32Array.from(instance.arcCourt, (_, arc) => columnOf.get(`x${arc}`) ?? -1);
    const arcShare = new Float64Array(instance.arcCourt.length);
    const valuesByName = (values: Float64Array) => new Map(program.columnNames.map((name, column) => [name, values[column]!]));
    const search = branchAndBound(program, {
      deadline,
      clock: settings.clock,
      ...(settings.shouldStop ? { shouldStop: settings.shouldStop } : {}),
      stopWhen: (searchObjective, searchBound) => settings.clock() >= handOverAt && relativeGap(searchObjective + model.constant, searchBound + model.constant) > (settings.handOverGap ?? handOverGap),
      // The exact path always runs to a proof (status optimal: gap ≤ 1e-9, with room for rounding).
      gapTolerance: 5e-10,
      objectiveConstant: model.constant,
      incumbentObjective: objective - model.constant,
      propose: (values) => {
        for (let arc = 0; arc < arcShare.length; arc++) arcShare[arc] = arcColumn[arc]! === -1 ? 0 : values[arcColumn[arc]!]!;
        const rounded = greedyPlacement(instance, arcShare);
        if (!isPlacementFeasible(instance, rounded)) return null;
        adopt(rounded);
        return placementObjective(instance, rounded) - model.constant;
      },
      evaluate: (values) => {
        const placement = decodePlacement(instance, model, valuesByName(values));
        return isPlacementFeasible(instance, placement) ? placementObjective(instance, placement) - model.constant : null;
      },
    });
    if (search.values) adopt(decodePlacement(instance, model, valuesByName(search.values)));
    if (search.status === 'failed') {
      const fallback = solveWithLpSolver(model, deadline, settings.clock);
      for (const values of fallback.placements) adopt(decodePlacement(instance, model, values));
      if (fallback.bound !== null) raiseBound(fallback.bound.value + model.constant, fallback.bound.source);
      stoppedByTime = fallback.stoppedByTime;
    } else if (search.status === 'optimal' || search.status === 'infeasible') {
      // The search finished: every better point was ruled out; our own sum may differ by rounding only.
      raiseBound(Math.min(objective, search.bound + model.constant), 'exact');
    } else {
      raiseBound(search.bound + model.constant, 'lp_relaxation');
      stoppedByTime = true;
    }
  }

  const gap = relativeGap(objective, lowerBound);
  const status: SolveStatus = gap <= 1e-9 ? 'optimal' : stoppedByTime ? 'time_limit' : 'feasible';
  return { status, itemCourt, objective, lowerBound, gap, boundSource };
}

/**
 * The program through javascript-lp-solver: its LP relaxation (a bound even if the search runs out of
 * time), then its MIP. Returns the points to try and the best bound with its source.
 */
function solveWithLpSolver(model: MipModel, deadline: number, clock: () => number): { placements: Map<string, number>[]; bound: { value: number; source: 'exact' | 'lp_relaxation' } | null; stoppedByTime: boolean } {
  const placements: Map<string, number>[] = [];
  let bound: { value: number; source: 'exact' | 'lp_relaxation' } | null = null;
  const relaxation = solveLinearModel(model.spec, { timeLimitMs: Math.max(1, deadline - clock()), integer: false, clock });
  if (relaxation.status === 'optimal') {
    placements.push(relaxation.values);
    // The LP optimum is computed in floating point: keep a margin far below any reported gap.
    bound = { value: relaxation.objective - 1e-11 * Math.max(1, Math.abs(relaxation.objective + model.constant)), source: 'lp_relaxation' };
  }
  const mip = solveLinearModel(model.spec, { timeLimitMs: Math.max(1, deadline - clock()), integer: true, clock });
  if (mip.status === 'optimal' || mip.status === 'time_limit') {
    if (mip.values) placements.push(mip.values);
  }
  if (mip.status === 'optimal') bound = { value: mip.objective, source: 'exact' };
  return { placements, bound, stoppedByTime: mip.status === 'time_limit' };
}
