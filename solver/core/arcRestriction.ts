import type { AssignmentModel } from './assignmentModel.js';

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
  const restrictedArc = new Int32Array(model.arcBin.length).fill(-1);
  const kept: number[] = [];
  const arcStart = new Int32Array(model.itemCount + 1);
  const itemPinnedArc = new Int32Array(model.itemCount).fill(-1);
  for (let item = 0; item < model.itemCount; item++) {
    arcStart[item] = kept.length;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      const pinned = model.itemPinnedArc[item] === arc;
      if (!pinned && !keep(item, arc)) continue;
      if (pinned) itemPinnedArc[item] = kept.length;
      restrictedArc[arc] = kept.length;
      kept.push(arc);
    }
  }
  arcStart[model.itemCount] = kept.length;
  const originalArc = Int32Array.from(kept);
  return {
    model: {
      ...model,
      arcStart,
      arcBin: originalArc.map((arc) => model.arcBin[arc]!),
      arcCost: Float64Array.from(originalArc, (arc) => model.arcCost[arc]!),
      arcWeight: Float64Array.from(originalArc, (arc) => model.arcWeight[arc]!),
      itemPinnedArc,
    },
    originalArc,
    restrictedArc,
  };
}

/** An assignment of the original model in the restricted one's arcs (an item on a dropped arc starts out). */
export function toRestricted(restricted: RestrictedModel, itemArc: Int32Array): Int32Array {
  return itemArc.map((arc) => (arc === -1 ? -1 : restricted.restrictedArc[arc]!));
}

/** An assignment of the restricted model in the original's arcs. */
export function toOriginal(restricted: RestrictedModel, itemArc: Int32Array): Int32Array {
  return itemArc.map((arc) => (arc === -1 ? -1 : restricted.originalArc[arc]!));
}
