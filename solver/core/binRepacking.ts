import { arcsByBin, type AssignmentModel } from './assignmentModel.js';
import type { AssignmentState } from './assignmentState.js';
import { bestShift, isBetter } from './primalHeuristics.js';

/** Largest capacity (in weight units) a bin may have for the exact knapsack; larger bins are skipped. */
const maxKnapsackCapacity = 20_000;

/**
 * Re-packs one bin at a time as a knapsack: its members and the left-out items that could go there
 * compete for its capacity, each worth what it saves by being in this bin rather than at its best
 * place outside (another bin with room, or out). Items whose weights fit exactly — four unit cases
 * in place of two double ones — are found here when no chain of single moves leads to them. The
 * new packing is applied, displaced members go to their best other place, and the change is kept
 * only if the objective falls.
 */
export class BinRepacking {
  private readonly binArcStart: Int32Array;
  private readonly binArc: Int32Array;
  private readonly arcItem: Int32Array;

  constructor(private readonly model: AssignmentModel) {
    ({ start: this.binArcStart, arc: this.binArc, arcItem: this.arcItem } = arcsByBin(model));
  }

  /** Re-packs every bin (or each of `among`) that some left-out item could use; returns whether any bin improved. */
  improve(state: AssignmentState, deadline: number, clock: () => number, among?: Iterable<number>): boolean {
    let improvedAny = false;
    let checked = 0;
    for (const bin of among ?? this.allBins()) {
      if ((checked++ & 15) === 0 && clock() >= deadline) break;
      if (this.hasLeftOutCandidate(state, bin) && this.repack(state, bin)) improvedAny = true;
    }
    return improvedAny;
  }

  private *allBins(): Iterable<number> {
    for (let bin = 0; bin < this.model.binCount; bin++) yield bin;
  }

  private hasLeftOutCandidate(state: AssignmentState, bin: number): boolean {
    for (let at = this.binArcStart[bin]!; at < this.binArcStart[bin + 1]!; at++) {
      const item = this.arcItem[this.binArc[at]!]!;
      if (state.itemArc[item] === -1 && this.model.itemPinnedArc[item] === -1) return true;
    }
    return false;
  }

  private repack(state: AssignmentState, bin: number): boolean {
    const model = this.model;
    let capacity = model.binCapacity[bin]!;
    const candidates: { item: number; arc: number; weight: number; value: number }[] = [];
    for (let at = this.binArcStart[bin]!; at < this.binArcStart[bin + 1]!; at++) {
      const arc = this.binArc[at]!;
      const item = this.arcItem[arc]!;
      const current = state.itemArc[item]!;
      if (model.itemPinnedArc[item] !== -1) {
        if (current === arc) capacity -= model.arcWeight[arc]!;
        continue;
      }
      if (current !== -1 && current !== arc) continue; // placed elsewhere: not part of this bin's contest
      const outside = current === arc ? this.bestOutsideCost(state, item, bin) : state.penalty[item]!;
      const value = outside - model.arcCost[arc]!;
      if (value > 0) candidates.push({ item, arc, weight: model.arcWeight[arc]!, value });
    }
    if (!candidates.every((candidate) => Number.isInteger(candidate.weight)) || capacity > maxKnapsackCapacity) return false;
    const chosen = knapsack(candidates, Math.floor(capacity + 1e-9));
    const before = state.objective;
    state.begin();
    const displaced: number[] = [];
    for (const [index, candidate] of candidates.entries()) {
      if (!chosen[index] && state.itemArc[candidate.item] === candidate.arc) {
        state.remove(candidate.item);
        displaced.push(candidate.item);
      }
    }
    for (const [index, candidate] of candidates.entries()) {
      if (chosen[index] && state.itemArc[candidate.item] !== candidate.arc) {
        if (!state.canPlace(candidate.item, candidate.arc)) {
          state.rollback();
          return false;
        }
        state.place(candidate.item, candidate.arc);
      }
    }
    for (const item of displaced) {
      const [, arc] = bestShift(state, item);
      if (arc !== -1 && state.itemArc[item] === -1) state.place(item, arc);
    }
    if (isBetter(state.objective, before)) {
      state.commit();
      return true;
    }
    state.rollback();
    return false;
  }

  /** Cheapest place for a member of `bin` other than this bin: an arc with room now, or out. */
  private bestOutsideCost(state: AssignmentState, item: number, bin: number): number {
    const model = this.model;
    let best = state.penalty[item]!;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      if (model.arcBin[arc] === bin || model.arcCost[arc]! >= best) continue;
      if (state.canPlace(item, arc)) best = model.arcCost[arc]!;
    }
    return best;
  }
}

/** 0-1 knapsack by dynamic programming over integer capacity; returns the chosen flags. */
function knapsack(candidates: readonly { weight: number; value: number }[], capacity: number): boolean[] {
  const count = candidates.length;
  const best = new Float64Array(capacity + 1);
  // take[i * (capacity + 1) + c]: candidate i improves the best value at capacity c.
  const take = new Uint8Array(count * (capacity + 1));
  for (let index = 0; index < count; index++) {
    const { weight, value } = candidates[index]!;
    for (let room = capacity; room >= weight; room--) {
      const withIt = best[room - weight]! + value;
      if (withIt > best[room]!) {
        best[room] = withIt;
        take[index * (capacity + 1) + room] = 1;
      }
    }
  }
  const chosen = new Array<boolean>(count).fill(false);
  for (let index = count - 1, room = capacity; index >= 0; index--) {
    if (take[index * (capacity + 1) + room]) {
      chosen[index] = true;
      room -= candidates[index]!.weight;
    }
  }
  return chosen;
}

