import { capacityTolerance, overloadCost, type AssignmentModel } from './assignmentModel.js';
import { AssignmentState } from './assignmentState.js';
import { isBetter } from './primalHeuristics.js';

/** Weights tried per call, most common first: a weight carried by few items has few cycles to give. */
const maxWeightClasses = 6;
/** Label changes smaller than this are float noise: without it zero-cost cycles would spin forever. */
const labelEpsilon = 1e-7;
/** How far up the predecessor tree each label change looks for the cycle it closes. */
const nearAncestors = 64;

/**
 * Transfer cycles: every court passes one case of the same workload to the next court of a closed
 * chain, and the chain pays off as a whole (a chain may also start at a court that gives one up and
 * end at one with room, or run through the cases left out). With one workload per chain no court's
 * load changes, so any chain the cost graph allows is a plan; these are the negative cycles of the
 * residual graph, whose absence is exactly what makes a unit-workload plan optimal (min-cost flow).
 * Shifts, swaps and short ejection chains see only cycles of two or three courts; at national scale
 * the cheaper plans lie along chains of ten and more courts. Found by Bellman-Ford's search with a
 * queue from labels all zero (a cycle in its predecessor graph is a negative cycle), every cycle
 * applied for real by the state, which checks every rule, and kept only if the objective falls.
 * Returns whether the objective fell. `weights`: the workloads to search, in order (default: the most common).
 */
export function cancelTransferCycles(state: AssignmentState, deadline: number, clock: () => number, weights: readonly number[] = commonWeights(state)): boolean {
  let improved = false;
  for (const weight of weights) {
    if (clock() >= deadline) break;
    if (new TransferGraph(state, weight).cancel(deadline, clock)) improved = true;
  }
  return improved;
}

/**
 * Transfer cycles on a plan given as arcs (the partner thread's share, see sharedTransferCycles.ts):
 * the plan after cycles of `weights` under `model`'s capacities.
 */
export function cancelTransferCyclesOnPlan(model: AssignmentModel, itemArc: Int32Array, weights: readonly number[], deadline: number, clock: () => number): Int32Array {
  const state = new AssignmentState(model);
  for (let item = 0; item < model.itemCount; item++) if (itemArc[item] !== -1) state.place(item, itemArc[item]!);
  state.refreshObjective();
  cancelTransferCycles(state, deadline, clock, weights);
  return state.itemArc;
}

/** The workloads of placed items, most common first (at most maxWeightClasses). */
export function commonWeights(state: AssignmentState): number[] {
  const model = state.model;
  const count = new Map<number, number>();
  for (let item = 0; item < model.itemCount; item++) {
    const arc = state.itemArc[item]!;
    if (arc !== -1) count.set(model.arcWeight[arc]!, (count.get(model.arcWeight[arc]!) ?? 0) + 1);
  }
  return [...count.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, maxWeightClasses)
    .map(([weight]) => weight);
}

/**
 * The residual graph for one workload: a node per bin, one for the cases left out and one for
 * spare room. An edge u → v is the cheapest case of that workload moving from u to v (its cost
 * change); out → v places a left-out case; u → out leaves one out; v → room is free when v has room
 * for one more, room → u when u may give one up (the overload change, if any, is their cost).
 */
class TransferGraph {
  private readonly out: number;
  private readonly room: number;
  private readonly nodeCount: number;
  private readonly edgeTarget: Int32Array[];
  private readonly edgeCost: Float64Array[];
  private readonly edgeItem: Int32Array[];
  private readonly edgeArc: Int32Array[];
  // Scratch for building one node's edges: the cheapest offer per target.
  private readonly offerCost: Float64Array;
  private readonly offerItem: Int32Array;
  private readonly offerArc: Int32Array;
  private readonly offered: number[] = [];
  /** The unpinned cases left out (any workload). */
  private readonly leftOut = new Set<number>();
  /** Per bin, whether its edge arrays are the cache's (copied before an edge is dropped). */
  private readonly sharedEdges: Uint8Array;
  private readonly cache: BinEdgeCache;

  constructor(
    private readonly state: AssignmentState,
    private readonly weight: number,
  ) {
    const binCount = state.model.binCount;
    this.out = binCount;
    this.room = binCount + 1;
    this.nodeCount = binCount + 2;
    this.edgeTarget = new Array(this.nodeCount);
    this.edgeCost = new Array(this.nodeCount);
    this.edgeItem = new Array(this.nodeCount);
    this.edgeArc = new Array(this.nodeCount);
    this.offerCost = new Float64Array(this.nodeCount).fill(Infinity);
    this.offerItem = new Int32Array(this.nodeCount);
    this.offerArc = new Int32Array(this.nodeCount);
    this.sharedEdges = new Uint8Array(this.nodeCount);
    this.cache = binEdgeCache(state.model, weight);
    for (let bin = 0; bin < binCount; bin++) this.edgesOf(bin);
    for (let item = 0; item < state.model.itemCount; item++) if (state.itemArc[item] === -1 && state.model.itemPinnedArc[item] === -1) this.leftOut.add(item);
    this.buildOut();
    this.buildRoom();
  }

  /** Cancels negative cycles until none is left or the deadline passes; true if any was applied. */
  cancel(deadline: number, clock: () => number): boolean {
    const { nodeCount } = this;
    const label = new Float64Array(nodeCount);
    const parent = new Int32Array(nodeCount).fill(-1);
    const queued = new Uint8Array(nodeCount);
    const queue = new Int32Array(nodeCount);
    let head = 0;
    let size = 0;
    const push = (node: number) => {
      if (queued[node]) return;
      queued[node] = 1;
      let at = head + size++;
      if (at >= nodeCount) at -= nodeCount;
      queue[at] = node;
    };
    const restart = () => {
      label.fill(0);
      parent.fill(-1);
      for (let node = 0; node < nodeCount; node++) push(node);
    };
    let improved = false;
    let appliedSinceRestart = false;
    /** Applies a cycle found; on failure its closing edge is dropped, or the labels would run down around it for ever. */
    const cancelCycle = (cycle: number[]) => {
      if (this.apply(cycle)) {
        improved = appliedSinceRestart = true;
        for (const node of cycle) {
          parent[node] = -1;
          push(node);
        }
      } else {
        this.dropEdge(cycle[cycle.length - 1]!, cycle[0]!);
        parent[cycle[0]!] = -1;
      }
    };
    restart();
    // Labels left from before a cycle was applied may be lower than the changed graph allows, and hide
    // cycles: an empty queue ends the search only after a fresh start found nothing.
    let popped = 0;
    // The arrays in locals (see scanItems): the outer arrays stay, a rebuilt node's entry is replaced in them.
    const { edgeTarget, edgeCost } = this;
    for (;;) {
      if (size === 0) {
        if (!appliedSinceRestart || clock() >= deadline) break;
        appliedSinceRestart = false;
        restart();
      }
      const node = queue[head]!;
      if (++head === nodeCount) head = 0;
      size--;
      queued[node] = 0;
      const base = label[node]!;
      const targets = edgeTarget[node]!;
      const costs = edgeCost[node]!;
      for (let edge = 0; edge < targets.length; edge++) {
        const target = targets[edge]!;
        const reached = base + costs[edge]!;
        if (!(reached < label[target]! - labelEpsilon)) continue;
        label[target] = reached;
        // A negative cycle closes when the target is among the node's near ancestors: cancelled at
        // once, before the labels run down around it and across the graph.
        let ancestor = node;
        for (let steps = 0; ancestor !== -1 && ancestor !== target && steps < nearAncestors; steps++) ancestor = parent[ancestor]!;
        parent[target] = node;
        push(target);
        if (ancestor === target) {
          const path: number[] = [];
          for (let member = node; member !== target; member = parent[member]!) path.push(member);
          path.push(target);
          cancelCycle(path.reverse());
          if (edgeTarget[node] !== targets) break; // the node's edges were rebuilt
        }
      }
      // The clock every 256 nodes (a pass over national's 3,225 nodes, with the cycles it applies, ran
      // 0.1 s past the deadline); about once per pass, the cycles too long for the ancestor check.
      if ((++popped & 255) === 0 && clock() >= deadline) break;
      if (popped % nodeCount !== 0) continue;
      for (const cycle of predecessorCycles(parent)) cancelCycle(cycle);
    }
    return improved;
  }

  /** Drops the edge from → to (it led to a cycle the state refused), until `from` is rebuilt. */
  private dropEdge(from: number, to: number): void {
    const edge = this.edgeTarget[from]!.indexOf(to);
    if (edge === -1) return;
    if (this.sharedEdges[from]) {
      this.edgeCost[from] = Float64Array.from(this.edgeCost[from]!);
      this.sharedEdges[from] = 0;
    }
    this.edgeCost[from]![edge] = Infinity;
  }

  /**
   * A bin's edges: the cache's when its members are the same as when they were built (the edges depend
   * on the members alone: their arcs, and the load they make), else built and cached. Heavy moves build
   * a graph per weight after every forced move, which changes a few bins: on the 400-case sample,
   * building every bin afresh was a third of their time.
   */
  private edgesOf(bin: number): void {
    const { cache, state } = this;
    const signature = state.binSignature[bin]!;
    const cached = cache.signature[bin] === signature ? cache.edges[bin] : undefined;
    if (cached) {
      this.edgeTarget[bin] = cached.target;
      this.edgeCost[bin] = cached.cost;
      this.edgeItem[bin] = cached.item;
      this.edgeArc[bin] = cached.arc;
      this.sharedEdges[bin] = 1;
      return;
    }
    this.buildBin(bin);
    cache.signature[bin] = signature;
    cache.edges[bin] = { target: this.edgeTarget[bin]!, cost: this.edgeCost[bin]!, item: this.edgeItem[bin]!, arc: this.edgeArc[bin]! };
    this.sharedEdges[bin] = 1;
  }

  /** Applies the moves along `cycle` (nodes in order, each passing to the next) if they lower the objective. */
  private apply(cycle: readonly number[]): boolean {
    const { state } = this;
    const moves: { item: number; arc: number }[] = [];
    let change = 0;
    for (let at = 0; at < cycle.length; at++) {
      const from = cycle[at]!;
      const to = cycle[(at + 1) % cycle.length]!;
      const edge = this.edgeTarget[from]!.indexOf(to);
      if (edge === -1) return false; // the predecessor came from an edge rebuilt since
      change += this.edgeCost[from]![edge]!;
      const item = this.edgeItem[from]![edge]!;
      if (item !== -1) moves.push({ item, arc: this.edgeArc[from]![edge]! });
    }
    if (!(change < -labelEpsilon)) return false;
    const before = state.objective;
    state.begin();
    for (const { item } of moves) if (state.itemArc[item] !== -1) state.remove(item);
    let fits = true;
    for (const { item, arc } of moves) {
      if (arc === -1) continue;
      if (!state.canPlace(item, arc)) {
        fits = false;
        break;
      }
      state.place(item, arc);
    }
    if (!fits || !isBetter(state.objective, before)) {
      state.rollback();
      return false;
    }
    state.commit();
    for (const node of cycle) if (node < this.out) this.edgesOf(node);
    // Left-out cases change only through the out node, loads only through the room node.
    if (cycle.includes(this.out)) {
      for (const { item, arc } of moves) {
        if (arc === -1) this.leftOut.add(item);
        else this.leftOut.delete(item);
      }
      this.buildOut();
    }
    if (cycle.includes(this.room)) for (const node of cycle) if (node < this.out) this.refreshRoomEdge(node);
    return true;
  }

  /** The cheapest case offered to `target` so far; among equally cheap ones the lowest item, so that a bin's edges depend on its members alone, not on the order they came in (see edgesOf). */
  private offer(target: number, cost: number, item: number, arc: number): void {
    const known = this.offerCost[target]!;
    if (known === Infinity) this.offered.push(target);
    if (cost < known || (cost === known && item < this.offerItem[target]!)) {
      this.offerCost[target] = cost;
      this.offerItem[target] = item;
      this.offerArc[target] = arc;
    }
  }

  /** Turns the offers made into `node`'s edges, and clears them. */
  private settle(node: number): void {
    // In target order, not the order the offers came in: the edges depend on the members alone (see edgesOf).
    this.offered.sort((a, b) => a - b);
    const count = this.offered.length;
    const targets = new Int32Array(count);
    const costs = new Float64Array(count);
    const items = new Int32Array(count);
    const arcs = new Int32Array(count);
    for (let at = 0; at < count; at++) {
      const target = this.offered[at]!;
      targets[at] = target;
      costs[at] = this.offerCost[target]!;
      items[at] = this.offerItem[target]!;
      arcs[at] = this.offerArc[target]!;
      this.offerCost[target] = Infinity;
    }
    this.offered.length = 0;
    this.edgeTarget[node] = targets;
    this.edgeCost[node] = costs;
    this.edgeItem[node] = items;
    this.edgeArc[node] = arcs;
  }

  private buildBin(bin: number): void {
    const { state, weight } = this;
    const model = state.model;
    // The arrays in locals: rebuilt after every cycle applied, this loop is a quarter of the cycles' time.
    const { arcStart, arcBin, arcCost, arcWeight, itemPinnedArc } = model;
    const { itemArc, penalty } = state;
    for (const member of state.binItems[bin]!) {
      const arc = itemArc[member]!;
      if (arcWeight[arc] !== weight || itemPinnedArc[member] !== -1) continue;
      const here = arcCost[arc]!;
      const end = arcStart[member + 1]!;
      for (let other = arcStart[member]!; other < end; other++) {
        const to = arcBin[other]!;
        if (to !== bin && arcWeight[other] === weight) this.offer(to, arcCost[other]! - here, member, other);
      }
      this.offer(this.out, penalty[member]! - here, member, -1);
    }
    const load = state.binLoad[bin]!;
    const capacity = model.binCapacity[bin]!;
    if (load + weight <= capacity + capacityTolerance(capacity)) this.offer(this.room, overloadCost(model, bin, load + weight) - overloadCost(model, bin, load), -1, -1);
    this.settle(bin);
  }

  private buildOut(): void {
    const { state, weight } = this;
    const model = state.model;
    for (const item of this.leftOut) {
      for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
        if (model.arcWeight[arc] === weight) this.offer(model.arcBin[arc]!, model.arcCost[arc]! - state.penalty[item]!, item, arc);
      }
    }
    this.offer(this.room, 0, -1, -1);
    this.settle(this.out);
  }

  /** Room → every bin (in bin order, so that one bin's edge is refreshed in place), and → out. */
  private buildRoom(): void {
    const binCount = this.state.model.binCount;
    const targets = new Int32Array(binCount + 1);
    for (let node = 0; node <= binCount; node++) targets[node] = node;
    this.edgeTarget[this.room] = targets;
    this.edgeCost[this.room] = new Float64Array(binCount + 1);
    this.edgeItem[this.room] = new Int32Array(binCount + 1).fill(-1);
    this.edgeArc[this.room] = new Int32Array(binCount + 1).fill(-1);
    for (let bin = 0; bin < binCount; bin++) this.refreshRoomEdge(bin);
  }

  /** Room → bin: what giving up one case costs the bin (its overload falls), closed when it has none to give. */
  private refreshRoomEdge(bin: number): void {
    const { state, weight } = this;
    const load = state.binLoad[bin]!;
    this.edgeCost[this.room]![bin] = load >= weight - 1e-9 ? overloadCost(state.model, bin, load - weight) - overloadCost(state.model, bin, load) : Infinity;
  }
}

/** Per model and weight, the edges last built for each bin (undefined before any) and the bin's signature then (see TransferGraph.edgesOf). */
interface BinEdgeCache {
  signature: Int32Array;
  edges: ({ target: Int32Array; cost: Float64Array; item: Int32Array; arc: Int32Array } | undefined)[];
}

const binEdgeCaches = new WeakMap<AssignmentModel, Map<number, BinEdgeCache>>();

function binEdgeCache(model: AssignmentModel, weight: number): BinEdgeCache {
  let byWeight = binEdgeCaches.get(model);
  if (!byWeight) binEdgeCaches.set(model, (byWeight = new Map()));
  let cache = byWeight.get(weight);
  if (!cache) byWeight.set(weight, (cache = { signature: new Int32Array(model.binCount), edges: new Array(model.binCount) }));
  return cache;
}

/** The cycles of a predecessor graph (each node at most one predecessor, so they are node-disjoint), nodes in path order. */
function predecessorCycles(parent: Int32Array): number[][] {
  const cycles: number[][] = [];
  const walk = new Int32Array(parent.length); // 0 unseen, s + 1 on the walk from s, -1 done
  for (let start = 0; start < parent.length; start++) {
    let node = start;
    while (node !== -1 && walk[node] === 0) {
      walk[node] = start + 1;
      node = parent[node]!;
    }
    if (node !== -1 && walk[node] === start + 1) {
      const cycle: number[] = [];
      let member = node;
      do {
        cycle.push(member);
        member = parent[member]!;
      } while (member !== node);
      cycles.push(cycle.reverse());
    }
    for (let member = start; member !== -1 && walk[member] === start + 1; member = parent[member]!) walk[member] = -1;
  }
  return cycles;
}
