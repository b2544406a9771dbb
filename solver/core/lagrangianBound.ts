import type { AssignmentModel } from './assignmentModel.js';

/**
 * Lagrangian relaxation of the capacities: with a price λ_b ≥ 0 per unit of load on bin b,
 *
 *   L(λ) = constant + Σ_i min(penalty_i, min_{a ∈ arcs(i)} cost_a + weight_a·λ_bin(a))
 *          − Σ_b [ λ_b·soft_b + max(0, λ_b − overloadPerUnit)·(capacity_b − soft_b) ]
 *
 * (an item whose model omits some eligible bins also takes, as an option, the floor on their cost:
 * at an omitted bin b of a set S, c + w·λ_b ≥ floorCost + w·min_{S} λ; see FloorPrices.)
 *
 * The bin term is the conjugate of the convex overload charge on [0, capacity], so L(λ) ≤ the
 * optimum for every λ ≥ 0 (weak duality): any prices give a true lower bound, however they were
 * found. Pair limits and reciprocity are relaxed too, which keeps the bound valid. Pinned items
 * take their arc. Maximising L over λ gives the LP relaxation's value.
 */
export interface DualEvaluation {
  bound: number;
  /** Load each bin receives when every item takes its cheapest priced option (the supergradient's first part). */
  load: Float64Array;
  /** The priced choice per item (arc or -1). */
  choice: Int32Array;
}

export function evaluateDual(model: AssignmentModel, price: Float64Array, into?: DualEvaluation): DualEvaluation {
  const load = into?.load ?? new Float64Array(model.binCount);
  const choice = into?.choice ?? new Int32Array(model.itemCount);
  load.fill(0);
  const floors = new FloorPrices(model, price);
  let bound = model.constantCost;
  for (let item = 0; item < model.itemCount; item++) {
    const pinned = model.itemPinnedArc[item]!;
    let bestArc = -1;
    let best = Math.min(model.itemPenalty[item]!, floors.cheapestFloor(item));
    if (pinned !== -1) {
      bestArc = pinned;
      best = model.arcCost[pinned]! + model.arcWeight[pinned]! * price[model.arcBin[pinned]!]!;
    } else {
      for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
        const priced = model.arcCost[arc]! + model.arcWeight[arc]! * price[model.arcBin[arc]!]!;
        if (priced < best) {
          best = priced;
          bestArc = arc;
        }
      }
    }
    bound += best;
    choice[item] = bestArc;
    if (bestArc !== -1) load[model.arcBin[bestArc]!] += model.arcWeight[bestArc]!;
  }
  for (let bin = 0; bin < model.binCount; bin++) {
    const lambda = price[bin]!;
    if (lambda === 0) continue;
    bound -= lambda * model.binSoftCapacity[bin]! + Math.max(0, lambda - model.overloadPerUnit) * (model.binCapacity[bin]! - model.binSoftCapacity[bin]!);
  }
  return { bound, load, choice };
}

/**
 * Least prices per group of bins and, per family, the two least group prices: what an omitted bin's
 * price is at least, so that floors on omitted options rise with the prices of the bins they stand for.
 */
export class FloorPrices {
  private readonly groupMin: Float64Array;
  private readonly familyFirst: Float64Array;
  private readonly familyFirstGroup: Int32Array;
  private readonly familySecond: Float64Array;

  constructor(private readonly model: AssignmentModel, price: Float64Array) {
    const groups = model.groupFamily.length;
    this.groupMin = new Float64Array(groups).fill(Infinity);
    for (let bin = 0; bin < model.binCount; bin++) {
      const group = model.binGroup[bin]!;
      if (group !== -1 && price[bin]! < this.groupMin[group]!) this.groupMin[group] = price[bin]!;
    }
    const families = groups === 0 ? 0 : Math.max(...model.groupFamily) + 1;
    this.familyFirst = new Float64Array(families).fill(Infinity);
    this.familyFirstGroup = new Int32Array(families).fill(-1);
    this.familySecond = new Float64Array(families).fill(Infinity);
    for (let group = 0; group < groups; group++) {
      const family = model.groupFamily[group]!;
      const value = this.groupMin[group]!;
      if (value < this.familyFirst[family]!) {
        this.familySecond[family] = this.familyFirst[family]!;
        this.familyFirst[family] = value;
        this.familyFirstGroup[family] = group;
      } else if (value < this.familySecond[family]!) this.familySecond[family] = value;
    }
  }

  /** The item's cheapest floor at the current prices (Infinity without floors). */
  cheapestFloor(item: number): number {
    const model = this.model;
    let cheapest = Infinity;
    for (let at = model.floorStart[item]!; at < model.floorStart[item + 1]!; at++) {
      const group = model.floorGroup[at]!;
      let least = 0;
      if (group !== -1) {
        const family = model.groupFamily[group]!;
        least = model.floorOutside[at] ? (this.familyFirstGroup[family] === group ? this.familySecond[family]! : this.familyFirst[family]!) : this.groupMin[group]!;
      }
      cheapest = Math.min(cheapest, model.floorCost[at]! + model.floorWeight[at]! * least);
    }
    return cheapest;
  }
}

/** An item's cheapest priced option and the next: `arcOfBest` −1 when leaving it out (or an omitted court) is cheapest. */
export interface PricedOptions {
  best: number;
  second: number;
  arcOfBest: number;
}

/** Fills `into` with the item's two cheapest options at these prices (leaving it out and its floors count as options). */
export function pricedOptions(model: AssignmentModel, price: Float64Array, floors: FloorPrices, item: number, into: PricedOptions): PricedOptions {
  let best = Math.min(model.itemPenalty[item]!, floors.cheapestFloor(item));
  let second = Infinity;
  let arcOfBest = -1;
  for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
    const priced = model.arcCost[arc]! + model.arcWeight[arc]! * price[model.arcBin[arc]!]!;
    if (priced < best) {
      second = best;
      best = priced;
      arcOfBest = arc;
    } else if (priced < second) second = priced;
  }
  into.best = best;
  into.second = second;
  into.arcOfBest = arcOfBest;
  return into;
}

/** The supergradient of L at λ: priced load minus the capacity the bin term takes at that price. */
export function supergradient(model: AssignmentModel, price: Float64Array, load: Float64Array, into: Float64Array): number {
  let normSquared = 0;
  for (let bin = 0; bin < model.binCount; bin++) {
    const soft = model.binSoftCapacity[bin]!;
    const capacity = model.binCapacity[bin]!;
    const lambda = price[bin]!;
    const taken = lambda < model.overloadPerUnit ? soft : lambda > model.overloadPerUnit ? capacity : Math.min(capacity, Math.max(soft, load[bin]!));
    let slope = load[bin]! - taken;
    // Projection on λ ≥ 0: a bin at price 0 whose load is below capacity cannot go lower.
    if (lambda <= 0 && slope < 0) slope = 0;
    into[bin] = slope;
    normSquared += slope * slope;
  }
  return normSquared;
}
