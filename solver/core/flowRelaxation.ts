import type { AssignmentModel } from './assignmentModel.js';
import type { AssignmentState } from './assignmentState.js';
import { solveMinCostFlow, type FlowLimits } from './networkSimplex.js';

/** The LP optimum as the flow gives it: prices for the bound and the steps, a rounding for the plans. */
export interface FlowRelaxation {
  /** Capacity price per bin. */
  prices: Float64Array;
  /** Per item, the arc that carries most of its workload in the LP optimum (-1: leaving it out does): a rounding to repair. */
  itemArc: Int32Array;
  /** Per item, whether the LP takes it whole (all its workload on that arc, or all left out). */
  whole: Uint8Array;
}

/**
 * The capacity prices of the LP relaxation, exactly, from a min-cost flow: each item supplies its
 * workload, which flows to a bin along one of its arcs (at the arc's cost per unit of workload) or to
 * the sink at its penalty per unit; each bin passes up to its soft capacity to the sink free and the
 * rest of its capacity at the overload charge. A bin's price is the sink's potential less the bin's.
 *
 * With capacities this tight against many cases, the subgradient steps crawl: a province with 26
 * courts and 3,000 cases gained 0.3 % of its bound per thousand steps and stopped 0.3 % below the LP
 * after 4 s, where the flow takes a fraction of a second. The prices are only a start for the usual
 * bound (evaluateDual, which also prices the floors on omitted courts that the flow leaves out), so
 * they can never make a bound wrong. Only for models whose items weigh the same on every arc (court
 * models; not GAP, where a job's weight depends on the agent); null otherwise, or when stopped.
 */
export function flowRelaxation(model: AssignmentModel, limits: FlowLimits): FlowRelaxation | null {
  const { itemCount, binCount } = model;
  const sink = itemCount + binCount;
  const supply = new Float64Array(sink + 1);
  const arcSource: number[] = [];
  const arcTarget: number[] = [];
  const arcCapacity: number[] = [];
  const arcCost: number[] = [];
  /** The model's arc behind each flow arc (-1: leaving out, or a bin's arc to the sink). */
  const modelArc: number[] = [];
  const addArc = (from: number, to: number, capacity: number, cost: number, arc = -1) => {
    modelArc.push(arc);
    arcSource.push(from);
    arcTarget.push(to);
    arcCapacity.push(capacity);
    arcCost.push(cost);
  };
  for (let item = 0; item < itemCount; item++) {
    const start = model.arcStart[item]!;
    const end = model.arcStart[item + 1]!;
    if (end === start) continue;
    const weight = model.arcWeight[start]!;
    for (let arc = start + 1; arc < end; arc++) if (model.arcWeight[arc] !== weight) return null;
    if (!(weight > 0)) continue;
    supply[item] = weight;
    supply[sink] -= weight;
    const pinned = model.itemPinnedArc[item]!;
    if (pinned !== -1) {
      addArc(item, itemCount + model.arcBin[pinned]!, Infinity, model.arcCost[pinned]! / weight, pinned);
      continue;
    }
    for (let arc = start; arc < end; arc++) addArc(item, itemCount + model.arcBin[arc]!, Infinity, model.arcCost[arc]! / weight, arc);
    if (Number.isFinite(model.itemPenalty[item]!)) addArc(item, sink, Infinity, model.itemPenalty[item]! / weight);
  }
  for (let bin = 0; bin < binCount; bin++) {
    const soft = model.binSoftCapacity[bin]!;
    const capacity = model.binCapacity[bin]!;
    if (soft > 0) addArc(itemCount + bin, sink, soft, 0);
    if (capacity > soft) addArc(itemCount + bin, sink, capacity - soft, model.overloadPerUnit);
  }
  const outcome = solveMinCostFlow(
    {
      nodeCount: sink + 1,
      supply,
      arcSource: Int32Array.from(arcSource),
      arcTarget: Int32Array.from(arcTarget),
      arcCapacity: Float64Array.from(arcCapacity),
      arcCost: Float64Array.from(arcCost),
    },
    limits,
  );
  if (outcome.kind !== 'optimal') return null;
  const sinkPotential = outcome.potential[sink]!;
  const prices = Float64Array.from({ length: binCount }, (_, bin) => Math.max(0, sinkPotential - outcome.potential[itemCount + bin]!));
  const itemArc = new Int32Array(itemCount).fill(-1);
  const carried = new Float64Array(itemCount);
  for (let arc = 0; arc < modelArc.length; arc++) {
    const item = arcSource[arc]!;
    if (item >= itemCount || !(outcome.flow[arc]! > carried[item]!)) continue;
    carried[item] = outcome.flow[arc]!;
    itemArc[item] = modelArc[arc]!;
  }
  const whole = Uint8Array.from(carried, (amount, item) => (amount >= (supply[item] ?? 0) * (1 - 1e-9) ? 1 : 0));
  return { prices, itemArc, whole };
}

/**
 * The LP's rounding, where it fits and every rule allows it: first the items the LP takes whole, then
 * each split one on its largest share (a split item placed first could take the room of whole ones).
 * What is left out, the caller's greedy fill places.
 */
export function placeLpRounding(state: AssignmentState, relaxation: FlowRelaxation): void {
  const model = state.model;
  for (const wholeFirst of [1, 0]) {
    for (let item = 0; item < model.itemCount; item++) {
      const arc = relaxation.itemArc[item]!;
      if (arc !== -1 && relaxation.whole[item] === wholeFirst && state.itemArc[item] === -1 && state.canPlace(item, arc)) state.place(item, arc);
    }
  }
}
