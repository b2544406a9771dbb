/**
 * The generic problem the core solves: items into bins over sparse candidate arcs, a generalized
 * assignment problem with an opt-out penalty per item, a convex overload charge per bin and the
 * court rules' side constraints. Courts compile into it (see fromCourtInstance.ts) and so do the
 * OR-Library GAP files (see gapInstance.ts).
 *
 * Layout (CSR): arcs of item i are arcStart[i] .. arcStart[i+1]-1, each with a bin, a cost and the
 * weight the item puts on that bin. Origins (for pair limits and reciprocity) likewise:
 * originStart[i] .. originStart[i+1]-1 → (originBin, originCount); origins live in the bin index space.
 */
export interface AssignmentModel {
  itemCount: number;
  binCount: number;
  arcStart: Int32Array;
  arcBin: Int32Array;
  arcCost: Float64Array;
  arcWeight: Float64Array;
  /** Cost of leaving the item out; Infinity when it must be assigned (GAP). */
  itemPenalty: Float64Array;
  /** Arc the item is pinned to, or -1. */
  itemPinnedArc: Int32Array;
  /**
   * Floors on what the item could cost at bins the model left out (candidates not generated), for
   * bounds only: a plan never takes an omitted option. CSR: floorStart[i] .. floorStart[i+1]-1; at
   * an omitted bin the item costs at least floorCost + floorWeight × the least price among the bins
   * of group floorGroup (floorOutside 1: among the bins of the other groups of that group's family);
   * group -1 means no price applies.
   */
  floorStart: Int32Array;
  floorCost: Float64Array;
  floorWeight: Float64Array;
  floorGroup: Int32Array;
  floorOutside: Uint8Array;
  /** Bin → group (-1 none); group → family. */
  binGroup: Int32Array;
  groupFamily: Int32Array;
  binCapacity: Float64Array;
  /** Load above this costs `overloadPerUnit` per unit (≤ capacity). */
  binSoftCapacity: Float64Array;
  overloadPerUnit: number;
  /** Cost every plan pays (e.g. changed screened-out cases). */
  constantCost: number;
  originStart: Int32Array;
  originBin: Int32Array;
  originCount: Int32Array;
  /** Max items from one origin to one bin; null for none. */
  pairLimit: number | null;
  /** No two bins A, B with items A→B and B→A. */
  forbidReciprocal: boolean;
}

/**
 * The arcs into each bin (CSR: start[b] .. start[b+1]-1 index into `arc`) and the item of every arc,
 * built once per set of arcs (re-packing and heavy moves read them in every pass).
 */
export interface ArcsByBin {
  start: Int32Array;
  arc: Int32Array;
  arcItem: Int32Array;
}

/**
 * By the arcs' bin array, not the model: models that differ only in capacities (a what-if re-solve on
 * a reused compile) share their arc arrays and so this index (province: 16 ms of a 290 ms warm solve).
 */
const arcsByBinOf = new WeakMap<Int32Array, ArcsByBin & { arcStart: Int32Array }>();

export function arcsByBin(model: AssignmentModel): ArcsByBin {
  let known = arcsByBinOf.get(model.arcBin);
  if (known && known.arcStart === model.arcStart && known.start.length === model.binCount + 1) return known;
  const start = new Int32Array(model.binCount + 1);
  for (let arc = 0; arc < model.arcBin.length; arc++) start[model.arcBin[arc]! + 1]++;
  for (let bin = 0; bin < model.binCount; bin++) start[bin + 1] += start[bin]!;
  const fill = start.slice(0, model.binCount);
  const byBin = new Int32Array(model.arcBin.length);
  const arcItem = new Int32Array(model.arcBin.length);
  for (let item = 0; item < model.itemCount; item++) {
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      arcItem[arc] = item;
      byBin[fill[model.arcBin[arc]!]!++] = arc;
    }
  }
  arcsByBinOf.set(model.arcBin, (known = { start, arc: byBin, arcItem, arcStart: model.arcStart }));
  return known;
}

/** Cost of a bin's load beyond its soft capacity. */
export function overloadCost(model: AssignmentModel, bin: number, load: number): number {
  const excess = load - model.binSoftCapacity[bin]!;
  return excess > 0 ? model.overloadPerUnit * excess : 0;
}

/** Exact objective of an assignment given as the arc per item (-1 = left out). */
export function assignmentObjective(model: AssignmentModel, itemArc: Int32Array): number {
  const load = new Float64Array(model.binCount);
  let objective = model.constantCost;
  for (let item = 0; item < model.itemCount; item++) {
    const arc = itemArc[item]!;
    if (arc === -1) objective += model.itemPenalty[item]!;
    else {
      objective += model.arcCost[arc]!;
      load[model.arcBin[arc]!] += model.arcWeight[arc]!;
    }
  }
  for (let bin = 0; bin < model.binCount; bin++) objective += overloadCost(model, bin, load[bin]!);
  return objective;
}

/** One number per ordered (origin, bin) pair. */
export function pairIndex(model: AssignmentModel, origin: number, bin: number): number {
  return origin * model.binCount + bin;
}

/** Hard-rule violations of an assignment (capacity, pins, must-assign, pair limits, reciprocity); empty when feasible. */
export function assignmentViolations(model: AssignmentModel, itemArc: Int32Array): string[] {
  const violations: string[] = [];
  const load = new Float64Array(model.binCount);
  const pairs = new Map<number, number>();
  for (let item = 0; item < model.itemCount; item++) {
    const arc = itemArc[item]!;
    const pinned = model.itemPinnedArc[item]!;
    if (pinned !== -1 && arc !== pinned) violations.push(`item ${item} left its pin`);
    if (arc === -1) {
      if (model.itemPenalty[item] === Infinity) violations.push(`item ${item} must be assigned`);
      continue;
    }
    if (arc < model.arcStart[item]! || arc >= model.arcStart[item + 1]!) violations.push(`item ${item} on a foreign arc`);
    const bin = model.arcBin[arc]!;
    load[bin] += model.arcWeight[arc]!;
    for (let at = model.originStart[item]!; at < model.originStart[item + 1]!; at++) {
      const key = pairIndex(model, model.originBin[at]!, bin);
      pairs.set(key, (pairs.get(key) ?? 0) + model.originCount[at]!);
    }
  }
  for (let bin = 0; bin < model.binCount; bin++) {
    if (load[bin]! > model.binCapacity[bin]! + capacityTolerance(model.binCapacity[bin]!)) violations.push(`bin ${bin} over capacity`);
  }
  for (const [key, count] of pairs) {
    if (model.pairLimit !== null && count > model.pairLimit) violations.push(`pair ${key} above its limit`);
    const origin = Math.floor(key / model.binCount);
    const bin = key % model.binCount;
    if (model.forbidReciprocal && origin < bin && pairs.has(pairIndex(model, bin, origin))) violations.push(`bins ${origin} and ${bin} reciprocal`);
  }
  return violations;
}

/** Loads are sums of floating weights: allow rounding, never a real unit. */
export function capacityTolerance(capacity: number): number {
  return 1e-9 * Math.max(1, capacity);
}

/** A model without omitted options (every candidate is an arc): no floors. */
export function noFloors(itemCount: number, binCount: number): Pick<AssignmentModel, 'floorStart' | 'floorCost' | 'floorWeight' | 'floorGroup' | 'floorOutside' | 'binGroup' | 'groupFamily'> {
  return {
    floorStart: new Int32Array(itemCount + 1),
    floorCost: new Float64Array(0),
    floorWeight: new Float64Array(0),
    floorGroup: new Int32Array(0),
    floorOutside: new Uint8Array(0),
    binGroup: new Int32Array(binCount).fill(-1),
    groupFamily: new Int32Array(0),
  };
}
