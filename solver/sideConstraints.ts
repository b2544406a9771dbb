import type { Instance } from './instance.js';

/** One number per ordered (origin, target) court pair. */
export function pairKey(origin: number, target: number, courtCount: number): number {
  return origin * courtCount + target;
}

/**
 * Cases each item sends from each origin court: for a single case one entry; a bundle may
 * gather cases from several origins. Returned as [origin, count] lists per item.
 */
export function itemOrigins(instance: Instance): [number, number][][] {
  const origins: [number, number][][] = [];
  for (let item = 0; item < instance.itemCount; item++) {
    const counts = new Map<number, number>();
    for (let member = instance.memberStart[item]!; member < instance.memberStart[item + 1]!; member++) {
      const origin = instance.context.originOf[instance.memberCase[member]!]!;
      counts.set(origin, (counts.get(origin) ?? 0) + 1);
    }
    origins.push([...counts]);
  }
  return origins;
}

/** Workload each court receives. */
export function courtLoads(instance: Instance, itemCourt: Int32Array): Float64Array {
  const loads = new Float64Array(instance.context.tree.count);
  for (let item = 0; item < instance.itemCount; item++) {
    const court = itemCourt[item]!;
    if (court !== -1) loads[court] += instance.itemWorkload[item]!;
  }
  return loads;
}

/** Cases per ordered (origin, target) pair with at least one case. */
export function pairCounts(instance: Instance, itemCourt: Int32Array, origins = itemOrigins(instance)): Map<number, number> {
  const counts = new Map<number, number>();
  const courtCount = instance.context.tree.count;
  for (let item = 0; item < instance.itemCount; item++) {
    const court = itemCourt[item]!;
    if (court === -1) continue;
    for (const [origin, count] of origins[item]!) {
      const key = pairKey(origin, court, courtCount);
      counts.set(key, (counts.get(key) ?? 0) + count);
    }
  }
  return counts;
}

/** Unordered court pairs {A, B} with cases A→B and B→A. */
export function reciprocalPairCount(pairs: Map<number, number>, courtCount: number): number {
  let reciprocal = 0;
  for (const key of pairs.keys()) {
    const origin = Math.floor(key / courtCount);
    const target = key % courtCount;
    if (origin < target && pairs.has(pairKey(target, origin, courtCount))) reciprocal++;
  }
  return reciprocal;
}

/** Objective of a placement, exactly API.md's formula (changed screened-out cases included via fixedCost). */
export function placementObjective(instance: Instance, itemCourt: Int32Array): number {
  const { request, policy } = instance.context;
  let objective = instance.fixedCost;
  for (let item = 0; item < instance.itemCount; item++) {
    const court = itemCourt[item]!;
    if (court === -1) {
      objective += instance.itemUnassignedCost[item]!;
      continue;
    }
    objective += arcCostOf(instance, item, court);
  }
  const loads = courtLoads(instance, itemCourt);
  request.courts.forEach((court, index) => {
    objective += policy.overloadPerUnit * Math.max(0, loads[index]! - policy.softShare * court.capacity);
  });
  return objective;
}

/** The compiled cost of placing `item` at `court` (must be one of its arcs). */
export function arcCostOf(instance: Instance, item: number, court: number): number {
  for (let arc = instance.arcStart[item]!; arc < instance.arcStart[item + 1]!; arc++) {
    if (instance.arcCourt[arc] === court) return instance.arcCost[arc]!;
  }
  throw new Error(`court ${court} is no candidate for item ${item}`);
}

/** Whether a placement keeps capacity, pins, maxPerPair and reciprocity (eligibility holds by construction). */
export function isPlacementFeasible(instance: Instance, itemCourt: Int32Array): boolean {
  const { request, policy, tree } = instance.context;
  const loads = courtLoads(instance, itemCourt);
  const tolerance = 1e-9;
  if (request.courts.some((court, index) => loads[index]! > court.capacity + tolerance)) return false;
  for (let item = 0; item < instance.itemCount; item++) {
    const pinned = instance.itemPinnedCourt[item]!;
    if (pinned !== -1 && itemCourt[item] !== pinned) return false;
  }
  const pairs = pairCounts(instance, itemCourt);
  if (policy.maxPerPair !== null) for (const count of pairs.values()) if (count > policy.maxPerPair) return false;
  return policy.reciprocity === 'allow' || reciprocalPairCount(pairs, tree.count) === 0;
}
