import type { AssignmentModel } from './assignmentModel.js';
import { arcsByCost, FloorPrices, pricedOptions, type ArcsByCost, type PricedOptions } from './lagrangianBound.js';

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
 *    (dynamic programming over its integer load); an item that could reach it through an option the
 *    model omits (a floor) with positive profit enters its table at the floor's cost, which no omitted
 *    court undercuts;
 *  - exact bins that share items whose two cheapest options are both among them take one table over
 *    all their loads (clustersOf);
 *  - an item whose cheapest priced option is, alone, such an exact bin takes u_i = its next cheapest
 *    option outside the bin's cluster: at every other bin it is still priced out (u_i ≤ cost +
 *    weight·λ), and the cluster's table sees the raise.
 * A raise has a price, though: at the bin of its second option the item now costs nothing to take, and
 * if that bin is itself exact and priced, the item can fill the unit its knapsack would otherwise fill at
 * a loss (a high court's last unit: at the medium benchmark 553 of a 594 gap), giving back what the
 * raise won. So two sets of multipliers are tried, every raise and only the raises whose second option
 * is harmless (leaving the item out, an omitted court, a bin without a price or one bounded by its
 * price), and the higher bound is kept: each is a bound on its own.
 * Pair limits and reciprocity stay relaxed, as in evaluateDual.
 */
export function knapsackBound(model: AssignmentModel, price: Float64Array, joinBins = true): number {
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
  const { exact, floorEntrants } = exactBins(model, bestValue);
  const clusters = clustersOf(model, view, price, floors, exact, bestArc, bestValue, secondValue, secondArc, joinBins);
  // Which items are raised, and to what: those whose best is an exact bin (and strictly best) go to
  // their next option outside that bin's cluster (the second, or for an item whose two best options are
  // both in the cluster, the best beyond it), when that costs no more than every floor of the item, so
  // that its omitted options stay unprofitable (the exact bins' tables need not see them), and is finite
  // (a must-assign item with one arc has no second option; an infinite credit would bound nothing).
  // 1: raised in the first set of multipliers only; 2: in both, its next option being harmless (leaving
  // out, an omitted court, a bin without a price or one bounded by its price term) and the raised value
  // profiting at no other priced exact bin (givesBack).
  const raise = new Uint8Array(itemCount);
  const raisedTo = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    const arc = bestArc[item]!;
    if (arc === -1 || model.itemPinnedArc[item] !== -1 || exact[model.arcBin[arc]!] === 0) continue;
    const cluster = clusters.ofBin[model.arcBin[arc]!]!;
    let next = secondValue[item]!;
    let nextArc = secondArc[item]!;
    if (nextArc !== -1 && clusters.ofBin[model.arcBin[nextArc]!] === cluster) {
      const outside = cheapestOutside(model, view, price, floors, item, clusters.ofBin, cluster);
      next = outside.value;
      nextArc = outside.arc;
    }
    if (!Number.isFinite(next) || next > cheapestFloorCost(model, item)) continue;
    const nextBin = nextArc === -1 ? -1 : model.arcBin[nextArc]!;
    raise[item] = (nextBin === -1 || price[nextBin] === 0 || exact[nextBin] === 0) && !givesBack(model, price, exact, clusters.ofBin, cluster, item, next) ? 2 : 1;
    raisedTo[item] = next;
  }
  const secondSet = Float64Array.from(bestValue, (best, item) => (raise[item] === 2 ? raisedTo[item]! : best));
  let priceTerms = 0;
  for (let bin = 0; bin < binCount; bin++) if (exact[bin] === 0) priceTerms += priceTerm(model, bin, price[bin]!);
  const boundWith = (multiplier: Float64Array) => {
    const entrants = entrantsWithProfit(model, multiplier, clusters, floorEntrants);
    let bound = model.constantCost - priceTerms;
    for (let item = 0; item < itemCount; item++) bound += multiplier[item]!;
    for (let cluster = 0; cluster < clusters.bins.length; cluster++) bound -= clusterProfit(model, clusters.bins[cluster]!, entrants, cluster, multiplier);
    return bound;
  };
  const harmless = boundWith(secondSet);
  if (model.arcBin.length > everyRaiseArcs) return harmless;
  return Math.max(harmless, boundWith(Float64Array.from(bestValue, (best, item) => (raise[item]! >= 1 ? raisedTo[item]! : best))));
}

/**
 * Models past this many arcs try only the harmless raises: every raise is a second pass as costly as the
 * first (0.3 s at national scale, where it bounded 3 % lower on the campaigns measured), while on
 * small models, where a high court's last unit decides, it can be the better of the two.
 */
const everyRaiseArcs = 200_000;

/** The item's cheapest option outside a cluster (leaving it out and its floors count; arc -1 for those). */
function cheapestOutside(model: AssignmentModel, view: ArcsByCost, price: Float64Array, floors: FloorPrices, item: number, ofBin: Int32Array, cluster: number): { value: number; arc: number } {
  let value = Math.min(model.itemPenalty[item]!, floors.cheapestFloor(item));
  let arc = -1;
  for (let at = model.arcStart[item]!; at < model.arcStart[item + 1]!; at++) {
    const cost = view.cost[at]!;
    if (view.sorted && cost >= value) break;
    const bin = view.bin[at]!;
    if (ofBin[bin] === cluster) continue;
    const priced = cost + view.weight[at]! * price[bin]!;
    if (priced < value) {
      value = priced;
      arc = view.arc ? view.arc[at]! : at;
    }
  }
  return { value, arc };
}

/**
 * Whether raising the item to `next` lets it enter a priced exact bin outside its cluster at a profit:
 * there its table could take the item where it used to take the bin's own cases at a loss, giving back
 * what the raise won. An unpriced bin's cases lose nothing by making room.
 */
function givesBack(model: AssignmentModel, price: Float64Array, exact: Uint8Array, ofBin: Int32Array, cluster: number, item: number, next: number): boolean {
  for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
    const bin = model.arcBin[arc]!;
    if (exact[bin] === 1 && price[bin]! > 0 && ofBin[bin] !== cluster && next > model.arcCost[arc]!) return true;
  }
  return false;
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

/** Knapsack tables of a cluster of bins hold at most this many load combinations. */
const maxClusterStates = 50_000;
/**
 * Joined tables, all together, cost at most this many cell updates per arc of the model (arcs into the
 * cluster × load combinations): a bound stays a few passes over the arcs (the price search on small
 * models computes it forty times per strengthening).
 */
const joinedWorkPerArc = 10;

/** Exact bins grouped into clusters (each exact bin in one; clusters of one bin included); -1 for the others. */
interface Clusters {
  ofBin: Int32Array;
  bins: number[][];
}

/**
 * Exact bins that share items whose two cheapest priced options are both among them, joined into one
 * knapsack over all their loads at once: two full courts that are the only courts of several cases
 * (a high court and a neighbour) can be unable to hold them together, a loss no single bin's knapsack
 * sees, since each counts on the cases it cannot hold going to the other (a 20,000-case national
 * campaign: one case out for 913,000 that the bound priced at 999, a quarter of the gap). Pairs are
 * joined where the most is at stake first (the item's best option beyond the two against its best),
 * while tables stay small.
 */
function clustersOf(model: AssignmentModel, view: ArcsByCost, price: Float64Array, floors: FloorPrices, exact: Uint8Array, bestArc: Int32Array, bestValue: Float64Array, secondValue: Float64Array, secondArc: Int32Array, join: boolean): Clusters {
  const { binCount, itemCount } = model;
  const parent = Int32Array.from({ length: binCount }, (_, bin) => bin);
  const root = (bin: number): number => {
    while (parent[bin] !== bin) bin = parent[bin] = parent[parent[bin]!]!;
    return bin;
  };
  const links: { first: number; next: number; stake: number }[] = [];
  // The pair as a cluster of its own (0) for cheapestOutside; every other bin -1.
  const pair = new Int32Array(binCount).fill(-1);
  for (let item = 0; item < itemCount && join; item++) {
    const best = bestArc[item]!;
    const second = secondArc[item]!;
    if (best === -1 || second === -1 || model.itemPinnedArc[item] !== -1) continue;
    const first = model.arcBin[best]!;
    const next = model.arcBin[second]!;
    if (exact[first] === 0 || exact[next] === 0 || price[first] === 0 || price[next] === 0) continue;
    pair[first] = 0;
    pair[next] = 0;
    const beyond = cheapestOutside(model, view, price, floors, item, pair, 0).value;
    pair[first] = -1;
    pair[next] = -1;
    links.push({ first, next, stake: Math.min(beyond, 1e300) - bestValue[item]! });
  }
  links.sort((a, b) => b.stake - a.stake || a.first - b.first || a.next - b.next);
  // The table's rows: arcs that could profit once their item is raised (cheaper than its second option), about.
  const arcsInto = new Float64Array(binCount);
  for (let item = 0; item < itemCount && links.length > 0; item++) {
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) if (model.arcCost[arc]! < secondValue[item]!) arcsInto[model.arcBin[arc]!]++;
  }
  const states = Float64Array.from(model.binCapacity, (capacity) => Math.floor(capacity + 1e-9) + 1);
  let joinedWork = 0;
  for (const { first, next } of links) {
    const a = root(first);
    const b = root(next);
    if (a === b) continue;
    const joinedStates = states[a]! * states[b]!;
    const work = (arcsInto[a]! + arcsInto[b]!) * joinedStates;
    if (joinedStates > maxClusterStates || joinedWork + work > joinedWorkPerArc * model.arcBin.length) continue;
    joinedWork += work;
    parent[b] = a;
    states[a] = joinedStates;
    arcsInto[a] = arcsInto[a]! + arcsInto[b]!;
  }
  const ofBin = new Int32Array(binCount).fill(-1);
  const bins: number[][] = [];
  const clusterOfRoot = new Map<number, number>();
  for (let bin = 0; bin < binCount; bin++) {
    if (exact[bin] === 0) continue;
    const top = root(bin);
    let cluster = clusterOfRoot.get(top);
    if (cluster === undefined) {
      clusterOfRoot.set(top, (cluster = bins.length));
      bins.push([]);
    }
    ofBin[bin] = cluster;
    bins[cluster]!.push(bin);
  }
  return { ofBin, bins };
}

/** An omitted option of an item that could profit (the floor at `at`, of an item whose multiplier is above its cost), and the bins it could stand for. */
interface FloorEntrant {
  item: number;
  at: number;
  bins: readonly number[];
}

/**
 * Bins whose knapsack is taken exactly (1): every arc into it has an integer weight and its table is
 * small. Items that could reach one through an omitted option with positive profit at these
 * multipliers (an inside floor reaches every bin of its group, an outside one every bin of its
 * family's other groups; a group −1 floor prices nothing, so it never exceeds its cost) enter its
 * table at the floor's cost (`floorEntrants`); a bin such a floor of fractional weight reaches is not exact.
 */
function exactBins(model: AssignmentModel, multiplier: Float64Array): { exact: Uint8Array; floorEntrants: FloorEntrant[] } {
  const { itemCount, binCount } = model;
  const byArcs = arcFacts(model);
  const exact = Uint8Array.from(byArcs.exact);
  // Rows of each bin's table: its arcs, then the floors that reach it.
  const rows = Float64Array.from(byArcs.arcCount);
  const floorEntrants: FloorEntrant[] = [];
  for (let item = 0; item < itemCount; item++) {
    const ceiling = Math.min(multiplier[item]!, model.itemPenalty[item]!);
    for (let at = model.floorStart[item]!; at < model.floorStart[item + 1]!; at++) {
      const group = model.floorGroup[at]!;
      if (group === -1 || ceiling <= model.floorCost[at]!) continue;
      const bins = model.floorOutside[at] ? byArcs.outsideBins(group) : byArcs.groupBins[group]!;
      const weight = model.floorWeight[at]!;
      for (const bin of bins) {
        if (!Number.isInteger(weight) || weight <= 0) exact[bin] = 0;
        rows[bin] += 1;
      }
      floorEntrants.push({ item, at, bins });
    }
  }
  for (let bin = 0; bin < binCount; bin++) {
    if (rows[bin]! * (Math.floor(model.binCapacity[bin]!) + 1) > maxTableCells) exact[bin] = 0;
  }
  return { exact, floorEntrants };
}

/** What the arcs alone say, the same at every price: bins with only integer weights, arcs per bin, the bins of each group (and of a family's other groups). */
interface ArcFacts {
  exact: Uint8Array;
  arcCount: Float64Array;
  groupBins: number[][];
  outsideBins: (group: number) => readonly number[];
}

const arcFactsOf = new WeakMap<AssignmentModel, ArcFacts>();

/** ArcFacts, once per model (the price search evaluates the bound forty times per strengthening). */
function arcFacts(model: AssignmentModel): ArcFacts {
  const known = arcFactsOf.get(model);
  if (known) return known;
  const exact = new Uint8Array(model.binCount).fill(1);
  const arcCount = new Float64Array(model.binCount);
  for (let arc = 0; arc < model.arcBin.length; arc++) {
    const bin = model.arcBin[arc]!;
    const weight = model.arcWeight[arc]!;
    if (!Number.isInteger(weight) || weight <= 0) exact[bin] = 0;
    arcCount[bin] += 1;
  }
  const groupBins: number[][] = Array.from({ length: model.groupFamily.length }, () => []);
  for (let bin = 0; bin < model.binCount; bin++) if (model.binGroup[bin] !== -1) groupBins[model.binGroup[bin]!]!.push(bin);
  const outside = new Map<number, number[]>();
  const outsideBins = (group: number) => {
    let bins = outside.get(group);
    if (!bins) {
      const family = model.groupFamily[group]!;
      outside.set(group, (bins = groupBins.flatMap((members, other) => (other !== group && model.groupFamily[other] === family ? members : []))));
    }
    return bins;
  };
  const facts: ArcFacts = { exact, arcCount, groupBins, outsideBins };
  arcFactsOf.set(model, facts);
  return facts;
}

/**
 * Options into clusters, cluster by cluster (cluster c's are start[c] .. start[c+1]-1): the item, the
 * bin's position in the cluster, the load it brings and what it costs; pinned options are always taken.
 */
interface Entrants {
  start: Int32Array;
  item: Int32Array;
  at: Int32Array;
  weight: Float64Array;
  cost: Float64Array;
  pinned: Uint8Array;
}

/**
 * Per cluster, the options of items that would gain by entering one of its bins (multiplier above the
 * cost): arcs, floors at their cost (see exactBins), and pins; each item's options in a row. Two passes,
 * counting then filling, into flat arrays: the price search builds this forty times per strengthening.
 */
function entrantsWithProfit(model: AssignmentModel, multiplier: Float64Array, clusters: Clusters, floorEntrants: readonly FloorEntrant[]): Entrants {
  const { ofBin } = clusters;
  const clusterCount = clusters.bins.length;
  const position = new Int32Array(model.binCount);
  for (const bins of clusters.bins) bins.forEach((bin, at) => (position[bin] = at));
  const start = new Int32Array(clusterCount + 1);
  let entrants: Entrants | null = null;
  const fill = new Int32Array(clusterCount);
  const enter = (cluster: number, item: number, bin: number, weight: number, cost: number, pinned: boolean) => {
    if (!entrants) {
      start[cluster + 1]++;
      return;
    }
    const at = fill[cluster]!++;
    entrants.item[at] = item;
    entrants.at[at] = position[bin]!;
    entrants.weight[at] = weight;
    entrants.cost[at] = cost;
    entrants.pinned[at] = pinned ? 1 : 0;
  };
  // Per bin, the last item with an arc there: a floor stands for the omitted courts only, so the item's
  // own candidates enter by their arcs alone.
  const candidateOf = new Int32Array(model.binCount);
  for (let pass = 0; pass < 2; pass++) {
    candidateOf.fill(-1);
    let nextFloor = 0;
    for (let item = 0; item < model.itemCount; item++) {
      const u = multiplier[item]!;
      const pinned = model.itemPinnedArc[item]!;
      if (pinned !== -1) {
        const cluster = ofBin[model.arcBin[pinned]!]!;
        if (cluster !== -1) enter(cluster, item, model.arcBin[pinned]!, model.arcWeight[pinned]!, model.arcCost[pinned]!, true);
        continue;
      }
      for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
        const bin = model.arcBin[arc]!;
        candidateOf[bin] = item;
        const cluster = ofBin[bin]!;
        if (cluster !== -1 && u > model.arcCost[arc]!) enter(cluster, item, bin, model.arcWeight[arc]!, model.arcCost[arc]!, false);
      }
      while (nextFloor < floorEntrants.length && floorEntrants[nextFloor]!.item < item) nextFloor++;
      for (; nextFloor < floorEntrants.length && floorEntrants[nextFloor]!.item === item; nextFloor++) {
        const { at, bins } = floorEntrants[nextFloor]!;
        const cost = model.floorCost[at]!;
        if (!(u > cost)) continue;
        for (const bin of bins) {
          const cluster = ofBin[bin]!;
          if (cluster !== -1 && candidateOf[bin] !== item) enter(cluster, item, bin, model.floorWeight[at]!, cost, false);
        }
      }
    }
    if (pass === 0) {
      for (let cluster = 0; cluster < clusterCount; cluster++) start[cluster + 1] += start[cluster]!;
      fill.set(start.subarray(0, clusterCount));
      const total = start[clusterCount]!;
      entrants = { start, item: new Int32Array(total), at: new Int32Array(total), weight: new Float64Array(total), cost: new Float64Array(total), pinned: new Uint8Array(total) };
    }
  }
  return entrants!;
}

/**
 * The most a cluster's items can gain together: max Σ (u_i − cost) − overload over assignments of
 * each item to at most one of its bins that fit their capacities, pinned items always in. Dynamic
 * programming over the integer loads (one table cell per combination of loads).
 */
function clusterProfit(model: AssignmentModel, bins: readonly number[], entrants: Entrants, cluster: number, multiplier: Float64Array): number {
  const from = entrants.start[cluster]!;
  const to = entrants.start[cluster + 1]!;
  if (bins.length === 1) return binProfit(model, bins[0]!, entrants, from, to, multiplier);
  const room = bins.map((bin) => Math.floor(model.binCapacity[bin]! + 1e-9));
  const pinnedLoad = bins.map(() => 0);
  let pinnedProfit = 0;
  for (let option = from; option < to; option++) {
    if (!entrants.pinned[option]) continue;
    pinnedLoad[entrants.at[option]!] += entrants.weight[option]!;
    pinnedProfit += multiplier[entrants.item[option]!]! - entrants.cost[option]!;
  }
  for (let at = 0; at < bins.length; at++) room[at] -= pinnedLoad[at]!;
  // Pinned items over capacity: no plan exists, so any finite value bounds it.
  if (room.some((free) => free < 0)) return 0;
  const radix = [1];
  for (let at = 1; at < bins.length; at++) radix.push(radix[at - 1]! * (room[at - 1]! + 1));
  const stateCount = radix[bins.length - 1]! * (room[bins.length - 1]! + 1);
  const best = new Float64Array(stateCount).fill(-Infinity);
  best[0] = 0;
  for (let first = from; first < to; ) {
    // One item's options together: it takes at most one of them.
    const item = entrants.item[first]!;
    let last = first;
    while (last + 1 < to && entrants.item[last + 1] === item) last++;
    if (!entrants.pinned[first]) {
      // Descending: a cell an option writes lies above the one it reads, so no item is counted twice.
      for (let state = stateCount - 1; state >= 0; state--) {
        const value = best[state]!;
        if (value === -Infinity) continue;
        for (let option = first; option <= last; option++) {
          const at = entrants.at[option]!;
          const weight = entrants.weight[option]!;
          if ((Math.floor(state / radix[at]!) % (room[at]! + 1)) + weight > room[at]!) continue;
          const target = state + weight * radix[at]!;
          const candidate = value + multiplier[item]! - entrants.cost[option]!;
          if (candidate > best[target]!) best[target] = candidate;
        }
      }
    }
    first = last + 1;
  }
  let most = -Infinity;
  for (let state = 0; state < stateCount; state++) {
    if (best[state] === -Infinity) continue;
    let value = best[state]! + pinnedProfit;
    for (let at = 0; at < bins.length; at++) {
      const load = (Math.floor(state / radix[at]!) % (room[at]! + 1)) + pinnedLoad[at]!;
      value -= model.overloadPerUnit * Math.max(0, load - model.binSoftCapacity[bins[at]!]!);
    }
    most = Math.max(most, value);
  }
  return most;
}

/**
 * clusterProfit for one bin (nearly every table of a bound): the plain 0/1 knapsack over its load. An
 * item with two options here (an arc and a floor) counts each: over-estimating a bin's profit keeps
 * the bound true.
 */
function binProfit(model: AssignmentModel, bin: number, entrants: Entrants, from: number, to: number, multiplier: Float64Array): number {
  const capacity = Math.floor(model.binCapacity[bin]! + 1e-9);
  const soft = model.binSoftCapacity[bin]!;
  let pinnedLoad = 0;
  let pinnedProfit = 0;
  let load = 0;
  let profit = 0;
  for (let option = from; option < to; option++) {
    const gain = multiplier[entrants.item[option]!]! - entrants.cost[option]!;
    if (entrants.pinned[option]) {
      pinnedLoad += entrants.weight[option]!;
      pinnedProfit += gain;
    } else {
      load += entrants.weight[option]!;
      profit += gain;
    }
  }
  // Everything fits below the soft capacity: every case with a profit comes in, no table needed.
  if (load + pinnedLoad <= soft) return pinnedProfit + profit;
  const best = new Float64Array(capacity + 1).fill(-Infinity);
  best[0] = 0;
  for (let option = from; option < to; option++) {
    if (entrants.pinned[option]) continue;
    const gain = multiplier[entrants.item[option]!]! - entrants.cost[option]!;
    const weight = entrants.weight[option]!;
    for (let at = capacity - weight; at >= 0; at--) {
      const value = best[at]!;
      if (value !== -Infinity && value + gain > best[at + weight]!) best[at + weight] = value + gain;
    }
  }
  let most = -Infinity;
  for (let at = 0; at + pinnedLoad <= capacity; at++) {
    if (best[at] === -Infinity) continue;
    most = Math.max(most, best[at]! + pinnedProfit - model.overloadPerUnit * Math.max(0, at + pinnedLoad - soft));
  }
  // Pinned items over capacity: no plan exists, so any finite value bounds it.
  return Number.isFinite(most) ? most : 0;
}
