import { capacityTolerance, overloadCost, type AssignmentModel } from './assignmentModel.js';
import type { AssignmentState } from './assignmentState.js';
import { arcsByCost } from './lagrangianBound.js';

/** Improvements smaller than this are noise from floating sums, not progress. */
const improvementEpsilon = 1e-9;

/** The objective is a running sum: after many moves its last digits drift, so compare relative to its size. */
export function isBetter(after: number, before: number): boolean {
  return after < before - improvementEpsilon - 1e-12 * Math.abs(before);
}

/**
 * Fills an empty state: pins first, then items in order of regret under the prices (how much an
 * item loses if its best priced option is taken), each to its cheapest priced arc that still fits,
 * when that beats leaving it out.
 */
export function greedyFill(state: AssignmentState, price: Float64Array, tieBreak: Float64Array): void {
  const model = state.model;
  for (let item = 0; item < model.itemCount; item++) {
    const pinned = model.itemPinnedArc[item]!;
    if (pinned !== -1 && state.itemArc[item] === -1) state.place(item, pinned);
  }
  const regret = new Float64Array(model.itemCount);
  for (let item = 0; item < model.itemCount; item++) {
    let best = state.penalty[item]!;
    let second = Infinity;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      const priced = model.arcCost[arc]! + model.arcWeight[arc]! * price[model.arcBin[arc]!]!;
      if (priced < best) {
        second = best;
        best = priced;
      } else if (priced < second) second = priced;
    }
    regret[item] = Math.min(second, state.penalty[item]!) - best;
  }
  const order = Int32Array.from({ length: model.itemCount }, (_, item) => item).sort((a, b) => regret[b]! - regret[a]! || tieBreak[a]! - tieBreak[b]!);
  for (const item of order) {
    if (state.itemArc[item] !== -1) continue;
    let bestArc = -1;
    let best = Infinity;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      const priced = model.arcCost[arc]! + model.arcWeight[arc]! * price[model.arcBin[arc]!]!;
      if (priced < best && state.canPlace(item, arc)) {
        best = priced;
        bestArc = arc;
      }
    }
    if (bestArc !== -1 && state.placeDelta(item, bestArc) < 0) state.place(item, bestArc);
  }
}

/** Objective change of moving a placed or unplaced item to `toArc` (-1: leave out), or Infinity if it cannot go there. */
function shiftDelta(state: AssignmentState, item: number, toArc: number): number {
  const model = state.model;
  const fromArc = state.itemArc[item]!;
  if (fromArc === toArc) return Infinity;
  if (toArc === -1) return state.removeDelta(item);
  const toBin = model.arcBin[toArc]!;
  if (fromArc === -1) return state.canPlace(item, toArc) ? state.placeDelta(item, toArc) : Infinity;
  const fromBin = model.arcBin[fromArc]!;
  if (fromBin === toBin || !state.canPlace(item, toArc)) return Infinity;
  const fromLoad = state.binLoad[fromBin]!;
  const toLoad = state.binLoad[toBin]!;
  return (
    model.arcCost[toArc]! - model.arcCost[fromArc]! +
    overloadCost(model, fromBin, fromLoad - model.arcWeight[fromArc]!) - overloadCost(model, fromBin, fromLoad) +
    overloadCost(model, toBin, toLoad + model.arcWeight[toArc]!) - overloadCost(model, toBin, toLoad)
  );
}

function moveTo(state: AssignmentState, item: number, toArc: number): void {
  if (state.itemArc[item] !== -1) state.remove(item);
  if (toArc !== -1) state.place(item, toArc);
}

/**
 * Places each left-out item on its best arc that fits, where that beats leaving it out: one pass over
 * the items, whatever the clock says (a few left out cost microseconds each). A search cut off by its
 * deadline inside transfer cycles otherwise returned cases left out beside courts with room: with
 * reciprocity forbidden at national scale, a case worth 216,000 next to thirteen open courts.
 */
export function placeLeftOut(state: AssignmentState): boolean {
  const model = state.model;
  let placed = false;
  for (let item = 0; item < model.itemCount; item++) {
    if (state.itemArc[item] !== -1 || model.itemPinnedArc[item] !== -1) continue;
    const [delta, arc] = bestShift(state, item);
    if (arc !== -1 && delta < -improvementEpsilon) {
      state.place(item, arc);
      placed = true;
    }
  }
  return placed;
}

/** The best single shift of an item (to another arc or out), as [delta, arc]; delta ≥ 0 when none improves. */
export function bestShift(state: AssignmentState, item: number): [number, number] {
  const model = state.model;
  let bestDelta = 0;
  let bestArc = state.itemArc[item]!;
  if (bestArc !== -1 && model.itemPinnedArc[item] === -1) {
    const out = state.removeDelta(item);
    if (out < bestDelta - improvementEpsilon) [bestDelta, bestArc] = [out, -1];
  }
  // Leaving its bin relieves at most this much overload there: a dearer arc than that cannot pay.
  const fromArc = state.itemArc[item]!;
  const here = fromArc === -1 ? state.penalty[item]! : model.arcCost[fromArc]!;
  const fromBin = fromArc === -1 ? -1 : model.arcBin[fromArc]!;
  const relief = fromBin === -1 ? 0 : overloadCost(model, fromBin, state.binLoad[fromBin]!) - overloadCost(model, fromBin, state.binLoad[fromBin]! - model.arcWeight[fromArc]!);
  for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
    if (model.arcCost[arc]! - here - relief >= bestDelta - improvementEpsilon) continue;
    const delta = shiftDelta(state, item, arc);
    if (delta < bestDelta - improvementEpsilon) [bestDelta, bestArc] = [delta, arc];
  }
  return [bestDelta, bestArc];
}

/**
 * The ejection's exact change, worked out without moving anything: `item` takes `arc` in place of
 * `evicted`, which takes its best other arc that fits (or goes out). Pair rules are not looked at
 * (a hopeful ejection is then applied for real, where the state checks them). Infinity when the
 * item would not fit even with the evicted member gone.
 */
function ejectionChange(state: AssignmentState, item: number, arc: number, evicted: number): number {
  const model = state.model;
  const bin = model.arcBin[arc]!;
  const evictedArc = state.itemArc[evicted]!;
  const fromArc = state.itemArc[item]!;
  const fromBin = fromArc === -1 ? -1 : model.arcBin[fromArc]!;
  const targetLoad = state.binLoad[bin]!;
  const targetAfter = targetLoad - model.arcWeight[evictedArc]! + model.arcWeight[arc]!;
  const capacity = model.binCapacity[bin]!;
  if (targetAfter > capacity + capacityTolerance(capacity)) return Infinity;
  const fromLoad = fromBin === -1 ? 0 : state.binLoad[fromBin]!;
  const fromAfter = fromBin === -1 ? 0 : fromLoad - model.arcWeight[fromArc]!;
  const itemChange =
    model.arcCost[arc]! - (fromArc === -1 ? state.penalty[item]! : model.arcCost[fromArc]!) +
    overloadCost(model, bin, targetAfter) - overloadCost(model, bin, targetLoad) +
    (fromBin === -1 ? 0 : overloadCost(model, fromBin, fromAfter) - overloadCost(model, fromBin, fromLoad));
  // The evicted member's best way on: out, or an arc that fits once the item has left its bin.
  let evictedBest = state.penalty[evicted]! - model.arcCost[evictedArc]!;
  // In cost order where the dual's sorted copy exists: the first arc that costs more than the best so
  // far ends the scan (heavy moves on the 400-case samples spent a sixth of their time here).
  const view = arcsByCost(model);
  for (let at = model.arcStart[evicted]!; at < model.arcStart[evicted + 1]!; at++) {
    const to = view.bin[at]!;
    const costChange = view.cost[at]! - model.arcCost[evictedArc]!;
    if (costChange >= evictedBest) {
      if (view.sorted) break;
      continue;
    }
    if (to === bin) continue;
    const load = to === fromBin ? fromAfter : state.binLoad[to]!;
    const weight = view.weight[at]!;
    if (load + weight > model.binCapacity[to]! + capacityTolerance(model.binCapacity[to]!)) continue;
    evictedBest = Math.min(evictedBest, costChange + overloadCost(model, to, load + weight) - overloadCost(model, to, load));
  }
  return itemChange + evictedBest;
}

/**
 * The two cheapest options of every item (arcs, or leaving it out), fixed per model: they bound
 * from below what moving an item away can cost, so hopeless compound moves are skipped unseen.
 */
export interface OptionFloor {
  cheapestArc: Int32Array;
  cheapest: Float64Array;
  secondCheapest: Float64Array;
}
const optionFloors = new WeakMap<AssignmentState, OptionFloor>();

export function optionFloor(state: AssignmentState): OptionFloor {
  const cached = optionFloors.get(state);
  if (cached) return cached;
  const model = state.model;
  const floor: OptionFloor = { cheapestArc: new Int32Array(model.itemCount).fill(-1), cheapest: new Float64Array(model.itemCount), secondCheapest: new Float64Array(model.itemCount) };
  for (let item = 0; item < model.itemCount; item++) {
    let best = state.penalty[item]!;
    let bestArc = -1;
    let second = Infinity;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      const cost = model.arcCost[arc]!;
      if (cost < best) [second, best, bestArc] = [best, cost, arc];
      else if (cost < second) second = cost;
    }
    floor.cheapestArc[item] = bestArc;
    floor.cheapest[item] = best;
    floor.secondCheapest[item] = second;
  }
  optionFloors.set(state, floor);
  return floor;
}

/** The item's cheapest option other than `arc` (an arc, or leaving it out). */
export function cheapestElsewhere(floor: OptionFloor, item: number, arc: number): number {
  return floor.cheapestArc[item] === arc ? floor.secondCheapest[item]! : floor.cheapest[item]!;
}

/** Least that moving a placed item anywhere else can cost, overload aside. */
export function evictionFloor(state: AssignmentState, floor: OptionFloor, item: number): number {
  const arc = state.itemArc[item]!;
  return cheapestElsewhere(floor, item, arc) - state.model.arcCost[arc]!;
}

/**
 * Makes room for `item` on `arc` by moving one member of that bin to its best other place (or out),
 * if the two moves together improve the objective. Applied for real and undone when they do not,
 * so every rule is checked by the state itself.
 */
function tryEjection(state: AssignmentState, item: number, arc: number): boolean {
  const model = state.model;
  const floor = optionFloor(state);
  const bin = model.arcBin[arc]!;
  const members = state.binItems[bin]!;
  const before = state.objective;
  const fromArc = state.itemArc[item]!;
  const gain = (fromArc === -1 ? state.penalty[item]! : model.arcCost[fromArc]!) - model.arcCost[arc]!;
  // The item leaving its bin changes that bin's overload by exactly this (the evicted member going
  // there instead could only add to it).
  const fromBin = fromArc === -1 ? -1 : model.arcBin[fromArc]!;
  const fromOverload = fromBin === -1 ? 0 : overloadCost(model, fromBin, state.binLoad[fromBin]! - model.arcWeight[fromArc]!) - overloadCost(model, fromBin, state.binLoad[fromBin]!);
  const targetLoad = state.binLoad[bin]!;
  const targetOverload = overloadCost(model, bin, targetLoad);
  for (let at = members.length - 1; at >= 0; at--) {
    const evicted = members[at]!;
    if (evicted === item || model.itemPinnedArc[evicted] !== -1) continue;
    const evictedArc = state.itemArc[evicted]!;
    // A lower bound on the pair of moves: the evicted member's cheapest way out, the exact overload
    // change at both bins, nothing gained where the evicted member lands. Only hopeful pairs are tried.
    const swapOverload = overloadCost(model, bin, targetLoad - model.arcWeight[evictedArc]! + model.arcWeight[arc]!) - targetOverload;
    if (-gain + evictionFloor(state, floor, evicted) + swapOverload + fromOverload >= -improvementEpsilon) continue;
    if (ejectionChange(state, item, arc, evicted) >= -improvementEpsilon) continue;
    state.remove(evicted);
    if (fromArc !== -1) state.remove(item);
    if (state.canPlace(item, arc)) {
      state.place(item, arc);
      const [, evictedTo] = bestShift(state, evicted);
      if (evictedTo !== -1 && state.canPlace(evicted, evictedTo)) state.place(evicted, evictedTo);
      if (isBetter(state.objective, before)) return true;
      if (state.itemArc[evicted] !== -1) state.remove(evicted);
      state.remove(item);
    }
    if (fromArc !== -1) state.place(item, fromArc);
    state.place(evicted, evictedArc);
  }
  return false;
}

/** Swaps two placed items between their bins when both may and the objective falls. */
function trySwap(state: AssignmentState, item: number, towardArc: number): boolean {
  const model = state.model;
  const fromArc = state.itemArc[item]!;
  if (fromArc === -1) return false;
  const fromBin = model.arcBin[fromArc]!;
  const toBin = model.arcBin[towardArc]!;
  const before = state.objective;
  const members = state.binItems[toBin]!;
  // With one weight per item (court models), the swap's overload change is known before the other
  // member's arc back is looked up, and its cost change is at least the member's eviction floor: most
  // members are ruled out without the scan of their arcs (heavy moves on the 400-case sample: a fifth
  // of their time was that scan).
  const floor = uniformItemWeights(model) ? optionFloor(state) : null;
  const fromLoad = state.binLoad[fromBin]!;
  const toLoad = state.binLoad[toBin]!;
  const itemCostChange = model.arcCost[towardArc]! - model.arcCost[fromArc]!;
  for (let at = members.length - 1; at >= 0; at--) {
    const other = members[at]!;
    if (model.itemPinnedArc[other] !== -1) continue;
    const otherArc = state.itemArc[other]!;
    if (floor) {
      const otherWeight = model.arcWeight[otherArc]!;
      const overloadChange =
        overloadCost(model, fromBin, fromLoad - model.arcWeight[fromArc]! + otherWeight) - overloadCost(model, fromBin, fromLoad) +
        overloadCost(model, toBin, toLoad - otherWeight + model.arcWeight[towardArc]!) - overloadCost(model, toBin, toLoad);
      if (itemCostChange + evictionFloor(state, floor, other) + overloadChange >= -improvementEpsilon) continue;
    }
    const otherBack = arcTo(model, other, fromBin);
    if (otherBack === -1) continue;
    // The swap's exact change: costs, and the overload at the two bins, whose loads trade weights.
    const change =
      model.arcCost[towardArc]! + model.arcCost[otherBack]! - model.arcCost[fromArc]! - model.arcCost[otherArc]! +
      overloadCost(model, fromBin, fromLoad - model.arcWeight[fromArc]! + model.arcWeight[otherBack]!) - overloadCost(model, fromBin, fromLoad) +
      overloadCost(model, toBin, toLoad - model.arcWeight[otherArc]! + model.arcWeight[towardArc]!) - overloadCost(model, toBin, toLoad);
    if (change >= -improvementEpsilon) continue;
    state.remove(item);
    state.remove(other);
    if (state.canPlace(item, towardArc)) {
      state.place(item, towardArc);
      if (state.canPlace(other, otherBack)) {
        state.place(other, otherBack);
        if (isBetter(state.objective, before)) return true;
        state.remove(other);
      }
      state.remove(item);
    }
    state.place(other, otherArc);
    state.place(item, fromArc);
  }
  return false;
}

/** Models up to this many (item, bin) pairs keep a table of each item's arc to each bin. */
const maxArcTableCells = 4_000_000;
const arcTables = new WeakMap<AssignmentModel, Int32Array>();

/** The item's arc to `bin`, or -1: from a table on small models (swaps ask it for every member), else by a scan of its arcs. */
function arcTo(model: AssignmentModel, item: number, bin: number): number {
  if (model.itemCount * model.binCount > maxArcTableCells) {
    let found = -1;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) if (model.arcBin[arc] === bin) found = arc;
    return found;
  }
  let table = arcTables.get(model);
  if (!table) {
    table = new Int32Array(model.itemCount * model.binCount).fill(-1);
    for (let owner = 0; owner < model.itemCount; owner++) {
      for (let arc = model.arcStart[owner]!; arc < model.arcStart[owner + 1]!; arc++) table[owner * model.binCount + model.arcBin[arc]!] = arc;
    }
    arcTables.set(model, table);
  }
  return table[item * model.binCount + bin]!;
}

const uniformWeightsOf = new WeakMap<AssignmentModel, boolean>();

/** Whether every item has the same weight on all its arcs (court models: its workload), per model. */
function uniformItemWeights(model: AssignmentModel): boolean {
  let uniform = uniformWeightsOf.get(model);
  if (uniform === undefined) {
    uniform = true;
    for (let item = 0; item < model.itemCount && uniform; item++) {
      for (let arc = model.arcStart[item]! + 1; arc < model.arcStart[item + 1]!; arc++) {
        if (model.arcWeight[arc] !== model.arcWeight[model.arcStart[item]!]) uniform = false;
      }
    }
    uniformWeightsOf.set(model, uniform);
  }
  return uniform;
}

/**
 * First-improvement local search over shifts, ejections (one member moved to make room) and swaps,
 * item by item in the given order, until a pass finds nothing or the deadline passes. An item
 * examined before without result is skipped while none of its bins has changed (after an ILS kick
 * only the kicked neighbourhood is searched again); a swap or ejection also reads the members' other
 * bins, so this is a search rule, not a proof that no move exists.
 */
export function improveLocally(state: AssignmentState, order: Int32Array, deadline: number, clock: () => number, candidateArcs = 6): void {
  const model = state.model;
  const ranked: number[] = [];
  for (let improved = true; improved && clock() < deadline; ) {
    improved = false;
    for (let at = 0; at < order.length; at++) {
      if ((at & 255) === 0 && clock() >= deadline) return;
      const item = order[at]!;
      if (model.itemPinnedArc[item] !== -1 || state.unchangedSinceExamined(item)) continue;
      const [delta, arc] = bestShift(state, item);
      if (delta < -improvementEpsilon) {
        moveTo(state, item, arc);
        improved = true;
        continue;
      }
      // Compound moves toward the item's cheapest arcs that are better than where it is now.
      const currentArc = state.itemArc[item]!;
      const currentCost = currentArc === -1 ? state.penalty[item]! : model.arcCost[currentArc]!;
      ranked.length = 0;
      for (let candidate = model.arcStart[item]!; candidate < model.arcStart[item + 1]!; candidate++) {
        if (candidate !== currentArc && model.arcCost[candidate]! < currentCost) ranked.push(candidate);
      }
      ranked.sort((a, b) => model.arcCost[a]! - model.arcCost[b]!);
      let moved = false;
      for (let n = 0; n < Math.min(candidateArcs, ranked.length) && !moved; n++) {
        const target = ranked[n]!;
        moved = tryEjection(state, item, target) || (currentArc !== -1 && trySwap(state, item, target));
      }
      if (moved) improved = true;
      else state.markExamined(item);
    }
  }
}
