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

function buildModel(instance: Instance): AssignmentModel {
  const { request, policy, tree } = instance.context;
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
    originBin: Int32Array.from(originBin),
    originCount: Int32Array.from(originCount),
    pairLimit: policy.maxPerPair,
    forbidReciprocal: policy.reciprocity === 'forbid',
  };
}
