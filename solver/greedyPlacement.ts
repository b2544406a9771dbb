import type { Instance } from './instance.js';
import { itemOrigins, pairKey } from './sideConstraints.js';

/**
 * A feasible placement built in one pass: pinned items first, then the items that lose the most
 * by waiting (unassigned cost per workload unit), each to its cheapest court that still has room
 * and keeps the pair limits, when that beats leaving it out. It is the incumbent the exact search
 * must beat, and the answer when that search runs out of time.
 *
 * With `lpShare` (an LP solution's value per arc) the pass rounds that solution instead: items the
 * LP places most firmly go first, and each arc's cost is lowered by what its LP value says it is
 * worth (the item's unassigned cost times the value; leaving out is lowered by the LP's unplaced share),
 * so that the LP's choices win wherever they still fit.
 */
export function greedyPlacement(instance: Instance, lpShare?: Float64Array): Int32Array {
  const { request, policy, tree } = instance.context;
  const courtCount = tree.count;
  const origins = itemOrigins(instance);
  const itemCourt = new Int32Array(instance.itemCount).fill(-1);
  const loads = new Float64Array(courtCount);
  const pairs = new Map<number, number>();

  const order = Array.from({ length: instance.itemCount }, (_, item) => item);
  const firmness = (item: number) => {
    let largest = 0;
    for (let arc = instance.arcStart[item]!; lpShare && arc < instance.arcStart[item + 1]!; arc++) largest = Math.max(largest, lpShare[arc]!);
    return largest;
  };
  const pinned = (item: number) => (instance.itemPinnedCourt[item] !== -1 ? 1 : 0);
  const urgency = (item: number) => (pinned(item) ? Infinity : instance.itemUnassignedCost[item]! / instance.itemWorkload[item]!);
  // Pinned items first; then, rounding an LP, the items it places most firmly; then by urgency.
  order.sort((a, b) => pinned(b) - pinned(a) || firmness(b) - firmness(a) || urgency(b) - urgency(a) || a - b);
  const worth = (item: number, share: number) => (lpShare ? share * instance.itemUnassignedCost[item]! : 0);

  const fits = (item: number, court: number): boolean => {
    if (loads[court]! + instance.itemWorkload[item]! > request.courts[court]!.capacity + 1e-9) return false;
    for (const [origin, count] of origins[item]!) {
      if (policy.maxPerPair !== null && (pairs.get(pairKey(origin, court, courtCount)) ?? 0) + count > policy.maxPerPair) return false;
      if (policy.reciprocity === 'forbid' && pairs.has(pairKey(court, origin, courtCount))) return false;
    }
    return true;
  };
  const overloadCost = (item: number, court: number): number => {
    const soft = policy.softShare * request.courts[court]!.capacity;
    const before = Math.max(0, loads[court]! - soft);
    const after = Math.max(0, loads[court]! + instance.itemWorkload[item]! - soft);
    return policy.overloadPerUnit * (after - before);
  };

  for (const item of order) {
    const pinned = instance.itemPinnedCourt[item]!;
    let bestCourt = -1;
    let placedShare = 0;
    for (let arc = instance.arcStart[item]!; lpShare && arc < instance.arcStart[item + 1]!; arc++) placedShare += lpShare[arc]!;
    let bestCost = pinned === -1 ? instance.itemUnassignedCost[item]! - worth(item, Math.max(0, 1 - placedShare)) : Infinity;
    for (let arc = instance.arcStart[item]!; arc < instance.arcStart[item + 1]!; arc++) {
      const court = instance.arcCourt[arc]!;
      if (pinned !== -1 && court !== pinned) continue;
      if (pinned === -1 && !fits(item, court)) continue;
      const cost = instance.arcCost[arc]! + overloadCost(item, court) - worth(item, lpShare?.[arc] ?? 0);
      if (cost < bestCost) {
        bestCost = cost;
        bestCourt = court;
      }
    }
    if (bestCourt === -1) continue;
    itemCourt[item] = bestCourt;
    loads[bestCourt] += instance.itemWorkload[item]!;
    for (const [origin, count] of origins[item]!) {
      const key = pairKey(origin, bestCourt, courtCount);
      pairs.set(key, (pairs.get(key) ?? 0) + count);
    }
  }
  return itemCourt;
}

/**
 * A bound no plan can beat: each item at its cheapest option (a court or left out), overload
 * taken as 0. Always valid, so a plan can carry a true lowerBound even when nothing else ran.
 */
export function separableLowerBound(instance: Instance): number {
  let bound = instance.fixedCost;
  for (let item = 0; item < instance.itemCount; item++) {
    const pinned = instance.itemPinnedCourt[item]!;
    let cheapest = pinned === -1 ? instance.itemUnassignedCost[item]! : Infinity;
    for (let arc = instance.arcStart[item]!; arc < instance.arcStart[item + 1]!; arc++) {
      if (pinned === -1 || instance.arcCourt[arc] === pinned) cheapest = Math.min(cheapest, instance.arcCost[arc]!);
    }
    bound += cheapest;
  }
  return bound;
}
