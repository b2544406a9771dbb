/** What the core is asked (settings), tells along the way (progress) and answers (outcome). */
import type { AssignmentModel } from './assignmentModel.js';
import type { ScanPartner } from './lagrangianBound.js';

export interface CoreSettings {
  timeLimitMs: number;
  gapTolerance: number;
  seed: string;
  clock: () => number;
  /** Called now and then with the incumbent and bound, e.g. to report a job's progress. */
  onProgress?: (progress: CoreProgress) => void;
  /** Kicks without improvement before the local search gives up early; default 30 for small models down to 3 for large ones, Infinity to use all the time. */
  stagnationRounds?: number;
  /** A feasible assignment to start from (arc per item, -1 out), e.g. the plan before candidates were widened. */
  initialItemArc?: Int32Array;
  /**
   * Items (1) that a finished search on a neighbouring model left out, in the plan the initial
   * assignment comes from (a what-if re-solve): they found no augmenting path there, so only the
   * others that are out now, the displaced, are searched for one (province, capacity cut: 60 ms of a
   * 290 ms warm solve went to paths for the settled ones, and found none). A reference plan or a plan
   * before widening is no such start.
   */
  leftOutBySearch?: Uint8Array;
  /** Polled between phases; true stops the search with the best assignment so far. */
  shouldStop?: () => boolean;
  /** Capacity prices to start from (per bin), e.g. a neighbouring scenario's: kept when they bound better than the usual start. */
  initialPrices?: Float64Array;
  /**
   * A lower bound already known to hold for this model (a round on a restricted model: the search
   * around it bounds the whole model, whose optimum is no higher): the search stops once its plan is
   * within the gap tolerance of it.
   */
  knownLowerBound?: number;
  /**
   * Build the first plans from the given prices before any price step: a round whose prices come
   * from the search around it, where they are already near their best for the smaller model.
   */
  plansBeforePrices?: boolean;
  /** Stop after the prices and the first plans built from them, for a caller that searches on elsewhere (see pairOrientation.ts). */
  firstPlansOnly?: boolean;
  /**
   * Called once with the first plan built from the settled prices, before the local search: a caller
   * can decide there how long the solve is worth running (the service: whether candidates need
   * widening). With reciprocity forbidden it is the plan of the search without that rule, which may
   * break it. Not passed on to rounds on restricted models, whose arcs are numbered differently.
   */
  onFirstPlans?: (itemArc: Int32Array) => void;
  /** A second thread for the price steps' scans of a large model (see ScanPartner), or null where none would pay. */
  scanPartner?: (model: AssignmentModel) => ScanPartner | null;
}

export interface CoreProgress {
  phase: 'greedy' | 'lagrangian' | 'local_search';
  objective: number;
  lowerBound: number;
  gap: number;
  elapsedMs: number;
}

/**
 * Under every status `itemArc` is the best feasible assignment found, `objective` its exact value
 * (Infinity only when a must-assign item found no room: `infeasible`), `lowerBound` ≤ the optimum.
 */
export interface CoreOutcome {
  status: 'optimal' | 'feasible' | 'time_limit' | 'infeasible';
  itemArc: Int32Array;
  objective: number;
  lowerBound: number;
  gap: number;
  iterations: number;
  /** The capacity prices behind the bound, per bin: a warm start for a neighbouring solve. */
  prices: Float64Array;
}

export function relativeGap(objective: number, lowerBound: number): number {
  if (!Number.isFinite(objective)) return Infinity;
  return Math.max(0, (objective - lowerBound) / Math.max(1, Math.abs(objective)));
}
