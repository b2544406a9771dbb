import { capacityTolerance } from './assignmentModel.js';
import type { AssignmentState } from './assignmentState.js';
import { evictionFloor, isBetter, optionFloor } from './primalHeuristics.js';

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
  for (const item of leftOut.slice(0, itemsPerCall)) {
    if ((++checks & 7) === 0 && clock() >= deadline) break;
    if (state.itemArc[item] !== -1 || state.model.itemPinnedArc[item] !== -1) continue;
    const before = state.objective;
    // A failed chain undoes its own moves; inside an enclosing transaction that is enough.
    const nested = state.inTransaction;
    if (!nested) state.begin();
    if (chain(state, item, maxDepth, before)) {
      if (!nested) state.commit();
      improvedAny = true;
    } else if (!nested) state.rollback();

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
        if (chain(state, evicted, depth - 1, target)) return true;
        state.remove(item);
      }
      state.place(evicted, evictedArc);
    }
  }
  return false;
}
