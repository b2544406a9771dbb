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

/**
 * A second thread that scans the items from `firstItem` on at each price step while the caller scans
 * the rest (the same for a market-clearing round), takes the knapsack bound while the caller builds
 * plans, and a share of a plan's transfer cycles (sharedTransferCycles.ts) while the caller searches the
 * rest (src/workers/scanPartner.ts):
 * the core stays single-threaded and pure. The split is fixed by the model alone and every task's
 * answer is the same whichever thread computes it, so a solve with a partner is reproducible.
 */
export interface ScanPartner {
  readonly firstItem: number;
  /** Starts the partner's scan at these prices; `end` must follow before the next `begin`. */
  begin(price: Float64Array): void;
  /** Waits for the scan begun: adds its load into `load`, writes its items' choices into `choice`, returns its part of the bound. */
  end(load: Float64Array, choice: Int32Array): number;
  /** Starts knapsackBound(model, price, joinBins) on the partner's thread; `endKnapsack` must follow before any other task. */
  beginKnapsack(price: Float64Array, joinBins: boolean): void;
  /** Waits for that bound and returns it. */
  endKnapsack(): number;
  /** Starts the market choices (marketClearing.ts) of the items from `firstItem` on at these prices; `endMarket` must follow before any other task. */
  beginMarket(price: Float64Array): void;
  /** Waits for those choices and writes them into `into` (at the items' own indices). */
  endMarket(into: MarketChoices): void;
  /** Starts transfer cycles on the partner's thread (see sharedTransferCycles.ts); `endCycles` must follow before any other task. */
  beginCycles(share: CycleShare): void;
  /** Waits for those cycles and returns the plan they left. */
  endCycles(): Int32Array;
  /** The search is done with this model: the thread may let it go. */
  close(): void;
}

/** Each item's most wanted bin in a market-clearing round (-1: none, or no second option to switch to), its weight there, and the bin price at which it would switch. */
export interface MarketChoices {
  bin: Int32Array;
  weight: Float64Array;
  switchPrice: Float64Array;
}

/**
 * The partner's share of a plan's transfer cycles: the plan, the workloads it searches, the capacities it
 * works within (its share of each court's room) and how long it may take.
 */
export interface CycleShare {
  itemArc: Int32Array;
  weights: readonly number[];
  binCapacity: Float64Array;
  binSoftCapacity: Float64Array;
  budgetMs: number;
}

export function evaluateDual(model: AssignmentModel, price: Float64Array, into?: DualEvaluation, partner?: ScanPartner | null): DualEvaluation {
  const load = into?.load ?? new Float64Array(model.binCount);
  const choice = into?.choice ?? new Int32Array(model.itemCount);
  load.fill(0);
  partner?.begin(price);
  const ownItems = partner ? partner.firstItem : model.itemCount;
  let bound = model.constantCost + scanItems(model, arcsForDual(model), price, 0, ownItems, load, choice);
  if (partner) bound += partner.end(load, choice);
  for (let bin = 0; bin < model.binCount; bin++) {
    const lambda = price[bin]!;
    if (lambda === 0) continue;
    bound -= lambda * model.binSoftCapacity[bin]! + Math.max(0, lambda - model.overloadPerUnit) * (model.binCapacity[bin]! - model.binSoftCapacity[bin]!);
  }
  return { bound, load, choice };
}

/**
 * Items `from` .. `to` − 1 at these prices: each takes its cheapest priced option (choice[item − choiceOffset]:
 * its arc, −1 out or an omitted court), its weight added to the bin's load; returns the sum of their options.
 */
export function scanItems(model: AssignmentModel, view: ArcsByCost, price: Float64Array, from: number, to: number, load: Float64Array, choice: Int32Array, choiceOffset = 0): number {
  const floors = new FloorPrices(model, price);
  // The arrays in locals: V8 cannot hoist a property load out of a loop that stores into typed arrays,
  // and this loop runs at every price step.
  const { arcStart, itemPinnedArc, itemPenalty } = model;
  const { cost: viewCost, weight: viewWeight, bin: viewBin, sorted } = view;
  let sum = 0;
  for (let item = from; item < to; item++) {
    const pinned = itemPinnedArc[item]!;
    if (pinned !== -1) {
      const pinnedBin = model.arcBin[pinned]!;
      choice[item - choiceOffset] = pinned;
      load[pinnedBin] += model.arcWeight[pinned]!;
      sum += model.arcCost[pinned]! + model.arcWeight[pinned]! * price[pinnedBin]!;
      continue;
    }
    let bestAt = -1;
    let best = Math.min(itemPenalty[item]!, floors.cheapestFloor(item));
    const end = arcStart[item + 1]!;
    for (let at = arcStart[item]!; at < end; at++) {
      const cost = viewCost[at]!;
      // Prices are never negative, so an arc whose cost alone reaches the best priced option cannot
      // beat it; cheapest arcs first (sorted), neither can any later one.
      if (cost >= best) {
        if (sorted) break;
        continue;
      }
      const priced = cost + viewWeight[at]! * price[viewBin[at]!]!;
      if (priced < best) {
        best = priced;
        bestAt = at;
      }
    }
    sum += best;
    if (bestAt === -1) choice[item - choiceOffset] = -1;
    else {
      choice[item - choiceOffset] = arcAt(view, bestAt);
      load[viewBin[bestAt]!] += viewWeight[bestAt]!;
    }
  }
  return sum;
}

/**
 * The model's arcs, each item's sorted by cost when `sorted`: position `at` holds arc `arc[at]` (arc
 * `at` itself when `arc` is null), its bin, cost and weight.
 */
export interface ArcsByCost {
  arc: Int32Array | null;
  bin: Int32Array;
  cost: Float64Array;
  weight: Float64Array;
  sorted: boolean;
}

/** The model's arc at a position of the view. */
function arcAt(view: ArcsByCost, at: number): number {
  return view.arc ? view.arc[at]! : at;
}

const arcsByCostOf = new WeakMap<AssignmentModel, ArcsByCost>();
const dualScansOf = new WeakMap<AssignmentModel, number>();
/**
 * Dual evaluations of a model before its sorted copy is made: the subgradient method evaluates it
 * hundreds of times, a warm re-solve that is done at once twice (and the copy would cost it more).
 */
const scansBeforeSorting = 3;

/** The arcs in cost order once evaluateDual has made that copy; until then as the model has them. */
export function arcsByCost(model: AssignmentModel): ArcsByCost {
  return arcsByCostOf.get(model) ?? { arc: null, bin: model.arcBin, cost: model.arcCost, weight: model.arcWeight, sorted: false };
}

/** arcsByCost for evaluateDual, which counts its scans and makes the sorted copy when they add up. */
function arcsForDual(model: AssignmentModel): ArcsByCost {
  const known = arcsByCostOf.get(model);
  if (known) return known;
  const scans = (dualScansOf.get(model) ?? 0) + 1;
  dualScansOf.set(model, scans);
  return scans > scansBeforeSorting ? sortArcsByCost(model) : arcsByCost(model);
}

/** Gives the model arcs in cost order sorted elsewhere (a partner thread's shared copy of its caller's), so that it is not sorted again. */
export function adoptArcsByCost(model: AssignmentModel, view: ArcsByCost): void {
  arcsByCostOf.set(model, view);
}

/** The arcs in cost order: the copy made before, or made now (and kept for the model). */
export function sortArcsByCost(model: AssignmentModel): ArcsByCost {
  const known = arcsByCostOf.get(model);
  if (known) return known;
  const arcCount = model.arcBin.length;
  const arc = new Int32Array(arcCount);
  const cost = new Float64Array(arcCount);
  // Per item: most items' arcs come nearly in cost order (candidates are generated nearest first), so
  // an insertion sort on the costs themselves, kept next to the indices, does little work.
  for (let item = 0; item < model.itemCount; item++) {
    const start = model.arcStart[item]!;
    const end = model.arcStart[item + 1]!;
    for (let at = start; at < end; at++) {
      const value = model.arcCost[at]!;
      let to = at;
      while (to > start && cost[to - 1]! > value) {
        cost[to] = cost[to - 1]!;
        arc[to] = arc[to - 1]!;
        to--;
      }
      cost[to] = value;
      arc[to] = at;
    }
  }
  const view: ArcsByCost = { arc, bin: new Int32Array(arcCount), cost, weight: new Float64Array(arcCount), sorted: true };
  for (let at = 0; at < arcCount; at++) {
    const index = arc[at]!;
    view.bin[at] = model.arcBin[index]!;
    view.weight[at] = model.arcWeight[index]!;
  }
  arcsByCostOf.set(model, view);
  return view;
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

/** An item's cheapest priced option and the next: `arcOfBest` (`arcOfSecond`) −1 when it is leaving the item out or an omitted court. */
export interface PricedOptions {
  best: number;
  second: number;
  arcOfBest: number;
  arcOfSecond: number;
}

/** Fills `into` with the item's two cheapest options at these prices (leaving it out and its floors count as options); `view` is arcsByCost's for this scan. */
export function pricedOptions(model: AssignmentModel, view: ArcsByCost, price: Float64Array, floors: FloorPrices, item: number, into: PricedOptions): PricedOptions {
  let best = Math.min(model.itemPenalty[item]!, floors.cheapestFloor(item));
  let second = Infinity;
  let bestAt = -1;
  let secondAt = -1;
  for (let at = model.arcStart[item]!; at < model.arcStart[item + 1]!; at++) {
    const cost = view.cost[at]!;
    if (view.sorted && cost >= second) break; // cheapest arcs first: none later can be among the two cheapest
    const priced = cost + view.weight[at]! * price[view.bin[at]!]!;
    if (priced < best) {
      second = best;
      secondAt = bestAt;
      best = priced;
      bestAt = at;
    } else if (priced < second) {
      second = priced;
      secondAt = at;
    }
  }
  into.best = best;
  into.second = second;
  into.arcOfBest = bestAt === -1 ? -1 : arcAt(view, bestAt);
  into.arcOfSecond = secondAt === -1 ? -1 : arcAt(view, secondAt);
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
