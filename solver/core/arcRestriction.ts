import type { AssignmentModel } from './assignmentModel.js';
import { relativeGap, type CoreOutcome, type CoreProgress, type CoreSettings } from './coreOutcome.js';

/**
 * A model with fewer arcs than another and everything else the same. `originalArc` maps its arcs
 * back; `restrictedArc` maps the original's forward (-1 where dropped).
 */
export interface RestrictedModel {
  model: AssignmentModel;
  originalArc: Int32Array;
  restrictedArc: Int32Array;
}

/** The model with the arcs `keep` accepts; a pinned arc is always kept. */
export function restrictArcs(model: AssignmentModel, keep: (item: number, arc: number) => boolean): RestrictedModel {
  const arcCount = model.arcBin.length;
  const restrictedArc = new Int32Array(arcCount).fill(-1);
  // Typed arrays filled in place, cut to length at the end: at national scale (1.8 million arcs, each
  // oriented round) a growing array and mapping callbacks took 0.4–0.8 s.
  const kept = new Int32Array(arcCount);
  const arcBin = new Int32Array(arcCount);
  const arcCost = new Float64Array(arcCount);
  const arcWeight = new Float64Array(arcCount);
  let keptCount = 0;
  const arcStart = new Int32Array(model.itemCount + 1);
  const itemPinnedArc = new Int32Array(model.itemCount).fill(-1);
  for (let item = 0; item < model.itemCount; item++) {
    arcStart[item] = keptCount;
    const pinnedArc = model.itemPinnedArc[item]!;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      const pinned = pinnedArc === arc;
      if (!pinned && !keep(item, arc)) continue;
      if (pinned) itemPinnedArc[item] = keptCount;
      restrictedArc[arc] = keptCount;
      kept[keptCount] = arc;
      arcBin[keptCount] = model.arcBin[arc]!;
      arcCost[keptCount] = model.arcCost[arc]!;
      arcWeight[keptCount] = model.arcWeight[arc]!;
      keptCount++;
    }
  }
  arcStart[model.itemCount] = keptCount;
  const originalArc = kept.slice(0, keptCount);
  return {
    model: {
      ...model,
      arcStart,
      arcBin: arcBin.slice(0, keptCount),
      arcCost: arcCost.slice(0, keptCount),
      arcWeight: arcWeight.slice(0, keptCount),
      itemPinnedArc,
    },
    originalArc,
    restrictedArc,
  };
}

/** Where a round on a restricted model starts, and what the search around it knows so far. */
export interface RoundStart {
  /** The round's own seed. */
  seed: string;
  deadline: number;
  /** The plan to start from, in the original model's arcs (an item on a dropped arc starts out). */
  itemArc: Int32Array;
  prices: Float64Array;
  /** The enclosing search's best objective and bound, and when it began: what progress reports. */
  bestObjective: number;
  lowerBound: number;
  started: number;
}

/**
 * One round of `search` on a restricted model, until `start.deadline`; its plan comes back in the
 * original model's arcs. Progress shows the enclosing search's best plan and bound: the restricted
 * model's bound may not hold for the original.
 */
export function searchRestricted(
  search: (model: AssignmentModel, settings: CoreSettings) => CoreOutcome,
  restricted: RestrictedModel,
  settings: CoreSettings,
  start: RoundStart,
): CoreOutcome {
  const { onProgress, onFirstPlans: _firstPlansOfTheWholeModel, ...roundSettings } = settings;
  const outcome = search(restricted.model, {
    ...roundSettings,
    seed: start.seed,
    timeLimitMs: Math.max(0, start.deadline - settings.clock()),
    initialItemArc: start.itemArc.map((arc) => (arc === -1 ? -1 : restricted.restrictedArc[arc]!)),
    initialPrices: start.prices,
    knownLowerBound: start.lowerBound,
    ...(onProgress ? { onProgress: (progress: CoreProgress) => onProgress(asEnclosingSearch(progress, start, settings.clock())) } : {}),
  });
  return { ...outcome, itemArc: outcome.itemArc.map((arc) => (arc === -1 ? -1 : restricted.originalArc[arc]!)) };
}

function asEnclosingSearch(progress: CoreProgress, start: RoundStart, now: number): CoreProgress {
  const objective = Math.min(progress.objective, start.bestObjective);
  return { ...progress, objective, lowerBound: start.lowerBound, gap: relativeGap(objective, start.lowerBound), elapsedMs: now - start.started };
}
