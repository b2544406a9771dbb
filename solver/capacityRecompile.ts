import type { PlanRequest } from '../schemas/index.js';
import { buildCourtContext } from './courtContext.js';
import type { Instance } from './instance.js';

/**
 * The instance of a request that differs from the compiled one only in court capacities, built
 * without compiling again: screening, eligibility, candidates and costs never read a capacity; only
 * the arc filter does (a court whose capacity is below an item's workload is no candidate for it).
 * So arcs a lower capacity rules out are dropped, in order, and the result equals a fresh compile
 * of `request` field for field. A raised capacity that would admit an arc the filter dropped cannot
 * be rebuilt this way: then null, and the caller compiles afresh.
 *
 * The caller vouches that everything but capacities is the same (cases, courts otherwise, conflicts,
 * policy, deciding court, seed, candidate limits).
 */
export function withCapacities(compiled: Instance, request: PlanRequest): Instance | null {
  const before = compiled.context.request.courts;
  const after = request.courts;
  if (before.length !== after.length) return null;
  const { itemCount, arcStart, arcCourt, arcCost, itemWorkload, itemPinnedCourt } = compiled;
  const workloads = Float64Array.from(itemWorkload).sort();
  /** Whether some item's workload lies in (low, high]: the filter treats it differently at the two capacities. */
  const workloadBetween = (low: number, high: number) => {
    let at = 0;
    while (at < workloads.length && workloads[at]! <= low) at++;
    return at < workloads.length && workloads[at]! <= high;
  };
  // Courts whose filter may now drop arcs; a court whose filter would now admit more means a fresh compile.
  const lowered = new Uint8Array(after.length);
  let anyLowered = false;
  for (let court = 0; court < after.length; court++) {
    const was = before[court]!.capacity;
    const now = after[court]!.capacity;
    if (before[court]!.id !== after[court]!.id) return null;
    if (now > was && workloadBetween(was, now)) return null;
    if (now < was && workloadBetween(now, was)) {
      lowered[court] = 1;
      anyLowered = true;
    }
  }
  const context = buildCourtContext(request, compiled.context.policy, compiled.context.tree.courts[compiled.context.deciding]!.id);
  if (!anyLowered) return { ...compiled, context };

  const keptStart = new Int32Array(itemCount + 1);
  const keptCourt: number[] = [];
  const keptCost: number[] = [];
  for (let item = 0; item < itemCount; item++) {
    keptStart[item] = keptCourt.length;
    for (let arc = arcStart[item]!; arc < arcStart[item + 1]!; arc++) {
      const court = arcCourt[arc]!;
      if (lowered[court] && after[court]!.capacity < itemWorkload[item]! && itemPinnedCourt[item] !== court) continue;
      keptCourt.push(court);
      keptCost.push(arcCost[arc]!);
    }
  }
  keptStart[itemCount] = keptCourt.length;
  return { ...compiled, context, arcStart: keptStart, arcCourt: Int32Array.from(keptCourt), arcCost: Float64Array.from(keptCost) };
}
