import type { AssignmentState } from './assignmentState.js';
import { bestShift } from './primalHeuristics.js';

/**
 * A kick for iterated local search: empty part of two related bins (a random bin and one its
 * members could move to) and put the removed items back in random order, each at its best place
 * now. Local search then repairs from there; the caller keeps the result only if it beats the best.
 */
export function perturbBins(state: AssignmentState, random: () => number, share = 0.5): void {
  const model = state.model;
  const occupied: number[] = [];
  for (let bin = 0; bin < model.binCount; bin++) if (state.binItems[bin]!.length > 0) occupied.push(bin);
  if (occupied.length === 0) return;
  const first = occupied[Math.floor(random() * occupied.length)]!;
  const members = state.binItems[first]!;
  const pivot = members[Math.floor(random() * members.length)]!;
  const arcs = model.arcStart[pivot + 1]! - model.arcStart[pivot]!;
  const second = model.arcBin[model.arcStart[pivot]! + Math.floor(random() * arcs)]!;
  const removed: number[] = [];
  for (const bin of first === second ? [first] : [first, second]) {
    for (const item of [...state.binItems[bin]!]) {
      if (model.itemPinnedArc[item] === -1 && random() < share) {
        state.remove(item);
        removed.push(item);
      }
    }
  }
  for (let at = removed.length - 1; at > 0; at--) {
    const swap = Math.floor(random() * (at + 1));
    [removed[at], removed[swap]] = [removed[swap]!, removed[at]!];
  }
  for (const item of removed) {
    const [, arc] = bestShift(state, item);
    if (arc !== -1) state.place(item, arc);
  }
}
