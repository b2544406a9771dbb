import type { AssignmentModel } from './assignmentModel.js';
import { arcsByCost, FloorPrices, pricedOptions, type PricedOptions } from './lagrangianBound.js';

/** Knapsack tables larger than this (members with profit × capacity units) keep the price term instead. */
const maxTableCells = 4_000_000;

/**
 * A bound at least as strong as evaluateDual's for the same prices: where a bin is full of items that
 * cannot all fit (a provincial high court that is the only court for some cases), the prices bound it
 * as if items could be split, and the split is where the gap is. Here such a bin keeps its capacity as
 * an integer knapsack instead.
 *
 * It is the relaxation of the one-option-per-item rule with multipliers u_i:
 *
 *   L(u) = constant + Σ_i u_i − Σ_{bins b} max_{S fits b} Σ_{i ∈ S} (u_i − cost_ib) − overload_b(S)
 *
 * (u_i ≤ penalty_i, since leaving an item out is an option too). For every u this is ≤ the optimum; a
 * bin's max may be over-estimated, never under-estimated. At a bin priced λ_b, every item with
 * u_i ≤ cost_ib + weight·λ_b there gives max ≤ the price term of evaluateDual (the knapsack's linear
 * relaxation), so with u_i = the item's cheapest priced option this is exactly evaluateDual's bound.
 * Two changes make it stronger:
 *  - a bin whose members all have integer weights and whose table is small takes its knapsack exactly
 *    (dynamic programming over its integer load), if no item could reach it through an option the
 *    model omits (its floors) with positive profit: those items are not in its table;
 *  - an item whose cheapest priced option is, alone, such an exact bin takes u_i = its second
 *    cheapest option: at every other bin it is still priced out (u_i ≤ cost + weight·λ), and the exact
 *    bin's table sees the raise.
 * A raise has a price, though: at the bin of its second option the item now costs nothing to take, and
 * if that bin is itself exact and priced, the item can fill the unit its knapsack would otherwise fill at
 * a loss (a high court's last unit: at the medium benchmark 553 of a 594 gap), giving back what the
 * raise won. So two sets of multipliers are tried, every raise and only the raises whose second option
 * is harmless (leaving the item out, an omitted court, a bin without a price or one bounded by its
 * price), and the higher bound is kept: each is a bound on its own.
 * Pair limits and reciprocity stay relaxed, as in evaluateDual.
 */
export function knapsackBound(model: AssignmentModel, price: Float64Array): number {
  const floors = new FloorPrices(model, price);
  const view = arcsByCost(model);
  const { itemCount, binCount } = model;
  const bestArc = new Int32Array(itemCount).fill(-1);
  const bestValue = new Float64Array(itemCount);
  const secondValue = new Float64Array(itemCount);
  const secondArc = new Int32Array(itemCount).fill(-1);
  const options: PricedOptions = { best: 0, second: 0, arcOfBest: -1, arcOfSecond: -1 };
  for (let item = 0; item < itemCount; item++) {
    const pinned = model.itemPinnedArc[item]!;
    if (pinned !== -1) {
      bestArc[item] = pinned;
      bestValue[item] = secondValue[item] = model.arcCost[pinned]! + model.arcWeight[pinned]! * price[model.arcBin[pinned]!]!;
      continue;
    }
    pricedOptions(model, view, price, floors, item, options);
    bestArc[item] = options.arcOfBest;
    bestValue[item] = options.best;
    secondValue[item] = options.second;
    secondArc[item] = options.arcOfSecond;
  }

  // Exact bins judged with every item at its cheapest option; the raise below never lets an item reach an omitted bin.
  const exact = exactBins(model, bestValue);
  // Which items are raised to their second option: those whose best is an exact bin (and strictly
  // best), whose second option costs no more than every floor of the item, so that its omitted options
  // stay unprofitable (the exact bins' tables need not see them), and is finite (a must-assign item with
  // one arc has no second option; an infinite credit would bound nothing). 1: raised in the first set of
  // multipliers only; 2: in both, its second option being harmless (leaving out, an omitted court, a
  // bin without a price or one bounded by its price term).
  const raise = new Uint8Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    const arc = bestArc[item]!;
    const second = secondValue[item]!;
    if (arc === -1 || model.itemPinnedArc[item] !== -1 || exact[model.arcBin[arc]!] === 0 || !Number.isFinite(second) || second > cheapestFloorCost(model, item)) continue;
    const secondBin = secondArc[item] === -1 ? -1 : model.arcBin[secondArc[item]!]!;
    raise[item] = secondBin === -1 || price[secondBin] === 0 || exact[secondBin] === 0 ? 2 : 1;
  }
  const boundWith = (least: number) => {
    const multiplier = Float64Array.from(bestValue, (best, item) => (raise[item]! >= least ? secondValue[item]! : best));
    let bound = model.constantCost;
    for (let item = 0; item < itemCount; item++) bound += multiplier[item]!;
    const entrants = entrantsWithProfit(model, multiplier, exact);
    for (let bin = 0; bin < binCount; bin++) {
      bound -= exact[bin] === 1 ? knapsackProfit(model, bin, entrants[bin]!, multiplier) : priceTerm(model, bin, price[bin]!);
    }
    return bound;
  };
  return Math.max(boundWith(1), boundWith(2));
}

/** The least cost any omitted option of the item could have (Infinity without floors). */
function cheapestFloorCost(model: AssignmentModel, item: number): number {
  let cheapest = Infinity;
  for (let at = model.floorStart[item]!; at < model.floorStart[item + 1]!; at++) cheapest = Math.min(cheapest, model.floorCost[at]!);
  return cheapest;
}

/** evaluateDual's bin term: the most a bin priced λ can give its items, as if they could be split. */
function priceTerm(model: AssignmentModel, bin: number, lambda: number): number {
  if (lambda === 0) return 0;
  return lambda * model.binSoftCapacity[bin]! + Math.max(0, lambda - model.overloadPerUnit) * (model.binCapacity[bin]! - model.binSoftCapacity[bin]!);
}

/**
 * Bins whose knapsack is taken exactly (1): every arc into it has an integer weight, its table is
 * small, and no item could reach it through an omitted option with positive profit at these multipliers.
 */
function exactBins(model: AssignmentModel, multiplier: Float64Array): Uint8Array {
  const { itemCount, binCount } = model;
  const exact = new Uint8Array(binCount).fill(1);
  const entrants = new Float64Array(binCount);
  for (let arc = 0; arc < model.arcBin.length; arc++) {
    const bin = model.arcBin[arc]!;
    const weight = model.arcWeight[arc]!;
    if (!Number.isInteger(weight) || weight <= 0) exact[bin] = 0;
    entrants[bin] += 1;
  }
  for (let bin = 0; bin < binCount; bin++) {
    if (entrants[bin]! * (Math.floor(model.binCapacity[bin]!) + 1) > maxTableCells) exact[bin] = 0;
  }
  // Omitted options that could profit: an inside floor reaches every bin of its group, an outside one
  // every bin of its family's other groups (a group −1 floor prices nothing, so it never exceeds its cost).
  const groupReached = new Uint8Array(model.groupFamily.length);
  const familyOutsideGroups = new Map<number, Set<number>>();
  for (let item = 0; item < itemCount; item++) {
    const ceiling = Math.min(multiplier[item]!, model.itemPenalty[item]!);
    for (let at = model.floorStart[item]!; at < model.floorStart[item + 1]!; at++) {
      const group = model.floorGroup[at]!;
      if (group === -1 || ceiling <= model.floorCost[at]!) continue;
      if (!model.floorOutside[at]) groupReached[group] = 1;
      else {
        const family = model.groupFamily[group]!;
        let groups = familyOutsideGroups.get(family);
        if (!groups) familyOutsideGroups.set(family, (groups = new Set()));
        if (groups.size < 2) groups.add(group);
      }
    }
  }
  for (let bin = 0; bin < binCount; bin++) {
    const group = model.binGroup[bin]!;
    if (group === -1) continue;
    if (groupReached[group]) exact[bin] = 0;
    const outside = familyOutsideGroups.get(model.groupFamily[group]!);
    if (outside && [...outside].some((other) => other !== group)) exact[bin] = 0;
  }
  return exact;
}

/** An item that could enter an exact bin: by which arc, and whether it is pinned there. */
interface Entrant {
  item: number;
  arc: number;
}

/** Per exact bin, the items that would gain by entering it (multiplier above the arc's cost) or are pinned to it. */
function entrantsWithProfit(model: AssignmentModel, multiplier: Float64Array, exact: Uint8Array): Entrant[][] {
  const byBin: Entrant[][] = Array.from({ length: model.binCount }, () => []);
  for (let item = 0; item < model.itemCount; item++) {
    const pinned = model.itemPinnedArc[item]!;
    if (pinned !== -1) {
      if (exact[model.arcBin[pinned]!] === 1) byBin[model.arcBin[pinned]!]!.push({ item, arc: pinned });
      continue;
    }
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      const bin = model.arcBin[arc]!;
      if (exact[bin] === 1 && multiplier[item]! > model.arcCost[arc]!) byBin[bin]!.push({ item, arc });
    }
  }
  return byBin;
}

/**
 * The most a bin's items can gain together: max Σ (u_i − cost) − overload over subsets that fit its
 * capacity, pinned items always in. Dynamic programming over the integer load.
 */
function knapsackProfit(model: AssignmentModel, bin: number, entrants: Entrant[], multiplier: Float64Array): number {
  const capacity = Math.floor(model.binCapacity[bin]! + 1e-9);
  const best = new Float64Array(capacity + 1).fill(-Infinity);
  best[0] = 0;
  let pinnedLoad = 0;
  let pinnedProfit = 0;
  for (const { item, arc } of entrants) {
    const profit = multiplier[item]! - model.arcCost[arc]!;
    const weight = model.arcWeight[arc]!;
    if (model.itemPinnedArc[item] === arc) {
      pinnedLoad += weight;
      pinnedProfit += profit;
      continue;
    }
    for (let load = capacity; load >= weight; load--) {
      const candidate = best[load - weight]! + profit;
      if (candidate > best[load]!) best[load] = candidate;
    }
  }
  let most = -Infinity;
  for (let load = 0; load + pinnedLoad <= capacity; load++) {
    if (best[load] === -Infinity) continue;
    const total = load + pinnedLoad;
    most = Math.max(most, best[load]! + pinnedProfit - model.overloadPerUnit * Math.max(0, total - model.binSoftCapacity[bin]!));
  }
  // Pinned items over capacity: no plan exists, so any finite value bounds it.
  return Number.isFinite(most) ? most : 0;
}
