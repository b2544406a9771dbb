/** What the core's thread and its scan partner share (scanPartner.ts, scanPartnerThread.ts). */
import type { AssignmentModel } from '../../solver/core/assignmentModel.js';
import { knapsackBound } from '../../solver/core/knapsackBound.js';
import { scanItems, type ArcsByCost, type MarketChoices } from '../../solver/core/lagrangianBound.js';
import { chooseInMarket } from '../../solver/core/marketClearing.js';
import { cancelTransferCyclesOnPlan } from '../../solver/core/transferCycles.js';

/**
 * Slots of the Int32 signal: the step asked for; the step taken, by the thread or, when the thread
 * has not taken it by the time the core has scanned its own half, by the core itself (whoever swaps
 * it first: a thread still loading, busy with a stale model or gone never holds a step up); the step
 * done; a stop request.
 */
export const control = { asked: 0, taken: 1, done: 2, stop: 3, task: 4, joinBins: 5, length: 6, failed: -1 } as const;

/** What a task is (the `task` slot): a scan of the partner's items, the knapsack bound, transfer cycles, or the partner's items' market choices. */
export const task = { scan: 0, knapsack: 1, cycles: 2, market: 3 } as const;

/** Most workloads a cycles task searches (transferCycles.ts searches at most six per plan). */
export const maxCycleWeights = 8;

/** Claims step `generation` for the caller; false when the other side has it. */
export function claimStep(signal: Int32Array, generation: number): boolean {
  return Atomics.compareExchange(signal, control.taken, generation - 1, generation) === generation - 1;
}

/**
 * Sent once per model (its typed arrays copied into shared memory): the partner runs the task asked
 * for whenever `asked` moves on.
 */
export interface ScanRequest {
  model: AssignmentModel;
  /** The model's arcs in cost order (sortArcsByCost), sorted once by the core. */
  view: ArcsByCost;
  firstItem: number;
  signal: Int32Array;
  price: Float64Array;
  load: Float64Array;
  choice: Int32Array;
  sum: Float64Array;
  cycles: CycleBuffers;
  /** The market choices of items firstItem .. itemCount − 1 (at index item − firstItem). */
  market: MarketChoices;
}

/** A cycles task (see CycleShare in lagrangianBound.ts): the plan in and out, the capacities, the workloads (NaN after the last), the deadline. */
export interface CycleBuffers {
  plan: Int32Array;
  binCapacity: Float64Array;
  binSoftCapacity: Float64Array;
  weights: Float64Array;
  /** Milliseconds since the epoch (performance.timeOrigin + performance.now()), the same on every thread. */
  deadline: Float64Array;
}

/** The clock a cycles task's deadline is read on. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The task asked for, into the shared buffers: the scan of items firstItem .. itemCount − 1, the
 * knapsack bound, those items' market choices, or transfer cycles on the plan given. Run by whichever
 * side claimed it, with the same answer on either (for the cycles, when they end before their deadline).
 */
export function runTask({ model, view, firstItem, signal, price, load, choice, sum, cycles, market }: ScanRequest): void {
  switch (Atomics.load(signal, control.task)) {
    case task.knapsack:
      sum[0] = knapsackBound(model, price, Atomics.load(signal, control.joinBins) === 1);
      return;
    case task.market:
      chooseInMarket(model, price, firstItem, model.itemCount, market, firstItem);
      return;
    case task.cycles: {
      const weights = [...cycles.weights].filter((weight) => !Number.isNaN(weight));
      const withinShare = { ...model, binCapacity: cycles.binCapacity, binSoftCapacity: cycles.binSoftCapacity };
      cycles.plan.set(cancelTransferCyclesOnPlan(withinShare, cycles.plan, weights, cycles.deadline[0]!, epochNow));
      return;
    }
    default:
      load.fill(0);
      sum[0] = scanItems(model, view, price, firstItem, model.itemCount, load, choice, firstItem);
  }
}
