import type { Instance } from '../instance.js';
import { itemOrigins } from '../sideConstraints.js';
import type { AssignmentModel } from './assignmentModel.js';

const modelOf = new WeakMap<Instance, AssignmentModel>();

/**
 * The court instance as a generic model: items are cases or bundles, bins are courts. One model per
 * instance (instances are never changed), so that what the core derives once per model (arcs sorted by
 * cost, for one) carries over when a solver thread solves a reused compile again.
 */
export function modelFromCourtInstance(instance: Instance): AssignmentModel {
  let model = modelOf.get(instance);
  if (!model) modelOf.set(instance, (model = buildModel(instance)));
  return model;
}

/** What a model derives from an instance's arcs, pins and bundles: capacities aside. */
interface ArcDerived {
  arcWeight: Float64Array;
  itemPinnedArc: Int32Array;
  originStart: Int32Array;
  originBin: Int32Array;
  originCount: Int32Array;
}

/**
 * By the instance's arc array: an instance that differs from another only in capacities (withCapacities
 * keeping every arc) shares its arrays, and a what-if re-solve then skips this pass (province: 10 ms of
 * a 290 ms warm solve). The other arrays it reads are checked to be the same too.
 */
const arcDerivedOf = new WeakMap<Int32Array, { from: readonly unknown[]; originOf: ArrayLike<number>; derived: ArcDerived }>();

function arcDerived(instance: Instance): ArcDerived {
  const from = [instance.arcStart, instance.itemPinnedCourt, instance.memberStart, instance.memberCase, instance.itemWorkload];
  // Each capacity change builds a new court context, so the cases' origins are compared by value.
  const { originOf } = instance.context;
  const known = arcDerivedOf.get(instance.arcCourt);
  if (known && known.from.every((array, at) => array === from[at]) && sameValues(known.originOf, originOf)) return known.derived;
  const derived = deriveFromArcs(instance);
  arcDerivedOf.set(instance.arcCourt, { from, originOf, derived });
  return derived;
}

function sameValues(left: ArrayLike<number>, right: ArrayLike<number>): boolean {
  if (left.length !== right.length) return false;
  for (let at = 0; at < left.length; at++) if (left[at] !== right[at]) return false;
  return true;
}

function deriveFromArcs(instance: Instance): ArcDerived {
  const arcCount = instance.arcCourt.length;
  const arcWeight = new Float64Array(arcCount);
  const itemPinnedArc = new Int32Array(instance.itemCount).fill(-1);
  for (let item = 0; item < instance.itemCount; item++) {
    for (let arc = instance.arcStart[item]!; arc < instance.arcStart[item + 1]!; arc++) {
      arcWeight[arc] = instance.itemWorkload[item]!;
      if (instance.arcCourt[arc] === instance.itemPinnedCourt[item]) itemPinnedArc[item] = arc;
    }
  }
  const origins = itemOrigins(instance);
  const originStart = new Int32Array(instance.itemCount + 1);
  const originBin: number[] = [];
  const originCount: number[] = [];
  origins.forEach((list, item) => {
    originStart[item] = originBin.length;
    for (const [origin, count] of list) {
      originBin.push(origin);
      originCount.push(count);
    }
  });
  originStart[instance.itemCount] = originBin.length;
  return { arcWeight, itemPinnedArc, originStart, originBin: Int32Array.from(originBin), originCount: Int32Array.from(originCount) };
}

function buildModel(instance: Instance): AssignmentModel {
  const { request, policy, tree } = instance.context;
  const { arcWeight, itemPinnedArc, originStart, originBin, originCount } = arcDerived(instance);
  const binCapacity = Float64Array.from(request.courts, (court) => court.capacity);
  return {
    itemCount: instance.itemCount,
    binCount: tree.count,
    arcStart: instance.arcStart,
    arcBin: instance.arcCourt,
    arcCost: instance.arcCost,
    arcWeight,
    itemPenalty: instance.itemUnassignedCost,
    itemPinnedArc,
    floorStart: instance.floorStart,
    floorCost: instance.floorCost,
    floorWeight: instance.floorWeight,
    floorGroup: instance.floorGroup,
    floorOutside: instance.floorOutside,
    binGroup: instance.courtGroup,
    groupFamily: instance.groupLevel,
    binCapacity,
    binSoftCapacity: binCapacity.map((capacity) => policy.softShare * capacity),
    overloadPerUnit: policy.overloadPerUnit,
    constantCost: instance.fixedCost,
    originStart,
    originBin,
    originCount,
    pairLimit: policy.maxPerPair,
    forbidReciprocal: policy.reciprocity === 'forbid',
  };
}
