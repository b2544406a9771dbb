import { noFloors, type AssignmentModel } from '../../solver/core/assignmentModel.js';

/** One item: its arcs as (bin, cost, weight), its penalty (Infinity: must be assigned), optionally an origin bin and a pin (index into its arcs). */
export interface ItemSpec {
  arcs: [bin: number, cost: number, weight: number][];
  penalty: number;
  origin?: number;
  pinnedTo?: number;
}

/** A generic model from a readable list of items, without floors; origins share the bin index space. */
export function genericModel(binCapacity: number[], items: ItemSpec[], options: Partial<AssignmentModel> = {}): AssignmentModel {
  const arcs = items.flatMap((item) => item.arcs);
  const arcStart = new Int32Array(items.length + 1);
  items.forEach((item, index) => (arcStart[index + 1] = arcStart[index]! + item.arcs.length));
  const originStart = new Int32Array(items.length + 1);
  items.forEach((item, index) => (originStart[index + 1] = originStart[index]! + (item.origin === undefined ? 0 : 1)));
  const withOrigin = items.filter((item) => item.origin !== undefined);
  return {
    itemCount: items.length,
    binCount: binCapacity.length,
    arcStart,
    arcBin: Int32Array.from(arcs, ([bin]) => bin),
    arcCost: Float64Array.from(arcs, ([, cost]) => cost),
    arcWeight: Float64Array.from(arcs, ([, , weight]) => weight),
    itemPenalty: Float64Array.from(items, (item) => item.penalty),
    itemPinnedArc: Int32Array.from(items, (item, index) => (item.pinnedTo === undefined ? -1 : arcStart[index]! + item.pinnedTo)),
    ...noFloors(items.length, binCapacity.length),
    binCapacity: Float64Array.from(binCapacity),
    binSoftCapacity: Float64Array.from(binCapacity),
    overloadPerUnit: 0,
    constantCost: 0,
    originStart,
    originBin: Int32Array.from(withOrigin, (item) => item.origin!),
    originCount: new Int32Array(withOrigin.length).fill(1),
    pairLimit: null,
    forbidReciprocal: false,
    ...options,
  };
}

/**
 * Tight bins, items worth far more than their costs, one to three bins per item: the prices must
 * climb to the values of the cases left out, which subgradient steps do slowly, and the plan is a
 * question of which cases stay out. Seeded.
 */
export function penaltyDominatedModel(bins: number, items: number, tightness: number, seed: number): AssignmentModel {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const specs: ItemSpec[] = Array.from({ length: items }, () => {
    const weight = 1 + Math.floor(random() * 3);
    const chosen = new Set<number>();
    const count = 1 + Math.floor(random() * Math.min(3, bins));
    while (chosen.size < count) chosen.add(Math.floor(random() * bins));
    return { arcs: [...chosen].map((bin): [number, number, number] => [bin, Math.round(weight * (10 + random() * 200)), weight]), penalty: Math.round(weight * (50_000 + random() * 950_000)) };
  });
  const demand = specs.reduce((total, item) => total + item.arcs[0]![2], 0);
  return genericModel(new Array<number>(bins).fill(Math.round((tightness * demand) / bins)), specs);
}
