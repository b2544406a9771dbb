import TinyQueue from 'tinyqueue';
import { capacityTolerance } from './assignmentModel.js';
import type { AssignmentState } from './assignmentState.js';
import { isBetter } from './primalHeuristics.js';

/** Left-out items tried per call, most costly to leave out first. */
const itemsPerCall = 5_000;
/** Bins a path may pass through; long paths are where the capacity is, but each step costs a move. */
const maxPathBins = 60;
/** Bins tried, cheapest first, when an item needs room made by relocating several members. */
const binsTriedForRoom = 3;

/** One move: `item` takes `arc` (into bin `to`), at `cost` more than where it is, bringing `weight`; arc -1 (to the out node) leaves it out. */
interface Step {
  item: number;
  arc: number;
  to: number;
  cost: number;
  weight: number;
}

/**
 * Places left-out items along augmenting paths, as a flow algorithm would: the item takes a bin,
 * which passes one member on to another bin, which passes one on, and so on until a bin with room
 * takes the last one, or the last one is left out when that costs less than the first gains (its
 * penalty against the first's: a case that must leave a full court for a heavier one to come in).
 * The cheapest such path is found by Dijkstra's search over the bins, each bin-to-bin step costing
 * what its cheapest mover (of a weight that frees enough room) pays to change bins, so a case left out
 * in a full region can push a chain of cases across provinces to where the room is: what the short
 * ejection chains of insertByChains cannot reach. A path is kept only if every move keeps every rule
 * and the objective falls. Returns whether any item was placed.
 */
export function placeByAugmentingPaths(state: AssignmentState, deadline: number, clock: () => number, searched: (item: number) => boolean = () => true): boolean {
  return new AugmentingPaths(state).improve(deadline, clock, searched);
}

class AugmentingPaths {
  /**
   * Per bin, the cheapest move of one of its members to each other bin, one per member weight (a
   * member leaving must free room for what enters); undefined until a search first needs it.
   */
  private readonly steps: (Step[] | undefined)[];
  // Search labels, reused across searches: an entry counts only when its stamp is the current search's.
  private readonly stamp: Int32Array;
  private search = 0;
  private readonly distance: Float64Array;
  private readonly hops: Int32Array;
  private readonly cameFrom: Int32Array;
  private readonly settled: Uint8Array;
  private readonly via: (Step | null)[];

  /** The node past the bins that stands for leaving an item out: always room. */
  private readonly out: number;

  constructor(private readonly state: AssignmentState) {
    // One node per bin and one for out.
    const binCount = state.model.binCount + 1;
    this.out = state.model.binCount;
    // Steps are made when a search first leaves a bin, and dropped when a move changes its members.
    this.steps = new Array(binCount).fill(undefined);
    this.stamp = new Int32Array(binCount);
    this.distance = new Float64Array(binCount);
    this.hops = new Int32Array(binCount);
    this.cameFrom = new Int32Array(binCount);
    this.settled = new Uint8Array(binCount);
    this.via = new Array(binCount).fill(null);
  }

  private stepsOf(bin: number): Step[] {
    let steps = this.steps[bin];
    if (!steps) this.steps[bin] = steps = this.stepsFrom(bin);
    return steps;
  }

  /** Starts a search: every label unset. */
  private freshLabels(): void {
    this.search++;
  }

  private label(bin: number): void {
    if (this.stamp[bin] === this.search) return;
    this.stamp[bin] = this.search;
    this.distance[bin] = Infinity;
    this.hops[bin] = 0;
    this.cameFrom[bin] = -2;
    this.settled[bin] = 0;
    this.via[bin] = null;
  }

  improve(deadline: number, clock: () => number, searched: (item: number) => boolean): boolean {
    const { state } = this;
    const model = state.model;
    const leftOut: number[] = [];
    for (let item = 0; item < model.itemCount; item++) {
      if (state.itemArc[item] === -1 && model.itemPinnedArc[item] === -1 && model.arcStart[item + 1]! > model.arcStart[item]! && searched(item)) leftOut.push(item);
    }
    if (leftOut.length === 0) return false;
    leftOut.sort((a, b) => state.penalty[b]! - state.penalty[a]! || a - b);
    // Nothing to search for when no bin has room for even the lightest item.
    let lightest = Infinity;
    for (let arc = 0; arc < model.arcWeight.length; arc++) lightest = Math.min(lightest, model.arcWeight[arc]!);
    let anyRoom = false;
    for (let bin = 0; bin < model.binCount && !anyRoom; bin++) anyRoom = this.spare(bin) >= lightest - 1e-9;
    if (!anyRoom) return false;
    let improvedAny = false;
    // Pushing members out comes in a second pass, for the items still out: done item by item from the
    // first, it leaves out cases that later paths would have placed (a first plan 1.8e-3 from the
    // bound on the 2,000-case benchmark instead of 7.6e-5).
    const tried = leftOut.slice(0, itemsPerCall);
    for (const mayPushOut of [false, true]) {
      for (const item of tried) {
        if (clock() >= deadline) break;
        if (state.itemArc[item] !== -1) continue;
        if (this.augment(item, mayPushOut)) improvedAny = true;
      }
    }
    return improvedAny;
  }

  /** The cheapest move of a member of `bin` to each other bin it could go to, and out, per member weight (a flat list: searches walk it often). */
  private stepsFrom(bin: number): Step[] {
    const { state } = this;
    const model = state.model;
    const byTarget = new Map<number, Step[]>();
    const offer = (step: Step) => {
      let moves = byTarget.get(step.to);
      if (!moves) byTarget.set(step.to, (moves = []));
      const same = moves.find((move) => move.weight === step.weight);
      if (!same) moves.push(step);
      else if (step.cost < same.cost) Object.assign(same, { item: step.item, arc: step.arc, cost: step.cost });
    };
    for (const member of state.binItems[bin]!) {
      if (model.itemPinnedArc[member] !== -1) continue;
      const memberArc = state.itemArc[member]!;
      const here = model.arcCost[memberArc]!;
      for (let arc = model.arcStart[member]!; arc < model.arcStart[member + 1]!; arc++) {
        const to = model.arcBin[arc]!;
        // A move the pair rules refuse now is no step: a path through it would be refused whole, and the
        // case it was for left out (national with reciprocity forbidden: cases worth 0.15–0.6 million each).
        if (to !== bin && state.pairRulesAllow(member, arc)) offer({ item: member, arc, to, cost: model.arcCost[arc]! - here, weight: model.arcWeight[arc]! });
      }
    }
    // Pushing a member out comes last: searches that may not push out skip it without reordering the rest.
    for (const member of state.binItems[bin]!) {
      if (model.itemPinnedArc[member] !== -1) continue;
      const memberArc = state.itemArc[member]!;
      offer({ item: member, arc: -1, to: this.out, cost: state.penalty[member]! - model.arcCost[memberArc]!, weight: model.arcWeight[memberArc]! });
    }
    return [...byTarget.values()].flat();
  }

  /** Room left in `bin` once what is in it now leaves or stays (out has room for all). */
  private spare(bin: number): number {
    if (bin === this.out) return Infinity;
    const capacity = this.state.model.binCapacity[bin]!;
    return capacity + capacityTolerance(capacity) - this.state.binLoad[bin]!;
  }

  /**
   * Places the left-out `item`; true when the objective fell. First along one path (it enters a bin,
   * a member moves on, ... a bin with room takes the last); else, for an item heavier than any one
   * member could make room for (a bundle), into one of its bins after relocating members of that bin,
   * each along its own path, until the room is there.
   */
  private augment(item: number, mayPushOut: boolean): boolean {
    const { state } = this;
    const before = state.objective;
    const path = this.cheapestPath(item, state.penalty[item]!, 0, -1, false);
    if (path) {
      state.begin();
      if (this.applyPath(path) && isBetter(state.objective, before)) {
        state.commit();
        return true;
      }
      this.rollbackAndRefresh(path);
    }
    return this.makeRoomFor(item, mayPushOut);
  }

  /** Relocates members of the item's cheapest bins (or pushes them out, when `mayPushOut`) until it fits, then places it; all or nothing. */
  private makeRoomFor(item: number, mayPushOut: boolean): boolean {
    const { state } = this;
    const model = state.model;
    const arcs: number[] = [];
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) arcs.push(arc);
    arcs.sort((a, b) => model.arcCost[a]! - model.arcCost[b]!);
    for (const arc of arcs.slice(0, binsTriedForRoom)) {
      const bin = model.arcBin[arc]!;
      const before = state.objective;
      // The most the relocations may cost: what placing the item saves.
      let budget = state.penalty[item]! - model.arcCost[arc]!;
      if (budget <= 0) continue;
      const moved: Step[][] = [];
      state.begin();
      const members = state.binItems[bin]!.filter((member) => model.itemPinnedArc[member] === -1);
      members.sort((a, b) => model.arcWeight[state.itemArc[b]!]! - model.arcWeight[state.itemArc[a]!]! || a - b);
      for (const member of members) {
        if (this.spare(bin) >= model.arcWeight[arc]! - 1e-9) break;
        const memberArc = state.itemArc[member]!;
        if (memberArc === -1 || model.arcBin[memberArc] !== bin) continue;
        const path = this.cheapestPath(member, model.arcCost[memberArc]!, budget, bin, mayPushOut);
        if (!path) continue;
        const costBefore = state.objective;
        if (!this.applyPath(path)) break;
        moved.push(path);
        budget -= state.objective - costBefore;
        if (budget <= 0) break;
      }
      if (this.spare(bin) >= model.arcWeight[arc]! - 1e-9 && state.canPlace(item, arc)) {
        state.place(item, arc);
        if (isBetter(state.objective, before)) {
          state.commit();
          return true;
        }
      }
      this.rollbackAndRefresh(...moved);
    }
    return false;
  }

  /**
   * The cheapest path that moves `item` (left out, or to leave `excludedBin`) into some bin and on
   * until a bin with room takes what enters it, or what enters it pushes a member out (an item that is
   * to leave `excludedBin` may also go out itself): the moves, last first, or null when every path costs
   * `budget` or more. An item starts at cost arcCost − `offset` (offset: its penalty when left out,
   * its current arc's cost when it moves). Steps are priced at no less than zero (a member moving
   * somewhere cheaper would be a gain of its own, and negative steps could loop), so Dijkstra's search
   * finds the path, stopping at the first bin with room for what enters it.
   */
  private cheapestPath(item: number, offset: number, budget: number, excludedBin: number, mayPushOut: boolean): Step[] | null {
    const { state } = this;
    const model = state.model;
    const { distance, hops, cameFrom, settled, via } = this;
    this.freshLabels();
    if (excludedBin !== -1) {
      this.label(excludedBin);
      settled[excludedBin] = 1;
    }
    const frontier = new TinyQueue<{ bin: number; cost: number }>([], (a, b) => a.cost - b.cost);
    if (mayPushOut) {
      const here = state.itemArc[item]!;
      this.label(this.out);
      distance[this.out] = state.penalty[item]! - offset;
      cameFrom[this.out] = -1;
      via[this.out] = { item, arc: -1, to: this.out, cost: distance[this.out]!, weight: model.arcWeight[here]! };
      hops[this.out] = 1;
      frontier.push({ bin: this.out, cost: distance[this.out]! });
    }
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      const bin = model.arcBin[arc]!;
      if (!state.pairRulesAllow(item, arc)) continue;
      const cost = model.arcCost[arc]! - offset;
      this.label(bin);
      if (!settled[bin] && cost < distance[bin]!) {
        distance[bin] = cost;
        cameFrom[bin] = -1;
        via[bin] = { item, arc, to: bin, cost, weight: model.arcWeight[arc]! };
        hops[bin] = 1;
        frontier.push({ bin, cost });
      }
    }
    while (frontier.length > 0) {
      const { bin, cost } = frontier.pop()!;
      if (settled[bin] || cost > distance[bin]!) continue;
      settled[bin] = 1;
      // Every path from here on costs at least this much.
      if (cost >= budget) return null;
      if (this.spare(bin) >= via[bin]!.weight - 1e-9) return this.pathTo(bin);
      if (hops[bin]! >= maxPathBins) continue;
      // What enters this bin needs room: the member that leaves must weigh at least the shortfall.
      const shortfall = via[bin]!.weight - this.spare(bin);
      for (const step of this.stepsOf(bin)) {
        const to = step.to;
        if (step.weight < shortfall - 1e-9 || step.item === item || (step.to === this.out && !mayPushOut)) continue;
        this.label(to);
        if (settled[to]) continue;
        const reached = cost + Math.max(0, step.cost);
        if (reached < distance[to]!) {
          distance[to] = reached;
          cameFrom[to] = bin;
          via[to] = step;
          hops[to] = hops[bin]! + 1;
          frontier.push({ bin: to, cost: reached });
        }
      }
    }
    return null;
  }

  /** The moves that reach `end`, last first (Dijkstra's pointers form a tree: no bin comes twice). */
  private pathTo(end: number): Step[] {
    const moves: Step[] = [];
    for (let bin = end; bin !== -1; bin = this.cameFrom[bin]!) moves.push(this.via[bin]!);
    return moves;
  }

  /** Applies a path's moves (inside the caller's transaction), dropping the steps of the bins touched; false if one does not fit. */
  private applyPath(moves: readonly Step[]): boolean {
    const { state } = this;
    const model = state.model;
    for (const { item, arc, to } of moves) {
      const from = state.itemArc[item]!;
      if (from !== -1) {
        this.steps[model.arcBin[from]!] = undefined;
        state.remove(item);
      }
      if (arc === -1) continue; // pushed out
      if (!state.canPlace(item, arc)) return false;
      state.place(item, arc);
      this.steps[to] = undefined;
    }
    return true;
  }

  /** Rolls the transaction back and drops the steps of every bin the paths touched (searches since may have remade them). */
  private rollbackAndRefresh(...paths: readonly (readonly Step[])[]): void {
    const { state } = this;
    state.rollback();
    for (const path of paths) {
      for (const { item, to } of path) {
        this.steps[to] = undefined;
        const now = state.itemArc[item]!;
        if (now !== -1) this.steps[state.model.arcBin[now]!] = undefined;
      }
    }
  }
}
