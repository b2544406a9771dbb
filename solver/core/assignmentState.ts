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

  /**
   * Per bin, the XOR of a hash of each member's arc: unchanged when moves are tried and undone, changed
   * by any net change of members. An item whose bins all keep their signature has nothing new to try.
   */
  readonly binSignature: Int32Array;
  /** Per item, whether its last examination found no improving move, and its bins' signature then. */
  private readonly examined: Uint8Array;
  private readonly examinedSignature: Int32Array;
  /** Pair counts are kept only when a rule reads them (pair limits, reciprocity): otherwise every move would pay for a map. */
  private readonly tracksPairs: boolean;

  constructor(readonly model: AssignmentModel) {
    this.tracksPairs = model.pairLimit !== null || model.forbidReciprocal;
    this.binSignature = new Int32Array(model.binCount);
    this.examined = new Uint8Array(model.itemCount);
    this.examinedSignature = new Int32Array(model.itemCount);
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

  /** Copies another state's assignment into this one (same model): only the items placed differently move. */
  copyFrom(other: AssignmentState): void {
    const itemCount = this.model.itemCount;
    // What the other state examined holds here too, once the bins agree: the moves below change the
    // signatures of exactly the bins where the two differ.
    this.examined.set(other.examined);
    this.examinedSignature.set(other.examinedSignature);
    // Out first, then in: every intermediate state keeps capacity.
    for (let item = 0; item < itemCount; item++) if (this.itemArc[item] !== -1 && this.itemArc[item] !== other.itemArc[item]) this.remove(item);
    for (let item = 0; item < itemCount; item++) if (other.itemArc[item] !== -1 && this.itemArc[item] !== other.itemArc[item]) this.place(item, other.itemArc[item]!);
  }

  /** XOR of the signatures of every bin the item could take: changes when any of them changes. */
  neighbourhoodSignature(item: number): number {
    const model = this.model;
    let signature = 0;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) signature ^= this.binSignature[model.arcBin[arc]!]!;
    return signature;
  }

  /** True when the item was examined without finding a move and none of its bins has changed since. */
  unchangedSinceExamined(item: number): boolean {
    return this.examined[item] === 1 && this.examinedSignature[item] === this.neighbourhoodSignature(item);
  }

  /** Notes that a search found no improving move for the item as things stand. */
  markExamined(item: number): void {
    this.examined[item] = 1;
    this.examinedSignature[item] = this.neighbourhoodSignature(item);
  }

  /** Every item to be examined again (e.g. when a rule outside the bins, such as blocked pairs, changes). */
  forgetExamined(): void {
    this.examined.fill(0);
  }

  /** Whether `item`, currently unplaced, may take `arc` without breaking a hard rule. */
  canPlace(item: number, arc: number): boolean {
    const model = this.model;
    const bin = model.arcBin[arc]!;
    const capacity = model.binCapacity[bin]!;
    if (this.binLoad[bin]! + model.arcWeight[arc]! > capacity + capacityTolerance(capacity)) return false;
    return this.pairRulesAllow(item, arc);
  }

  /** Whether the pair rules (pair limit, reciprocity, blocked pairs) let `item` take `arc` now, room aside. */
  pairRulesAllow(item: number, arc: number): boolean {
    const model = this.model;
    const bin = model.arcBin[arc]!;
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
    this.binSignature[bin] ^= arcHash(arc);
    this.binLoad[bin] += model.arcWeight[arc]!;
    this.slot[item] = this.binItems[bin]!.length;
    this.binItems[bin]!.push(item);
    if (!this.tracksPairs) return;
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
    this.binSignature[bin] ^= arcHash(arc);
    this.binLoad[bin] -= model.arcWeight[arc]!;
    if (Math.abs(this.binLoad[bin]!) < 1e-12) this.binLoad[bin] = 0;
    const members = this.binItems[bin]!;
    const last = members.pop()!;
    if (last !== item) {
      members[this.slot[item]!] = last;
      this.slot[last] = this.slot[item]!;
    }
    this.slot[item] = -1;
    if (!this.tracksPairs) return;
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

/** A well-mixed 32-bit hash of an arc index (murmur3's finaliser). */
function arcHash(arc: number): number {
  let hash = Math.imul(arc ^ (arc >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
