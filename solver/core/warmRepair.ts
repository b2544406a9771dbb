import type { AssignmentState } from './assignmentState.js';
import type { BinRepacking } from './binRepacking.js';
import { insertByChains } from './ejectionChains.js';
import { greedyFill, improveLocally } from './primalHeuristics.js';

export interface WarmRepairSettings {
  price: Float64Array;
  tieBreak: Float64Array;
  repacking: BinRepacking;
  deadline: number;
  clock: () => number;
}

/**
 * Turns a neighbouring plan into an incumbent for this model with work proportional to what
 * changed, not to the model: a what-if scenario (one court's capacity cut, a court closed) leaves
 * most assignments where they were, so only the cases that no longer fit and the courts they
 * touch are searched.
 *
 * 1. Pinned items go on their pins; every other item goes back on its old arc where every rule still
 *    allows it; those that cannot are the displaced.
 * 2. The priced greedy places what is still out (the displaced, and items a raised capacity now has
 *    room for); the bins it fills are touched too.
 * 3. Ejection chains for the displaced, then each touched bin re-packed as a knapsack (which case
 *    of a cut court is worth keeping), then single moves of the displaced.
 */
export function repairWarmStart(state: AssignmentState, itemArc: Int32Array, settings: WarmRepairSettings): void {
  const model = state.model;
  const displaced: number[] = [];
  const touchedBins = new Set<number>();
  // Pins first, wherever the given plan had them (a reference plan may predate the pin).
  for (let item = 0; item < model.itemCount; item++) if (model.itemPinnedArc[item] !== -1) state.place(item, model.itemPinnedArc[item]!);
  for (let item = 0; item < model.itemCount; item++) {
    const arc = itemArc[item]!;
    if (arc === -1 || model.itemPinnedArc[item] !== -1) continue;
    if (state.canPlace(item, arc)) state.place(item, arc);
    else {
      displaced.push(item);
      touchedBins.add(model.arcBin[arc]!);
    }
  }
  const loadBefore = Float64Array.from(state.binLoad);
  greedyFill(state, settings.price, settings.tieBreak);
  for (let bin = 0; bin < model.binCount; bin++) if (state.binLoad[bin]! > loadBefore[bin]!) touchedBins.add(bin);
  if (displaced.length > 0) insertByChains(state, settings.deadline, settings.clock, displaced);
  const bins = [...touchedBins].sort((a, b) => a - b);
  if (bins.length > 0) settings.repacking.improve(state, settings.deadline, settings.clock, bins);
  if (displaced.length > 0) improveLocally(state, Int32Array.from(displaced), settings.deadline, settings.clock);
}
