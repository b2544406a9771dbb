import { pairIndex, type AssignmentModel } from './assignmentModel.js';
import { restrictArcs, searchRestricted, type RestrictedModel } from './arcRestriction.js';
import { relativeGap, type CoreOutcome, type CoreSettings } from './coreOutcome.js';
import { HeavyMovesBetweenRounds, type Plan } from './heavyItemMoves.js';
import { arcsWithinReach } from './reducedCostFixing.js';

/** The model with some court pairs closed one way: every arc that would send an item from an origin A to a bin B is dropped when (A, B) is closed (pinned arcs stay). */
export function orientModel(model: AssignmentModel, closedPairs: ReadonlySet<number>): RestrictedModel {
  const closed = pairTable(model, closedPairs);
  return restrictArcs(model, (item, arc) => !sendsAlongClosedPair(model, item, model.arcBin[arc]!, closed));
}

/** Pair tables up to this many cells (bins²) are flat bytes: national, 3,223 courts, 10 MB. */
const maxPairTableCells = 16_000_000;

/** The closed pairs as a lookup by pair index: a byte per pair where that fits (a set lookup per arc took 0.6 s at national scale), else the set. */
function pairTable(model: AssignmentModel, closedPairs: ReadonlySet<number>): { has(pair: number): boolean } {
  if (model.binCount * model.binCount > maxPairTableCells) return closedPairs;
  const table = new Uint8Array(model.binCount * model.binCount);
  for (const pair of closedPairs) table[pair] = 1;
  return { has: (pair) => table[pair] === 1 };
}

function sendsAlongClosedPair(model: AssignmentModel, item: number, bin: number, closedPairs: { has(pair: number): boolean }): boolean {
  for (let at = model.originStart[item]!; at < model.originStart[item + 1]!; at++) {
    if (closedPairs.has(pairIndex(model, model.originBin[at]!, bin))) return true;
  }
  return false;
}

/**
 * The pairs a plan's orientation closes: for every (origin, bin) pair the plan uses between two
 * different bins, the reverse, unless the reverse carries more (the penalties of the items on it;
 * on a tie the pair from the lower bin stays open). A plan that keeps the rule closes the reverse of
 * each pair it uses; one that breaks it loses the lighter direction of each pair it uses both ways.
 */
export function orientationOf(model: AssignmentModel, itemArc: Int32Array): Set<number> {
  const carried = new Map<number, number>();
  for (let item = 0; item < model.itemCount; item++) {
    const arc = itemArc[item]!;
    if (arc === -1) continue;
    const bin = model.arcBin[arc]!;
    const worth = Number.isFinite(model.itemPenalty[item]!) ? model.itemPenalty[item]! : model.arcCost[arc]!;
    for (let at = model.originStart[item]!; at < model.originStart[item + 1]!; at++) {
      const origin = model.originBin[at]!;
      if (origin === bin) continue; // staying home is no pair
      const key = pairIndex(model, origin, bin);
      carried.set(key, (carried.get(key) ?? 0) + worth);
    }
  }
  const closed = new Set<number>();
  for (const [key, worth] of carried) {
    const origin = Math.floor(key / model.binCount);
    const bin = key % model.binCount;
    const reverse = pairIndex(model, bin, origin);
    const reverseWorth = carried.get(reverse);
    if (reverseWorth === undefined || worth > reverseWorth || (worth === reverseWorth && origin < bin)) closed.add(reverse);
  }
  return closed;
}

/** Rounds in a row that may fail to improve the plan before the oriented search stops. */
const fruitlessRounds = 3;


/**
 * The share of the time the search without the rule may take: on small models its prices settle and
 * it ends long before; on large ones the oriented search needs the rest to repair and improve (national
 * with the rule, service path, since round 0 polishes its start at once: 5.0–5.8 % above the bound at
 * 5 s with 0.4 against 7.2 % with 0.6 in three runs each, 3.0 % against 3.2 % at 10 s).
 */
const relaxedShare = 0.4;

const withoutReciprocityRule = new WeakMap<AssignmentModel, AssignmentModel>();

/** The model without the reciprocity rule, one per model (what the search derives per model, sorted arcs for one, carries over). */
function relaxedModel(model: AssignmentModel): AssignmentModel {
  let relaxed = withoutReciprocityRule.get(model);
  if (!relaxed) withoutReciprocityRule.set(model, (relaxed = { ...model, forbidReciprocal: false }));
  return relaxed;
}

/**
 * With reciprocity forbidden, the capacity prices do not see the rule, and a search that keeps it
 * from the first placement leaves each court pair to whichever direction it happens to fill first:
 * on the 400-case sample with a tight capacity it settled 8–14 % above the optimum, at national scale
 * with thousands of cases left out. Once court pairs are oriented, the rule is mostly settled in the
 * model itself and the usual search works again on it. So: search the model without the rule up to
 * its first plans (the bound, which relaxes the rule anyway, and a plan that may use some pairs both
 * ways); orient every pair that plan uses by what it carries; then, round after round, search the
 * oriented model from the best plan (items on closed arcs start out), keep what is better, and
 * orient again by the best plan, until the gap closes, time runs out or rounds stop improving. Pairs
 * no plan uses stay open both ways, under the rule as usual, so orientations can still change.
 */
export function solveByOrientation(
  model: AssignmentModel,
  settings: CoreSettings,
  search: (model: AssignmentModel, settings: CoreSettings) => CoreOutcome,
): CoreOutcome {
  const started = settings.clock();
  const deadline = started + settings.timeLimitMs;
  // A bound known for this model need not hold without the rule: the search without it is not told.
  const { onProgress, knownLowerBound, ...relaxedSettings } = settings;
  // Its progress shows the bound only: its plans may break the rule.
  const relaxed = search(relaxedModel(model), {
    ...relaxedSettings,
    timeLimitMs: relaxedShare * settings.timeLimitMs,
    firstPlansOnly: true,
    ...(onProgress ? { onProgress: (progress) => onProgress({ ...progress, objective: Infinity, gap: Infinity }) } : {}),
  });
  const lowerBound = Math.max(relaxed.lowerBound, knownLowerBound ?? -Infinity);
  // The relaxed plan may break the rule: it guides the first orientation, it is not a plan.
  let best: CoreOutcome | null = null;
  let iterations = relaxed.iterations;
  const bestObjective = () => best?.objective ?? Infinity;
  const closed = () => relativeGap(bestObjective(), lowerBound) <= settings.gapTolerance;
  // Once the rounds settle, heavy moves on small models (the state keeps the rule); the rounds go on from a better plan they find.
  const heavyMoves = new HeavyMovesBetweenRounds(model, (incumbent) => arcsWithinReach(model, relaxed.prices, incumbent), settings, deadline);
  // Round 0 runs whatever the clock says: until it, there is no plan that keeps the rule.
  for (let round = 0, fruitless = 0; !closed() && (round === 0 || (settings.clock() < deadline && !settings.shouldStop?.())); round++) {
    if (fruitless >= fruitlessRounds) {
      const moved: Plan | null = heavyMoves.improve(best!);
      if (!moved) break;
      best = { ...best!, ...moved };
      fruitless = 0;
      continue;
    }
    const from = best?.itemArc ?? relaxed.itemArc;
    const oriented = orientModel(model, orientationOf(model, from));
    const outcome = searchRestricted(search, oriented, settings, {
      seed: `${settings.seed}/orientation/${round}`,
      deadline,
      itemArc: from,
      prices: relaxed.prices,
      bestObjective: bestObjective(),
      lowerBound,
      started,
    });
    iterations += outcome.iterations;
    if (best === null || outcome.objective < best.objective - 1e-9 * Math.abs(best.objective)) {
      best = outcome;
      fruitless = 0;
    } else fruitless++;
  }
  const plan = best!;
  const gap = relativeGap(plan.objective, lowerBound);
  const status = gap <= 1e-9 ? 'optimal' : settings.clock() >= deadline ? 'time_limit' : 'feasible';
  return { ...plan, status, lowerBound: Math.min(lowerBound, plan.objective), gap, iterations, prices: relaxed.prices };
}
