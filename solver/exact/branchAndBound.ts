import { DualSimplex, type BasisSnapshot } from './dualSimplex.js';
import { coverCuts, knapsackRows } from './coverCuts.js';
import { gomoryCuts } from './gomoryCuts.js';
import { mirCuts, mixedKnapsackRows } from './mirCuts.js';
import { Pseudocosts } from './pseudocosts.js';
import { withRows, withoutRows, type SparseProgram } from './sparseProgram.js';

/**
 * Branch and bound over a small 0-1 program, on our own dual simplex: every node starts from the basis
 * the last node left (still dual feasible, whatever bounds changed), dives towards the LP value of the
 * variable it branched on, and leaves the other child in a best-bound heap.
 *
 * Statuses: `optimal` — `values` is an optimum (within `gapTolerance`, relative) and `bound` ≤ the
 * optimum; `time_limit` — stopped by the clock or the caller, `values` the best point found,
 * `bound` ≤ the optimum; `infeasible` — no integer point exists; `failed` — the simplex lost its way
 * (a singular basis), nothing is claimed. `values` is null where no point beat `incumbentObjective`.
 */
export interface MipOutcome {
  status: 'optimal' | 'time_limit' | 'infeasible' | 'failed';
  values: Float64Array | null;
  objective: number;
  bound: number;
  nodes: number;
  /** Dual simplex pivots over the whole search. */
  pivots: number;
}

export interface BranchAndBoundSettings {
  deadline: number;
  clock: () => number;
  shouldStop?: () => boolean;
  /**
   * Asked between nodes and every few dozen pivots with the incumbent's objective and the search's
   * bound (cost·x, -Infinity before the root is solved): true hands the search back as `time_limit`.
   */
  stopWhen?: (objective: number, bound: number) => boolean;
  /** Relative gap (on the objective plus `objectiveConstant`) at which a node is pruned. */
  gapTolerance: number;
  /** What the caller adds to cost·x for its objective; the gap is relative to that sum. */
  objectiveConstant: number;
  /** The objective (cost·x) of a point the caller already holds: the first cutoff. */
  incumbentObjective?: number;
  /**
   * The exact objective (cost·x) of an integral LP point, or null when the caller's own check rejects
   * it (a rounding the LP tolerances let through).
   */
  evaluate: (values: Float64Array) => number | null;
  /**
   * A point the caller builds from a fractional LP solution (its rounding heuristic), returned as its
   * objective (cost·x), or null if it built none. The caller keeps the point itself.
   */
  propose?: (values: Float64Array) => number | null;
  /** Candidates measured by strong branching at a node (default 16; 0: pseudocosts alone). */
  strongBranchingCandidates?: number;
}

const integralityTolerance = 1e-6;
const maxCutRounds = 50;
const maxCutsPerRound = 30;
/** A round of cuts is worth another while it closes at least this share of the remaining gap. */
const minCutGain = 0.002;
/** Weak rounds in a row that end the cuts: with 2, exact-15 stopped one round before the one that proved it. */
const maxWeakCutRounds = 4;
/** Nodes between two calls of the caller's rounding heuristic (and the root). */
const proposeEvery = 16;
/** Pivots each child gets in strong branching. */
const strongBranchingPivots = 25;
const iterationsPerNode = 50_000;

export function branchAndBound(givenProgram: SparseProgram, settings: BranchAndBoundSettings): MipOutcome {
  let program = givenProgram;
  let simplex = new DualSimplex(program);
  const n = program.columnCount;
  let incumbent: Float64Array | null = null;
  let incumbentObjective = settings.incumbentObjective ?? Infinity;
  const rootReducedCost = new Float64Array(n);
  const globalLower = new Float64Array(n);
  const globalUpper = Float64Array.from(program.upper);
  const cutoffOf = () => (incumbentObjective === Infinity ? Infinity : incumbentObjective - settings.gapTolerance * Math.max(1, Math.abs(incumbentObjective + settings.objectiveConstant)));

  // Nodes as flat parallel arrays: a node fixes one variable below its parent.
  let nodeParent = new Int32Array(1024);
  let nodeVariable = new Int32Array(1024);
  let nodeLevel = new Uint8Array(1024);
  let nodeBound = new Float64Array(1024);
  /** The parent's LP value of the variable the node fixes, for the pseudocosts. */
  let nodeValue = new Float64Array(1024);
  let nodeCount = 0;
  const addNode = (parent: number, variable: number, level: number, bound: number, value: number) => {
    if (nodeCount === nodeParent.length) {
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(array: T): T => {
        const larger = new (array.constructor as new (length: number) => T)(array.length * 2);
        larger.set(array);
        return larger;
      };
      [nodeParent, nodeVariable, nodeLevel, nodeBound, nodeValue] = [grow(nodeParent), grow(nodeVariable), grow(nodeLevel), grow(nodeBound), grow(nodeValue)];
    }
    nodeParent[nodeCount] = parent;
    nodeVariable[nodeCount] = variable;
    nodeLevel[nodeCount] = level;
    nodeBound[nodeCount] = bound;
    nodeValue[nodeCount] = value;
    return nodeCount++;
  };
  const open = new BoundHeap();
  /** Bounds of nodes whose integral point the caller rejected: still unexplored for the proof. */
  let rejectedBound = Infinity;

  /** The node's bounds on the simplex; false when they contradict (a fixing since made the other way). */
  const applyBounds = (node: number): boolean => {
    simplex.lower.set(globalLower, 0);
    simplex.upper.set(globalUpper, 0);
    let consistent = true;
    for (let at = node; at > 0; at = nodeParent[at]!) {
      const variable = nodeVariable[at]!;
      if (nodeLevel[at]) simplex.lower[variable] = 1;
      else simplex.upper[variable] = 0;
      if (simplex.lower[variable]! > simplex.upper[variable]!) consistent = false;
    }
    return consistent;
  };

  /** The search's bound as last known (the root's, then the least open node's). */
  let knownBound = -Infinity;
  const outOfTime = () => settings.clock() >= settings.deadline || settings.shouldStop?.() === true || settings.stopWhen?.(incumbentObjective, knownBound) === true;

  // Rounds of cuts at the root while they lift the bound, cover cuts on the knapsack rows (courts'
  // capacities) first, then MIR cuts on the mixed ones (soft capacities with their overload column),
  // then Gomory cuts: a few weak rounds in a row end them (which cuts a basis gives varies a lot
  // between optimal bases of the same LP), and so does doubling the rows, since every pivot costs
  // rows². The covers took exact-7 and exact-15 (reciprocity forbidden and a pair limit) to their proof
  // at the root (2.4 → 0.5 s, 5.8 → 0.6 s); the MIR cuts tiny-101 and tiny-104 (15 → 1 and 209 → 1
  // nodes) and three of the six slices of small-201 that the search did not finish in 10 s.
  const rowLimit = program.rowCount + Math.max(maxCutsPerRound, program.rowCount);
  const knapsacks = knapsackRows(givenProgram);
  const mixedKnapsacks = mixedKnapsackRows(givenProgram);
  /** The LP point: each cut round's, then each node's. */
  const values = new Float64Array(n);
  let lastBound = -Infinity;
  let weakRounds = 0;
  for (let round = 0; round < maxCutRounds && !outOfTime(); round++) {
    if (simplex.solve(cutoffOf(), iterationsPerNode, outOfTime) !== 'optimal') break;
    // The caller's rounding of each round's LP point: the gap a round is weighed against is then
    // the real one, not the greedy start's (tiny-104: 83 % above the optimum before it, 1.3 % after).
    if (settings.propose) {
      for (let j = 0; j < n; j++) values[j] = simplex.value(j);
      const proposed = settings.propose(values);
      if (proposed !== null && proposed < incumbentObjective) incumbentObjective = proposed;
    }
    const bound = simplex.bound;
    const gapLeft = incumbentObjective === Infinity ? Math.abs(bound) : incumbentObjective - bound;
    weakRounds = bound - lastBound < minCutGain * gapLeft ? weakRounds + 1 : 0;
    if (weakRounds > maxWeakCutRounds || program.rowCount >= rowLimit) break;
    lastBound = Math.max(lastBound, bound);
    // Up to a round's worth of each kind, within the row limit.
    const rowsLeft = rowLimit - program.rowCount;
    const covers = coverCuts(simplex, program, knapsacks, Math.min(maxCutsPerRound, rowsLeft));
    const roundings = mirCuts(simplex, program, mixedKnapsacks, Math.min(maxCutsPerRound, rowsLeft - covers.length));
    const cuts = [...covers, ...roundings, ...gomoryCuts(simplex, program, Math.min(maxCutsPerRound, rowsLeft - covers.length - roundings.length))];
    if (cuts.length === 0) break;
    const extendedProgram = withRows(program, cuts);
    [program, simplex] = [extendedProgram, simplex.extendedTo(extendedProgram, cuts)];
  }

  // Cuts the LP optimum no longer leans on only make every pivot in the tree dearer (rows²): out.
  const slackCuts = simplex.slackRows(givenProgram.rowCount);
  if (slackCuts.length > 0) {
    const reducedProgram = withoutRows(program, slackCuts);
    [program, simplex] = [reducedProgram, simplex.reducedTo(reducedProgram, slackCuts)];
  }

  let current = addNode(-1, -1, 0, -Infinity, 0);
  const pseudocosts = new Pseudocosts(n);
  /** Reused by every node's strong branching (the program no longer grows once the search starts). */
  let basisStore: BasisSnapshot | undefined;
  let processed = 0;
  let rootBound = -Infinity;
  let stopped = false;
  /** A valid bound on the node a stop interrupted (its LP's duals so far). */
  let interruptedBound = -Infinity;
  while (current !== -1) {
    if (current !== 0) knownBound = Math.max(rootBound, Math.min(open.minimum(), nodeBound[current]!));
    if (outOfTime()) {
      stopped = true;
      break;
    }
    processed++;
    const cutoff = cutoffOf();
    // Reduced-cost fixing may have closed a variable this node fixed the other way: no point there.
    const status = applyBounds(current) ? simplex.solve(cutoff, iterationsPerNode, outOfTime) : 'infeasible';
    if (status === 'iteration_limit' && outOfTime()) {
      interruptedBound = simplex.safeBound();
      stopped = true;
      break;
    }
    if (status === 'failed' || status === 'iteration_limit') return { status: 'failed', values: incumbent, objective: incumbentObjective, bound: -Infinity, nodes: processed, pivots: simplex.iterations };
    let next = -1;
    if (status === 'optimal') {
      const bound = Math.max(nodeBound[current]!, simplex.bound);
      if (current !== 0) pseudocosts.record(nodeVariable[current]!, nodeLevel[current] as 0 | 1, nodeValue[current]!, bound - nodeBound[current]!);
      if (current === 0) {
        rootBound = bound;
        rootReducedCost.set(simplex.trueReducedCost.subarray(0, n));
        fixByReducedCost(rootReducedCost, program, globalLower, globalUpper, rootBound, incumbentObjective);
      }
      if (bound < cutoff) {
        for (let j = 0; j < n; j++) values[j] = simplex.value(j);
        let parentBasis: BasisSnapshot | undefined;
        const branching = branchingVariable(program, values, pseudocosts, settings.strongBranchingCandidates ?? 16, (variable, level) => {
          // Strong branching: the child's LP for a few pivots from the parent's basis (kept apart and
          // restored after each probe); the dual simplex's bound is valid at any pivot.
          parentBasis ??= simplex.saveBasis(basisStore);
          basisStore = parentBasis;
          const [lower, upper] = [simplex.lower[variable]!, simplex.upper[variable]!];
          if (level === 1) simplex.lower[variable] = 1;
          else simplex.upper[variable] = 0;
          const trial = simplex.solve(cutoff, strongBranchingPivots);
          const childBound = trial === 'infeasible' || trial === 'cutoff' ? Infinity : trial === 'iteration_limit' ? simplex.safeBound() : simplex.bound;
          [simplex.lower[variable], simplex.upper[variable]] = [lower, upper];
          simplex.restoreBasis(parentBasis);
          // A child that cannot beat the incumbent counts as rising to it: a finite, large pseudocost.
          return trial === 'failed' ? 0 : Math.min(childBound, cutoff === Infinity ? bound + Math.abs(bound) : cutoff) - bound;
        }, outOfTime);
        if (branching === -1) {
          const point = values.map((value, j) => (program.integer[j] ? Math.round(value) : value));
          const objective = settings.evaluate(point);
          if (objective === null) rejectedBound = Math.min(rejectedBound, bound);
          else if (objective < incumbentObjective) {
            incumbent = point;
            incumbentObjective = objective;
            if (rootBound > -Infinity) fixByReducedCost(rootReducedCost, program, globalLower, globalUpper, rootBound, incumbentObjective);
          }
        } else {
          // (The root's point was rounded in the last round of cuts.)
          if (settings.propose && current !== 0 && processed % proposeEvery === 0) {
            const proposed = settings.propose(values);
            if (proposed !== null && proposed < incumbentObjective) {
              incumbentObjective = proposed;
              if (rootBound > -Infinity) fixByReducedCost(rootReducedCost, program, globalLower, globalUpper, rootBound, incumbentObjective);
            }
          }
          const up = values[branching]! >= 0.5 ? 1 : 0;
          const divedInto = addNode(current, branching, up, bound, values[branching]!);
          open.push(addNode(current, branching, 1 - up, bound, values[branching]!), bound);
          next = divedInto;
        }
      }
    }
    if (next === -1) {
      const cutoffNow = cutoffOf();
      next = -1;
      while (open.size > 0) {
        const candidate = open.pop();
        if (nodeBound[candidate]! < cutoffNow) {
          next = candidate;
          break;
        }
      }
    }
    current = next;
  }

  if (stopped) {
    const bound = Math.max(rootBound, Math.min(rejectedBound, incumbentObjective, Math.max(nodeBound[current]!, interruptedBound), open.minimum()));
    return { status: 'time_limit', values: incumbent, objective: incumbentObjective, bound, nodes: processed, pivots: simplex.iterations };
  }
  if (incumbentObjective === Infinity) {
    return rejectedBound < Infinity ? { status: 'failed', values: null, objective: Infinity, bound: -Infinity, nodes: processed, pivots: simplex.iterations } : { status: 'infeasible', values: null, objective: Infinity, bound: Infinity, nodes: processed, pivots: simplex.iterations };
  }
  // Every node ended infeasible, rejected, or pruned at a bound ≥ the cutoff of its time (the cutoff
  // only falls); the root's bound holds everywhere.
  const bound = Math.min(incumbentObjective, Math.max(rootBound, Math.min(rejectedBound, cutoffOf())));
  return { status: 'optimal', values: incumbent, objective: incumbentObjective, bound, nodes: processed, pivots: simplex.iterations };
}

/**
 * The fractional 0-1 variable to branch on: the best pseudocost score, where a candidate whose
 * pseudocosts have not been seen in a direction is first measured by `probe` (the rise of the bound in
 * that child, reliability branching). -1 when every 0-1 variable is integral.
 */
function branchingVariable(program: SparseProgram, values: Float64Array, pseudocosts: Pseudocosts, strongBranchingCandidates: number, probe: (variable: number, level: 0 | 1) => number, outOfTime: () => boolean): number {
  const fractional: number[] = [];
  for (let j = 0; j < program.columnCount; j++) {
    if (program.integer[j] && Math.abs(values[j]! - Math.round(values[j]!)) > integralityTolerance) fractional.push(j);
  }
  if (fractional.length === 0) return -1;
  fractional.sort((a, b) => pseudocosts.score(b, values[b]!) - pseudocosts.score(a, values[a]!) || a - b);
  let best = fractional[0]!;
  let bestScore = -Infinity;
  for (const [rank, j] of fractional.entries()) {
    // Probes on a large program take long (32 of 25 pivots each): none once the time is up.
    if (rank < strongBranchingCandidates && !outOfTime()) {
      for (const level of [0, 1] as const) if (!pseudocosts.isReliable(j, level)) pseudocosts.record(j, level, values[j]!, probe(j, level));
    }
    const score = pseudocosts.score(j, values[j]!);
    if (score > bestScore) [best, bestScore] = [j, score];
  }
  return best;
}

/**
 * Reduced-cost fixing at the root: a 0-1 variable whose move off its bound would lift the root's
 * Lagrangian bound past the incumbent takes no part in any better point.
 */
function fixByReducedCost(reducedCost: Float64Array, program: SparseProgram, globalLower: Float64Array, globalUpper: Float64Array, rootBound: number, incumbentObjective: number): void {
  if (incumbentObjective === Infinity) return;
  const room = incumbentObjective - rootBound;
  for (let j = 0; j < program.columnCount; j++) {
    if (!program.integer[j] || globalLower[j] === globalUpper[j]) continue;
    const d = reducedCost[j]!;
    if (d > room) globalUpper[j] = 0;
    else if (-d > room) globalLower[j] = 1;
  }
}

/** Open nodes by bound: a binary heap as flat arrays (ids and keys side by side). */
class BoundHeap {
  private ids = new Int32Array(256);
  private keys = new Float64Array(256);
  size = 0;

  push(id: number, key: number): void {
    if (this.size === this.ids.length) {
      const ids = new Int32Array(this.size * 2);
      const keys = new Float64Array(this.size * 2);
      ids.set(this.ids);
      keys.set(this.keys);
      [this.ids, this.keys] = [ids, keys];
    }
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.ids[at] = this.ids[parent]!;
      this.keys[at] = this.keys[parent]!;
      at = parent;
    }
    this.ids[at] = id;
    this.keys[at] = key;
  }

  pop(): number {
    const top = this.ids[0]!;
    const lastId = this.ids[--this.size]!;
    const lastKey = this.keys[this.size]!;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= lastKey) break;
      this.ids[at] = this.ids[child]!;
      this.keys[at] = this.keys[child]!;
      at = child;
    }
    this.ids[at] = lastId;
    this.keys[at] = lastKey;
    return top;
  }

  minimum(): number {
    return this.size > 0 ? this.keys[0]! : Infinity;
  }
}
