import { capacityTolerance, overloadCost, pairIndex, type AssignmentModel } from './assignmentModel.js';

/**
 * A mutable assignment with everything a move needs in O(1): the arc per item, each bin's load
 * and members, the count per (origin, bin) pair, and the exact objective, all kept in step by
 * `place` and `remove`. Every placement it makes keeps capacity, pair limits and reciprocity.
 */
export class AssignmentState {
  readonly itemArc: Int32Array;
  readonly binLoad: Float64Array;
  /** Members of each bin, unordered; `slot[item]` is the item's index in its bin's list. */
  readonly binItems: number[][];
  private readonly slot: Int32Array;
  readonly pairCount = new Map<number, number>();
  /**
   * Penalty of leaving each item out. A must-assign item (Infinity in the model) costs more here
   * than every arc cost together, so moves prefer any assignment, and the sums stay finite.
   */
  readonly penalty: Float64Array;
  objective: number;
  /**
   * (origin, bin) pairs closed for now: a heuristic may commit to one direction per court pair before
   * placing anything, then reopen them. Not a rule of the model.
   */
  blockedPairs: Set<number> | null = null;
  /** While a transaction is open: each touched item's arc before it, to roll back compound moves. */
  private journal: Map<number, number> | null = null;
  private journalObjective = 0;

  constructor(readonly model: AssignmentModel) {
    let costCeiling = 1;
    for (let arc = 0; arc < model.arcCost.length; arc++) costCeiling += Math.abs(model.arcCost[arc]!);
    for (let item = 0; item < model.itemCount; item++) if (Number.isFinite(model.itemPenalty[item]!)) costCeiling += model.itemPenalty[item]!;
    costCeiling += model.overloadPerUnit * model.binCapacity.reduce((sum, capacity) => sum + capacity, 0);
    this.penalty = model.itemPenalty.map((penalty) => (Number.isFinite(penalty) ? penalty : costCeiling));
    this.itemArc = new Int32Array(model.itemCount).fill(-1);
    this.binLoad = new Float64Array(model.binCount);
    this.binItems = Array.from({ length: model.binCount }, () => []);
    this.slot = new Int32Array(model.itemCount).fill(-1);
    let objective = model.constantCost;
    for (let item = 0; item < model.itemCount; item++) objective += this.penalty[item]!;
    this.objective = objective;
  }

  /** Copies another state's assignment into this one (same model). */
  copyFrom(other: AssignmentState): void {
    for (let item = 0; item < this.model.itemCount; item++) if (this.itemArc[item] !== -1) this.remove(item);
    for (let item = 0; item < this.model.itemCount; item++) if (other.itemArc[item] !== -1) this.place(item, other.itemArc[item]!);
  }

  /** Whether `item`, currently unplaced, may take `arc` without breaking a hard rule. */
  canPlace(item: number, arc: number): boolean {
    const model = this.model;
    const bin = model.arcBin[arc]!;
    const capacity = model.binCapacity[bin]!;
    if (this.binLoad[bin]! + model.arcWeight[arc]! > capacity + capacityTolerance(capacity)) return false;
    if (model.pairLimit === null && !model.forbidReciprocal && this.blockedPairs === null) return true;
    for (let at = model.originStart[item]!; at < model.originStart[item + 1]!; at++) {
      const origin = model.originBin[at]!;
      if (this.blockedPairs?.has(pairIndex(model, origin, bin))) return false;
      if (model.pairLimit !== null && (this.pairCount.get(pairIndex(model, origin, bin)) ?? 0) + model.originCount[at]! > model.pairLimit) return false;
      if (model.forbidReciprocal && this.pairCount.has(pairIndex(model, bin, origin))) return false;
    }
    return true;
  }

  /** Objective change of placing the unplaced `item` on `arc` (feasibility not checked). */
  placeDelta(item: number, arc: number): number {
    const model = this.model;
    const bin = model.arcBin[arc]!;
    const load = this.binLoad[bin]!;
    return model.arcCost[arc]! - this.penalty[item]! + overloadCost(model, bin, load + model.arcWeight[arc]!) - overloadCost(model, bin, load);
  }

  /** Objective change of removing the placed `item` (leaving it out). */
  removeDelta(item: number): number {
    const model = this.model;
    const arc = this.itemArc[item]!;
    const bin = model.arcBin[arc]!;
    const load = this.binLoad[bin]!;
    return this.penalty[item]! - model.arcCost[arc]! + overloadCost(model, bin, load - model.arcWeight[arc]!) - overloadCost(model, bin, load);
  }

  /** Opens a transaction: `rollback` restores every item touched since, `commit` keeps them. */
  begin(): void {
    this.journal = new Map();
    this.journalObjective = this.objective;
  }

  get inTransaction(): boolean {
    return this.journal !== null;
  }

  commit(): void {
    this.journal = null;
  }

  rollback(): void {
    const journal = this.journal;
    if (!journal) return;
    this.journal = null;
    // Everything touched comes out first; then each goes back where it was, a feasible state.
    for (const item of journal.keys()) if (this.itemArc[item] !== -1) this.remove(item);
    for (const [item, arc] of journal) if (arc !== -1) this.place(item, arc);
    this.objective = this.journalObjective;
  }

  private note(item: number): void {
    if (this.journal && !this.journal.has(item)) this.journal.set(item, this.itemArc[item]!);
  }

  place(item: number, arc: number): void {
    const model = this.model;
    this.note(item);
    this.objective += this.placeDelta(item, arc);
    const bin = model.arcBin[arc]!;
    this.itemArc[item] = arc;
    this.binLoad[bin] += model.arcWeight[arc]!;
    this.slot[item] = this.binItems[bin]!.length;
    this.binItems[bin]!.push(item);
    for (let at = model.originStart[item]!; at < model.originStart[item + 1]!; at++) {
      const key = pairIndex(model, model.originBin[at]!, bin);
      this.pairCount.set(key, (this.pairCount.get(key) ?? 0) + model.originCount[at]!);
    }
  }

  remove(item: number): void {
    const model = this.model;
    this.note(item);
    const arc = this.itemArc[item]!;
    this.objective += this.removeDelta(item);
    const bin = model.arcBin[arc]!;
    this.itemArc[item] = -1;
    this.binLoad[bin] -= model.arcWeight[arc]!;
    if (Math.abs(this.binLoad[bin]!) < 1e-12) this.binLoad[bin] = 0;
    const members = this.binItems[bin]!;
    const last = members.pop()!;
    if (last !== item) {
      members[this.slot[item]!] = last;
      this.slot[last] = this.slot[item]!;
    }
    this.slot[item] = -1;
    for (let at = model.originStart[item]!; at < model.originStart[item + 1]!; at++) {
      const key = pairIndex(model, model.originBin[at]!, bin);
      const count = (this.pairCount.get(key) ?? 0) - model.originCount[at]!;
      if (count > 0) this.pairCount.set(key, count);
      else this.pairCount.delete(key);
    }
  }

  /** Recomputes the objective from scratch: floating drift from many small deltas stays out of results. */
  refreshObjective(): number {
    let objective = this.model.constantCost;
    for (let item = 0; item < this.model.itemCount; item++) {
      const arc = this.itemArc[item]!;
      objective += arc === -1 ? this.penalty[item]! : this.model.arcCost[arc]!;
    }
    for (let bin = 0; bin < this.model.binCount; bin++) objective += overloadCost(this.model, bin, this.binLoad[bin]!);
    this.objective = objective;
    return objective;
  }
}
