import { pairIndex, type AssignmentModel } from './assignmentModel.js';
import type { AssignmentState } from './assignmentState.js';
import { insertByChains } from './ejectionChains.js';
import { bestShift, isBetter } from './primalHeuristics.js';

/**
 * With reciprocity forbidden, each pair of courts carries cases one way at most, and single-item
 * moves cannot turn a pair around: the items going A→B must all leave before one may go B→A.
 * A flip does exactly that: clear A→B, let the items that could go B→A move, re-place the cleared
 * ones wherever is best now, and keep the result only if the objective falls.
 */
export class ReciprocityFlips {
  /**
   * Items with origin A and an arc to bin B, per (A, B) pair index; made at the first flip, not with the
   * search (a pass over every arc: 0.4 s at national scale, which a search with little time left needs
   * for its first plan).
   */
  private candidatesByPair: Map<number, number[]> | null = null;

  constructor(private readonly model: AssignmentModel) {}

  private get candidates(): Map<number, number[]> {
    return (this.candidatesByPair ??= this.pairCandidates());
  }

  private pairCandidates(): Map<number, number[]> {
    const model = this.model;
    const candidates = new Map<number, number[]>();
    for (let item = 0; item < model.itemCount; item++) {
      if (model.itemPinnedArc[item] !== -1) continue;
      for (let at = model.originStart[item]!; at < model.originStart[item + 1]!; at++) {
        const origin = model.originBin[at]!;
        for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
          const key = pairIndex(model, origin, model.arcBin[arc]!);
          const list = candidates.get(key);
          if (list) list.push(item);
          else candidates.set(key, [item]);
        }
      }
    }
    return candidates;
  }

  /** Tries to turn every used pair around once; returns whether any flip was kept. */
  improve(state: AssignmentState, deadline: number, clock: () => number): boolean {
    const model = this.model;
    let improvedAny = false;
    const usedPairs = [...state.pairCount.keys()];
    for (let n = 0; n < usedPairs.length; n++) {
      if ((n & 15) === 0 && clock() >= deadline) break;
      const key = usedPairs[n]!;
      if (!state.pairCount.has(key)) continue;
      const origin = Math.floor(key / model.binCount);
      const bin = key % model.binCount;
      const reverse = this.candidates.get(pairIndex(model, bin, origin));
      if (!reverse) continue;
      if (this.tryFlip(state, origin, bin, reverse, deadline, clock)) improvedAny = true;
    }
    return improvedAny;
  }

  private tryFlip(state: AssignmentState, origin: number, bin: number, reverse: number[], deadline: number, clock: () => number): boolean {
    const model = this.model;
    const before = state.objective;
    const cleared = state.binItems[bin]!.filter((item) => {
      for (let at = model.originStart[item]!; at < model.originStart[item + 1]!; at++) if (model.originBin[at] === origin) return true;
      return false;
    });
    if (cleared.some((item) => model.itemPinnedArc[item] !== -1)) return false;
    state.begin();
    for (const item of cleared) state.remove(item);
    for (const item of reverse) {
      const [delta, arc] = bestShift(state, item);
      if (delta < 0 && arc !== state.itemArc[item]) {
        if (state.itemArc[item] !== -1) state.remove(item);
        if (arc !== -1) state.place(item, arc);
      }
    }
    for (const item of cleared) {
      const [delta, arc] = bestShift(state, item);
      if (delta < 0 && arc !== -1) state.place(item, arc);
    }
    // Whoever is still out (a cleared item, a reverse one that found the bin full) may chain in.
    insertByChains(state, deadline, clock, [...cleared, ...reverse]);
    if (isBetter(state.objective, before)) {
      state.commit();
      return true;
    }
    state.rollback();
    return false;
  }
}
