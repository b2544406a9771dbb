import { capacityTolerance } from './assignmentModel.js';
import type { AssignmentState } from './assignmentState.js';
import { cheapestElsewhere, evictionFloor, isBetter, optionFloor, type OptionFloor } from './primalHeuristics.js';

/** How wide and deep a chain may branch: arcs tried per item, members tried per bin, levels. */
const arcsPerLevel = 4;
const membersPerBin = 6;
const maxDepth = 3;
/** Left-out items tried per call, most costly to leave out first. */
const itemsPerCall = 2_000;

/**
 * Ejection chains for items left out: put the item on a bin, pushing out one member that moves on
 * to another bin (pushing out one of its members in turn), up to two levels deep; the chain is
 * kept only when the objective falls overall (a pushed-out member may also stay out if that pays).
 * This consolidates scattered spare capacity that single moves cannot use, which is what tight
 * courts need.
 */
export function insertByChains(state: AssignmentState, deadline: number, clock: () => number, among?: readonly number[]): boolean {
  let improvedAny = false;
  let checks = 0;
  const leftOut: number[] = [];
  const pool = among ?? Array.from({ length: state.model.itemCount }, (_, item) => item);
  for (const item of pool) if (state.itemArc[item] === -1 && state.model.itemPinnedArc[item] === -1) leftOut.push(item);
  leftOut.sort((a, b) => state.penalty[b]! - state.penalty[a]! || a - b);
  const failed = perState(failedChainsOf, state);
  for (const item of leftOut.slice(0, itemsPerCall)) {
    if ((++checks & 7) === 0 && clock() >= deadline) break;
    if (state.itemArc[item] !== -1 || state.model.itemPinnedArc[item] !== -1) continue;
    const signature = state.neighbourhoodSignature(item);
    if (failed.get(item) === signature) continue;
    const before = state.objective;
    // A failed chain undoes its own moves; inside an enclosing transaction that is enough.
    const nested = state.inTransaction;
    if (!nested) state.begin();
    if (chain(state, item, maxDepth, before)) {
      if (!nested) state.commit();
      improvedAny = true;
    } else {
      if (!nested) state.rollback();
      failed.set(item, signature);
    }

  }
  return improvedAny;
}

/** Places the unplaced `item` so that the objective ends below `target`, evicting along the way; false leaves a rollback to the caller. */
function chain(state: AssignmentState, item: number, depth: number, target: number): boolean {
  const model = state.model;
  const arcs: number[] = [];
  for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) arcs.push(arc);
  arcs.sort((a, b) => model.arcCost[a]! - model.arcCost[b]!);
  for (let n = 0; n < Math.min(arcsPerLevel, arcs.length); n++) {
    const arc = arcs[n]!;
    if (state.canPlace(item, arc)) {
      state.place(item, arc);
      if (isBetter(state.objective, target)) return true;
      state.remove(item);
      continue;
    }
    if (depth === 0) continue;
    const bin = model.arcBin[arc]!;
    const capacity = model.binCapacity[bin]!;
    const deficit = state.binLoad[bin]! + model.arcWeight[arc]! - capacity - capacityTolerance(capacity);
    // Members whose leaving frees enough room, cheapest to displace first (those with a near alternative).
    const floor = optionFloor(state);
    const members = state.binItems[bin]!.filter((member) => model.itemPinnedArc[member] === -1 && model.arcWeight[state.itemArc[member]!]! >= deficit);
    const displacement = new Map(members.map((member) => [member, evictionFloor(state, floor, member)]));
    members.sort((a, b) => displacement.get(a)! - displacement.get(b)!);
    for (let m = 0; m < Math.min(membersPerBin, members.length); m++) {
      const evicted = members[m]!;
      const evictedArc = state.itemArc[evicted]!;
      state.remove(evicted);
      if (state.canPlace(item, arc)) {
        state.place(item, arc);
        if (isBetter(state.objective, target)) return true;
        if (canReach(state, floor, evicted, evictedArc, target) && chain(state, evicted, depth - 1, target)) return true;
        state.remove(item);
      }
      state.place(evicted, evictedArc);
    }
    // Several members at once, for an item with hardly any other court (a case only its high court may
    // take), from its own bins only: a chain's deeper levels keep to single evictions, and an item with
    // courts to choose from finds room elsewhere (tried for every item, this cost the 2,000-case
    // benchmark a fifth of its solve).
    if (depth === maxDepth && arcs.length <= maxArcsForSetEviction && evictSet(state, item, arc, deficit, state.binItems[bin]!, target)) return true;
  }
  return false;
}

/**
 * Whether placing the evicted member anywhere else could bring the objective below `target`: not when
 * even its cheapest other option, with nothing further moved, would leave the objective at or above it
 * (overload and moves deeper in the chain that might lower other costs aside). Spares the search below
 * the evictions that no chain could pay for, most of them.
 */
function canReach(state: AssignmentState, floor: OptionFloor, evicted: number, evictedArc: number, target: number): boolean {
  // Its cheapest option but the arc it left (evictionFloor would read its arc from the state: it is out now).
  return isBetter(state.objective - state.penalty[evicted]! + cheapestElsewhere(floor, evicted, evictedArc), target);
}

/** Items with at most this many arcs may evict several members at once. */
const maxArcsForSetEviction = 2;
/** Members considered for a set eviction: those cheapest to displace. */
const setCandidates = 24;
/** Deficits (in whole units of load) up to this are covered by the set eviction's table. */
const maxSetDeficit = 64;

/**
 * Makes room for `item` on `arc` by moving out several members together, when no single one frees
 * enough (a case of workload 3 at a full court whose lightest cases to give up weigh 2 and 1): the set
 * whose weights cover the deficit at the least estimated displacement (a covering knapsack over the
 * members cheapest to displace), each then placed where it fits best or left out (later chains and
 * paths may place it). Kept when the objective ends below `target`; otherwise every move is undone.
 */
function evictSet(state: AssignmentState, item: number, arc: number, deficit: number, binMembers: readonly number[], target: number): boolean {
  const model = state.model;
  const units = Math.ceil(deficit - 1e-9);
  if (units < 1 || units > maxSetDeficit) return false;
  // Tried before at this bin with the same members: it would fail again (each polish round retries
  // every left-out item).
  const bin = model.arcBin[arc]!;
  const key = item * model.binCount + bin;
  const failed = perState(failedSetEvictionsOf, state);
  if (failed.get(key) === state.binSignature[bin]) return false;
  const fail = () => {
    failed.set(key, state.binSignature[bin]!);
    return false;
  };
  const floor = optionFloor(state);
  // What the item gains by coming in: the evictions must cost less. First by the floors on the members'
  // other options (cheap; most left-out items are out for good reason and stop here), then by where each
  // would really go now (its best other place with room, or out): with the courts around full, the
  // floor alone would evict light cases that have nowhere to go.
  const gain = state.penalty[item]! - model.arcCost[arc]!;
  const candidates = binMembers
    .filter((member) => model.itemPinnedArc[member] === -1 && Number.isInteger(model.arcWeight[state.itemArc[member]!]!))
    .map((member) => ({ member, cost: Math.max(0, evictionFloor(state, floor, member)), weight: model.arcWeight[state.itemArc[member]!]! }))
    .sort((a, b) => a.cost / a.weight - b.cost / b.weight || a.member - b.member)
    .slice(0, setCandidates);
  if (cheapestCover(candidates, units).cost >= gain) return fail();
  for (const candidate of candidates) candidate.cost = displacementCost(state, candidate.member);
  const cover = cheapestCover(candidates, units);
  if (cover.cost >= gain) return fail();
  const set = cover.members;
  if (set.length < 2) return fail(); // one member alone: the single evictions above tried it
  const moved: { member: number; from: number }[] = [];
  const undo = () => {
    for (const { member, from } of moved.reverse()) {
      if (state.itemArc[member] !== -1) state.remove(member);
      if (from !== -1) state.place(member, from);
    }
  };
  for (const member of set) {
    moved.push({ member, from: state.itemArc[member]! });
    state.remove(member);
  }
  if (!state.canPlace(item, arc)) {
    undo();
    return fail();
  }
  moved.push({ member: item, from: -1 });
  state.place(item, arc);
  for (const member of set) {
    const place = bestPlaceOf(state, member, bin);
    if (place.arc !== -1) state.place(member, place.arc);
  }
  if (isBetter(state.objective, target)) return true;
  undo();
  return fail();
}

/**
 * Per state, the left-out items whose chain failed, with the signature of their bins then: while none of
 * those bins changes, the chain is not searched again (each polish round retries every left-out item,
 * and on the 2,000-case benchmark the fruitless retries cost more than the search that placed anything).
 * Deeper levels' bins are not watched: a change there alone does not reopen the search.
 */
const failedChainsOf = new WeakMap<AssignmentState, Map<number, number>>();
/** Per state, the (item, bin) pairs whose set eviction failed (key item × binCount + bin), with the bin's signature then. */
const failedSetEvictionsOf = new WeakMap<AssignmentState, Map<number, number>>();

/** The state's memo of failures in `memos`, made empty on first use. */
function perState(memos: WeakMap<AssignmentState, Map<number, number>>, state: AssignmentState): Map<number, number> {
  let failed = memos.get(state);
  if (!failed) memos.set(state, (failed = new Map()));
  return failed;
}

/** The cheapest set of candidates whose weights cover `units` (a covering knapsack over integer weights). */
function cheapestCover(candidates: readonly { member: number; cost: number; weight: number }[], units: number): { cost: number; members: number[] } {
  const least = new Float64Array(units + 1).fill(Infinity);
  const chosen: number[][] = Array.from({ length: units + 1 }, () => []);
  least[0] = 0;
  for (const candidate of candidates) {
    for (let covered = units; covered >= 0; covered--) {
      if (least[covered] === Infinity) continue;
      const next = Math.min(units, covered + candidate.weight);
      if (least[covered]! + candidate.cost < least[next]!) {
        least[next] = least[covered]! + candidate.cost;
        chosen[next] = [...chosen[covered]!, candidate.member];
      }
    }
  }
  return { cost: least[units]!, members: chosen[units]! };
}

/** What moving a placed item to its best other place that fits (or out) costs now. */
function displacementCost(state: AssignmentState, member: number): number {
  const from = state.itemArc[member]!;
  const removal = state.removeDelta(member);
  state.remove(member);
  const placement = bestPlaceOf(state, member, state.model.arcBin[from]!).delta;
  state.place(member, from);
  return removal + placement;
}

/** The unplaced item's best arc that fits outside `avoidBin`, if it beats leaving it out (arc -1, delta 0 otherwise). */
function bestPlaceOf(state: AssignmentState, item: number, avoidBin: number): { arc: number; delta: number } {
  const model = state.model;
  let arc = -1;
  let delta = 0;
  for (let other = model.arcStart[item]!; other < model.arcStart[item + 1]!; other++) {
    if (model.arcBin[other] === avoidBin || !state.canPlace(item, other)) continue;
    const change = state.placeDelta(item, other);
    if (change < delta) {
      delta = change;
      arc = other;
    }
  }
  return { arc, delta };
}
