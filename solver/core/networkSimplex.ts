/**
 * Minimum-cost flow by the primal network simplex method: a spanning tree of basic arcs, an arc with
 * negative reduced cost entering by block search, the leaving arc chosen by Cunningham's rule (the
 * tree stays strongly feasible, so degenerate pivots cannot cycle). After a pivot only the subtree
 * cut off by the leaving arc is re-hung (parents, depths, potentials), so a pivot costs the size of
 * that subtree, not of the network. Pure and free of I/O; real-valued costs and capacities.
 */
export interface FlowNetwork {
  nodeCount: number;
  /** Supply per node (negative: demand); the supplies sum to zero. */
  supply: Float64Array;
  arcSource: Int32Array;
  arcTarget: Int32Array;
  /** Upper bound per arc (Infinity: none); every lower bound is 0. */
  arcCapacity: Float64Array;
  arcCost: Float64Array;
}

export type FlowOutcome =
  | { kind: 'optimal'; flow: Float64Array; potential: Float64Array }
  | { kind: 'infeasible' }
  | { kind: 'stopped' };

const lower = 1;
const inTree = 0;
const upper = -1;

export interface FlowLimits {
  /** Pivots allowed before giving up (work, not time: the same answer on every machine). */
  maxPivots?: number;
  /** Polled every 256 pivots: true gives up. */
  shouldStop?: () => boolean;
}

/**
 * Solves the network. Potentials are such that cost + potential[source] − potential[target] is 0 on
 * basic arcs, ≥ 0 on arcs without flow and ≤ 0 on saturated ones (within a tolerance relative to the
 * largest cost). `stopped` when a limit ends it first.
 */
export function solveMinCostFlow(network: FlowNetwork, limits: FlowLimits = {}): FlowOutcome {
  const maxPivots = limits.maxPivots ?? Infinity;
  const nodeCount = network.nodeCount;
  const arcCount = network.arcSource.length;
  const root = nodeCount;
  // Arcs 0..arcCount-1 are the network's, then one artificial arc per node to or from the root.
  const total = arcCount + nodeCount;
  const source = new Int32Array(total);
  const target = new Int32Array(total);
  const capacity = new Float64Array(total);
  const cost = new Float64Array(total);
  const flow = new Float64Array(total);
  const state = new Int8Array(total);
  source.set(network.arcSource);
  target.set(network.arcTarget);
  capacity.set(network.arcCapacity);
  cost.set(network.arcCost);
  let largestCost = 0;
  for (let arc = 0; arc < arcCount; arc++) largestCost = Math.max(largestCost, Math.abs(cost[arc]!));
  // An artificial arc costs more than any path of real arcs, so none carries flow at an optimum of a feasible network.
  const artificialCost = (largestCost + 1) * (nodeCount + 1);
  const tolerance = 1e-12 * artificialCost;

  const parent = new Int32Array(nodeCount + 1).fill(-1);
  const pred = new Int32Array(nodeCount + 1).fill(-1);
  const depth = new Int32Array(nodeCount + 1);
  const potential = new Float64Array(nodeCount + 1);
  /** Tree arcs at each node, for re-hanging a subtree. */
  const treeArcs: number[][] = Array.from({ length: nodeCount + 1 }, () => []);
  state.fill(lower, 0, arcCount);
  for (let node = 0; node < nodeCount; node++) {
    const arc = arcCount + node;
    const supply = network.supply[node]!;
    // Supply flows up to the root, demand down from it: a strongly feasible start.
    if (supply >= 0) {
      source[arc] = node;
      target[arc] = root;
      potential[node] = -artificialCost;
    } else {
      source[arc] = root;
      target[arc] = node;
      potential[node] = artificialCost;
    }
    capacity[arc] = Infinity;
    cost[arc] = artificialCost;
    flow[arc] = Math.abs(supply);
    state[arc] = inTree;
    parent[node] = root;
    pred[node] = arc;
    depth[node] = 1;
    treeArcs[node]!.push(arc);
    treeArcs[root]!.push(arc);
  }

  const reducedCost = (arc: number) => cost[arc]! + potential[source[arc]!]! - potential[target[arc]!]!;
  const blockSize = Math.max(10, Math.ceil(Math.sqrt(total)));
  let cursor = 0;
  /** Block search: the most violating arc of the first block that has one, or -1 when none is left. */
  const enteringArc = (): number => {
    let best = -1;
    let bestViolation = -tolerance;
    let inBlock = 0;
    for (let scanned = 0; scanned < total; scanned++) {
      const arc = cursor;
      cursor = cursor + 1 === total ? 0 : cursor + 1;
      const direction = state[arc]!;
      if (direction !== inTree) {
        const violation = direction * reducedCost(arc);
        if (violation < bestViolation) {
          bestViolation = violation;
          best = arc;
        }
      }
      if (++inBlock === blockSize) {
        if (best !== -1) return best;
        inBlock = 0;
      }
    }
    return best;
  };

  /** Whether the tree arc above `node` points up (node → parent). */
  const pointsUp = (node: number) => source[pred[node]!] === node;

  for (let pivots = 0; ; pivots++) {
    if (pivots >= maxPivots || ((pivots & 255) === 255 && limits.shouldStop?.() === true)) return { kind: 'stopped' };
    const entering = enteringArc();
    if (entering === -1) break;
    // Flow goes around the cycle from `first` through the entering arc to `second`, up to the join, down to `first`.
    const forward = state[entering] === lower;
    const first = forward ? source[entering]! : target[entering]!;
    const second = forward ? target[entering]! : source[entering]!;
    let join = first;
    let other = second;
    while (join !== other) {
      if (depth[join]! >= depth[other]!) join = parent[join]!;
      else other = parent[other]!;
    }
    let delta = capacity[entering]!;
    let leavingBelow = -1;
    let leavingSide = 0;
    /** Whether the leaving arc blocks by emptying (it ends without flow) rather than by filling. */
    let leavingEmpties = false;
    // Down from the join to `first`: strict, so that a tie leaves the arc nearest the join (Cunningham).
    for (let node = first; node !== join; node = parent[node]!) {
      const arc = pred[node]!;
      const room = pointsUp(node) ? flow[arc]! : capacity[arc]! - flow[arc]!;
      if (room < delta) {
        delta = room;
        leavingBelow = node;
        leavingSide = 1;
        leavingEmpties = pointsUp(node);
      }
    }
    for (let node = second; node !== join; node = parent[node]!) {
      const arc = pred[node]!;
      const room = pointsUp(node) ? capacity[arc]! - flow[arc]! : flow[arc]!;
      if (room <= delta) {
        delta = room;
        leavingBelow = node;
        leavingSide = 2;
        leavingEmpties = !pointsUp(node);
      }
    }
    if (delta === Infinity) return { kind: 'infeasible' }; // an unbounded cycle: cannot happen with nonnegative-cost cycles
    if (delta > 0) {
      flow[entering] += forward ? delta : -delta;
      for (let node = first; node !== join; node = parent[node]!) flow[pred[node]!] += pointsUp(node) ? -delta : delta;
      for (let node = second; node !== join; node = parent[node]!) flow[pred[node]!] += pointsUp(node) ? delta : -delta;
    }
    if (leavingSide === 0) {
      // The entering arc itself blocks: it goes from one bound to the other, the tree stays.
      state[entering] = forward ? upper : lower;
      continue;
    }
    // Its bound set exactly, by which way it blocked: a sign test on the updated flow could misread rounding.
    const leaving = pred[leavingBelow]!;
    state[leaving] = leavingEmpties ? lower : upper;
    flow[leaving] = leavingEmpties ? 0 : capacity[leaving]!;
    state[entering] = inTree;
    removeTreeArc(treeArcs[leavingBelow]!, leaving);
    removeTreeArc(treeArcs[parent[leavingBelow]!]!, leaving);
    treeArcs[source[entering]!]!.push(entering);
    treeArcs[target[entering]!]!.push(entering);
    // The subtree below the leaving arc holds `first` (side 1) or `second` (side 2): hang it from the entering arc.
    const hung = leavingSide === 1 ? first : second;
    const hangFrom = hung === source[entering] ? target[entering]! : source[entering]!;
    rehang(hung, hangFrom, entering);
  }

  for (let node = 0; node < nodeCount; node++) {
    if (flow[arcCount + node]! > tolerance * Math.max(1, Math.abs(network.supply[node]!))) return { kind: 'infeasible' };
  }
  return { kind: 'optimal', flow: flow.slice(0, arcCount), potential: potential.slice(0, nodeCount) };

  /** Makes `node` a child of `above` through `arc`, and re-labels its whole subtree (parents, depths, potentials). */
  function rehang(node: number, above: number, arc: number): void {
    const stack = [node];
    parent[node] = above;
    pred[node] = arc;
    while (stack.length > 0) {
      const at = stack.pop()!;
      const up = pred[at]!;
      const over = parent[at]!;
      depth[at] = depth[over]! + 1;
      potential[at] = source[up] === over ? potential[over]! + cost[up]! : potential[over]! - cost[up]!;
      for (const next of treeArcs[at]!) {
        if (next === up) continue;
        const child = source[next] === at ? target[next]! : source[next]!;
        parent[child] = at;
        pred[child] = next;
        stack.push(child);
      }
    }
  }
}

function removeTreeArc(arcs: number[], arc: number): void {
  const at = arcs.indexOf(arc);
  arcs[at] = arcs[arcs.length - 1]!;
  arcs.pop();
}
