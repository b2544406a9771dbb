import { seededGenerator } from '../seededRandom.js';
import { assignmentObjective, assignmentViolations, type AssignmentModel } from './assignmentModel.js';
import { AssignmentState } from './assignmentState.js';
import { placeByAugmentingPaths } from './augmentingPaths.js';
import { knapsackBound } from './knapsackBound.js';
import { KnapsackPriceSearch } from './knapsackPriceSearch.js';
import { evaluateDual, type ScanPartner } from './lagrangianBound.js';
import { SubgradientSteps } from './subgradientSteps.js';
import { BinRepacking } from './binRepacking.js';
import { insertByChains } from './ejectionChains.js';
import { flowRelaxation, type FlowRelaxation } from './flowRelaxation.js';
import { improveByResidualPrograms, lpNearTies, placeLpExactly } from './residualProgram.js';
import { clearMarket } from './marketClearing.js';
import { relativeGap, type CoreOutcome, type CoreProgress, type CoreSettings } from './coreOutcome.js';
import { orientationOf, solveByOrientation } from './pairOrientation.js';
import { perturbBins } from './perturbation.js';
import { solveWithArcFixing } from './reducedCostFixing.js';
import { greedyFill, improveLocally, placeLeftOut } from './primalHeuristics.js';
import { ReciprocityFlips } from './reciprocityFlips.js';
import { repairWarmStart } from './warmRepair.js';
import { cancelTransferCycles } from './transferCycles.js';
import { cancelTransferCyclesWithPartner } from './sharedTransferCycles.js';

export { relativeGap, type CoreOutcome, type CoreProgress, type CoreSettings } from './coreOutcome.js';

/**
 * Models up to this many arcs search prices for the knapsack bound at each strengthening: 40 trials,
 * fewer above 50,000 arcs (each trial is a pass over the arcs), so that the search costs about the same.
 */
const maxSearchedArcs = 200_000;
/** Beyond the search, a re-solve within this gap takes a knapsack pass every so many price steps (see improvePrices). */
const warmKnapsackGap = 1e-4;
const stepsPerWarmKnapsack = 50;
/**
 * Models past this many arcs need seconds before their first polished plan: they start without a first
 * plan (see searchAssignments), and the service gives their first solve a larger share (solver/index.ts).
 */
export const largeModelArcs = 1_000_000;
/** Models past this many arcs pass fresh plans through transfer cycles; below, kicks and local search do as well for less. */
const transferCycleArcs = 300_000;
/**
 * Cold solves of models up to this many arcs may take their prices from the min-cost flow, within
 * flowPivotsPerNode pivots per node (26 courts × 3,000 cases: 7,000 pivots, 90 ms; the 4,351-case
 * national campaign: 690 ms; the province benchmark, 264,000 arcs, needs 78,000 pivots and 3 s, where
 * the steps reach 3e-7 in 1 s).
 */
const maxFlowPricedArcs = 150_000;
const flowPivotsPerNode = 20;
/** Price steps before the flow is considered, and the gap between plan and bound that calls for it. */
const stepsBeforeFlow = 200;
const flowWantedGap = 0.01;
/** Arcs per millisecond of the work after a search's deadline (see searchWith). */
const finishingArcsPerMs = 15_000;
const knapsackSearchTrials = (model: AssignmentModel) => Math.min(40, Math.floor(2_000_000 / Math.max(1, model.arcBin.length)));

/**
 * The scalable core: Lagrangian relaxation of the capacities, its prices improved by subgradient
 * steps (Polyak's rule toward the incumbent), every evaluation a true bound; primal assignments
 * built from the prices by a regret greedy and improved by local search, the best kept. Stops at
 * the gap tolerance, the time limit or a stop request; deterministic for a seed. While the gap stays
 * open, rounds on the arcs a better plan could use (reducedCostFixing.ts); with reciprocity forbidden,
 * rounds on oriented court pairs instead (pairOrientation.ts); on small models, when the rounds settle,
 * moves of the heavier items that the rest of the plan settles around (heavyItemMoves.ts).
 */
export function solveAssignmentModel(model: AssignmentModel, settings: CoreSettings): CoreOutcome {
  // Oriented rounds re-orient after each search: fixing arcs inside one would hold a poor orientation.
  return model.forbidReciprocal ? solveByOrientation(model, settings, searchAssignments) : solveWithArcFixing(model, settings, searchAssignments);
}

/** The search itself (see solveAssignmentModel): on the whole model, a model with fixed arcs or an oriented one. */
function searchAssignments(model: AssignmentModel, settings: CoreSettings): CoreOutcome {
  const started = settings.clock();
  const partner = settings.scanPartner?.(model) ?? null;
  try {
    // Sharing the model with the partner counts against the time limit (national: about 0.2 s).
    return searchWith(model, { ...settings, timeLimitMs: Math.max(0, settings.timeLimitMs - (settings.clock() - started)) }, partner);
  } finally {
    partner?.close();
  }
}

/** The search proper, its price steps and knapsack pass shared with `partner` when there is one. */
function searchWith(model: AssignmentModel, settings: CoreSettings, partner: ScanPartner | null): CoreOutcome {
  const started = settings.clock();
  // Kept back for what follows the deadline: the phase it cuts ending, the best plan copied, its
  // objective and rules checked afresh (national: about 0.1 s, which a 5 s solve spent past its limit).
  const deadline = started + Math.max(0, settings.timeLimitMs - model.arcBin.length / finishingArcsPerMs);
  const random = seededGenerator(settings.seed);
  const tieBreak = Float64Array.from({ length: model.itemCount }, () => random());
  const order = Int32Array.from({ length: model.itemCount }, (_, item) => item).sort((a, b) => tieBreak[a]! - tieBreak[b]!);
  const zeroPrice = new Float64Array(model.binCount);
  const prices = new SubgradientSteps(model, new Float64Array(model.binCount), evaluateDual(model, zeroPrice), partner);
  const { bestPrice } = prices;
  // An auction-style start, kept when it bounds better than zero prices: from a neighbouring solve's
  // prices when given (a raised or cut capacity moves only the prices around it: a few rounds), else
  // from zero (eight rounds).
  const givenPrices = settings.initialPrices?.length === model.binCount ? Float64Array.from(settings.initialPrices) : null;
  const start = givenPrices ?? new Float64Array(model.binCount);
  clearMarket(model, start, givenPrices ? 3 : 8, partner);
  const startEvaluation = evaluateDual(model, start);
  if (startEvaluation.bound > prices.bestBound) prices.adopt(start, startEvaluation);
  /** The best bound so far: the prices' own or, when stronger, the knapsack bound at the best prices. */
  let lowerBound = Math.max(prices.bestBound, settings.knownLowerBound ?? -Infinity);

  const flips = model.forbidReciprocal ? new ReciprocityFlips(model) : null;
  const repacking = new BinRepacking(model);
  /**
   * Local search, then pair flips, until neither improves (flips only when reciprocity is forbidden).
   * A fresh plan on a large model first goes through transfer cycles (transferCycles.ts): there its
   * cheaper neighbours lie along chains of many courts, which single moves reach slowly or never.
   */
  const polish = (state: AssignmentState, fresh = false) => {
    // A fresh plan on a large model first places what it left out by chains (a case only a full court
    // can take, made room for by moving several cases out: national, 3.4 % → 0.7 % above the bound;
    // cheap, since such a plan leaves few cases out), then goes through transfer cycles (with a partner,
    // its thread takes the workloads after the most common: sharedTransferCycles.ts).
    if (fresh && model.arcBin.length > transferCycleArcs) {
      insertByChains(state, deadline, settings.clock);
      if (partner) cancelTransferCyclesWithPartner(state, partner, deadline, settings.clock);
      else cancelTransferCycles(state, deadline, settings.clock);
    }
    for (let round = 0; round < 20 && settings.clock() < deadline && !settings.shouldStop?.(); round++) {
      improveLocally(state, order, deadline, settings.clock);
      const chained = insertByChains(state, deadline, settings.clock) || repacking.improve(state, deadline, settings.clock);
      const flipped = flips !== null && flips.improve(state, deadline, settings.clock);
      if (!chained && !flipped) break;
    }
    placeLeftOut(state);
  };
  // A first incumbent, a target for the subgradient steps: the given plan repaired where it no longer
  // fits, or a priced greedy fill, unpolished (cheap). Not on the largest models: there the greedy
  // leaves many items out at the first prices and placing them costs seconds (1.5 s of a 5 s national
  // solve), while the plan from the prices that follow is better anyway; the steps aim at an estimate.
  const best = new AssignmentState(model);
  let incumbentKnown = settings.initialItemArc !== undefined || model.arcBin.length <= largeModelArcs;
  if (incumbentKnown) {
    if (settings.initialItemArc) repairWarmStart(best, settings.initialItemArc, { price: prices.price, tieBreak, repacking, deadline, clock: settings.clock });
    else greedyFill(best, prices.price, tieBreak);
    // Items the greedy left out where capacity is scarce go where the room is, along augmenting paths:
    // cheap, and on large tight models worth more than everything else the first seconds could do.
    const settledOut = settings.leftOutBySearch;
    placeByAugmentingPaths(best, deadline, settings.clock, settledOut ? (item) => settledOut[item] === 0 : undefined);
    // A repaired start on a large model with reciprocity forbidden (an oriented round) is polished at
    // once: there the price steps and the fresh plan after them take seconds, at national scale all the
    // time a 5 s limit leaves, and the repaired plan is what the solve returns (national with the rule,
    // service path: 5.9 → 5.3 % above the bound at 5 s, 4.0 → 3.3 % at 10 s).
    if (settings.initialItemArc && model.forbidReciprocal && model.arcBin.length > transferCycleArcs) polish(best, true);
  }
  let objective = best.refreshObjective();
  const trial = new AssignmentState(model);
  /** The incumbent's objective: Infinity before there is one, or while a must-assign item is out. */
  const incumbent = () => (incumbentKnown ? finiteOrInfinity(best) : Infinity);
  const report = (phase: CoreProgress['phase']) =>
    settings.onProgress?.({ phase, objective: incumbent(), lowerBound, gap: relativeGap(incumbent(), lowerBound), elapsedMs: settings.clock() - started });
  if (incumbentKnown) report('greedy');

  let stopped = false;
  const closed = () => relativeGap(incumbent(), lowerBound) <= settings.gapTolerance;
  const outOfTime = () => {
    if (settings.clock() >= deadline) stopped = true;
    return stopped;
  };

  /** Subgradient steps on the prices toward the incumbent until `until` passes or they settle. */
  const improvePrices = (until: number, maxSteps = Infinity) => {
    for (let steps = 0; steps < maxSteps && !prices.settled && !closed() && settings.clock() < until && !settings.shouldStop?.(); steps++) {
      if (prices.step(Number.isFinite(incumbent()) ? objective : NaN)) lowerBound = Math.max(lowerBound, prices.bestBound);
      // A re-solve from a neighbour's prices starts within a hair of its bound: there a knapsack pass now
      // and then closes what hundreds of steps would (province, a court raised 30 %: 0.51 → 0.36 s).
      if (givenPrices && !priceSearch && prices.steps % stepsPerWarmKnapsack === 0 && relativeGap(incumbent(), lowerBound) < warmKnapsackGap) strengthenBound();
    }
  };

  /**
   * Fresh assignments, polished, kept if they beat the incumbent: one from the best prices; with
   * reciprocity forbidden (a constraint the prices do not see) also one from plain costs and one with
   * every court pair oriented by the prices first.
   */
  /** The LP optimum from the min-cost flow, when the steps needed it (see below), and the steps' prices it replaced. */
  let relaxation: FlowRelaxation | null = null;
  /** Its items nearest to moving first (lpNearTies), for the residual programs: once per relaxation. */
  let lpOrder: number[] = [];
  let pricesBeforeFlow: Float64Array | null = null;
  const rebuildFromPrices = () => {
    const guides: { price: Float64Array; oriented: boolean }[] = [
      { price: bestPrice, oriented: false },
      ...(pricesBeforeFlow ? [{ price: pricesBeforeFlow, oriented: false }] : []),
      ...(model.forbidReciprocal ? [{ price: zeroPrice, oriented: false }, { price: bestPrice, oriented: true }] : []),
    ];
    for (const guide of guides) {
      // Stopped before any plan (a large model starts without one): the bare greedy, which is quick.
      const stopping = outOfTime() || settings.shouldStop?.() === true;
      if (stopping && incumbentKnown) return;
      emptyLike(trial);
      if (guide.oriented) trial.blockedPairs = orientationOf(model, evaluateDual(model, bestPrice).choice);
      const lp = guide.price === bestPrice && !guide.oriented ? relaxation : null;
      if (lp) placeLpExactly(trial, lp, lpOrder, deadline, settings.clock);
      greedyFill(trial, guide.price, tieBreak);
      if (!stopping) {
        placeByAugmentingPaths(trial, deadline, settings.clock);
        polish(trial, true);
        // The LP's near ties again, a window at a time, each placed exactly with the rest of the plan fixed.
        if (lp && improveByResidualPrograms(trial, lpOrder, deadline, settings.clock)) polish(trial);
      }
      trial.blockedPairs = null;
      if (guide.oriented && !stopping) {
        trial.forgetExamined(); // moves the blocked pairs ruled out are open again
        polish(trial);
      }
      if (trial.refreshObjective() < objective || !incumbentKnown) {
        best.copyFrom(trial);
        objective = best.refreshObjective();
        incumbentKnown = true;
      }
    }
  };

  /**
   * The bound with full bins taken as integer knapsacks at the best prices (see knapsackBound.ts): a
   * pass over the arcs, so taken when the prices have moved on, not at every step.
   */
  let strengthenedAt = -1;
  // On models small enough that a knapsack pass is cheap, prices near the best are searched for a
  // higher knapsack bound too (see knapsackPriceSearch.ts), with their own random source.
  const priceSearch = model.arcBin.length <= maxSearchedArcs ? new KnapsackPriceSearch(model, seededGenerator(`${settings.seed}/knapsack-prices`)) : null;
  const searchTrials = knapsackSearchTrials(model);
  // Full courts joined (see knapsackBound) only below national scale: there the joined tables added
  // nothing on two seeds (0 and 58 of 17.8 and 12.9 million) and took 0.4–0.6 s the plans need more.
  const joinBins = model.arcBin.length <= largeModelArcs;
  const strengthenBound = () => {
    if (strengthenedAt === prices.steps || closed()) return;
    strengthenedAt = prices.steps;
    const enough = incumbent() - settings.gapTolerance * Math.max(1, Math.abs(objective));
    lowerBound = Math.max(lowerBound, priceSearch ? priceSearch.improve(bestPrice, searchTrials, enough) : knapsackBound(model, bestPrice, joinBins));
  };

  // A round given its enclosing search's prices builds plans from them first; price steps come after,
  // if the plans leave the gap open (300-case benchmark: the optimum 60 ms sooner, cold).
  if (settings.plansBeforePrices && givenPrices && !closed()) {
    rebuildFromPrices();
    report('greedy');
  }
  // Prices first (cheap, one pass over the arcs each) until they settle, at most 100,000 steps or 40 % of
  // the time; then the primal side from those prices (more price steps come between kicks). Every
  // choice of what to do next counts work, not time, so that a solve that ends before its deadline
  // is the same on every machine and every run: plans are reproducible from their seed.
  const priceStart = settings.clock();
  const pricePhaseEnds = priceStart + 0.4 * Math.max(0, deadline - priceStart);
  improvePrices(pricePhaseEnds, stepsBeforeFlow);
  // Steps that leave the bound far below the plan on a model small enough: the LP's own prices from a
  // min-cost flow (flowRelaxation.ts), within a number of pivots. With 26 courts for 3,000 cases the
  // steps gained 0.3 % of the bound per thousand and stopped 0.3 % below the LP after 4 s (gap 2.9e-3
  // at 10 s); the flow took 90 ms and the solve proved its plan within 1e-6 in 3–6 s. The plans from
  // these prices start from the LP's rounding (at exact LP prices many cases tie between courts, which
  // a greedy fill breaks blindly), and plans from the steps' own prices are built as well (on tight
  // GAP-like models either may be the better). Where the steps do well (the medium benchmark: 4e-5
  // from the LP after 200 steps) nothing changes.
  if (!givenPrices && model.arcBin.length <= maxFlowPricedArcs && relativeGap(incumbent(), prices.bestBound) > flowWantedGap && !outOfTime()) {
    relaxation = flowRelaxation(model, { maxPivots: flowPivotsPerNode * (model.itemCount + model.binCount), shouldStop: () => settings.clock() >= deadline || settings.shouldStop?.() === true });
    if (relaxation) lpOrder = lpNearTies(model, relaxation);
    const lpEvaluation = relaxation && evaluateDual(model, relaxation.prices);
    if (relaxation && lpEvaluation && lpEvaluation.bound > prices.bestBound) {
      pricesBeforeFlow = Float64Array.from(bestPrice);
      prices.adopt(relaxation.prices, lpEvaluation);
      lowerBound = Math.max(lowerBound, prices.bestBound);
    }
  }
  improvePrices(pricePhaseEnds, 100_000 - stepsBeforeFlow);
  // Where prices near the best are searched for the knapsack bound, plans come first: the search stops
  // once it meets the plan, and a polished plan is met sooner than the greedy one (2,000-case
  // benchmark: 0.85 → 0.55 s). Without the search, the bound is a single pass, taken before the plans
  // take what time is left (national: the plans run to the deadline).
  // With a partner, its thread takes the knapsack pass while this one builds the plans (national: 0.35 s
  // more for them); the bound is collected after them, before anything that reads it decides.
  const knapsackElsewhere = partner !== null && !priceSearch && !closed();
  if (knapsackElsewhere) {
    strengthenedAt = prices.steps;
    partner.beginKnapsack(bestPrice, joinBins);
  } else if (!priceSearch) strengthenBound();
  report('lagrangian');
  if (!incumbentKnown || (!closed() && !outOfTime() && !settings.shouldStop?.())) {
    rebuildFromPrices();
    report('greedy');
  }
  if (knapsackElsewhere) lowerBound = Math.max(lowerBound, partner.endKnapsack());
  strengthenBound();
  settings.onFirstPlans?.(best.itemArc);

  // Iterated local search with the time left, a few price steps between kicks: kick two bins,
  // repair, keep what beats the best. It stops on stagnation, so a gap the bound cannot close
  // does not hold a request for the whole time limit.
  // Each kick repolishes the whole assignment, so large models get fewer fruitless kicks (work, not time, decides).
  const stagnationLimit = settings.stagnationRounds ?? Math.min(30, Math.max(3, Math.round(8_000 / Math.max(1, model.itemCount))));
  // Small models also restart from fresh greedy assignments (shuffled order, jittered prices): with
  // side constraints such as reciprocity a walk can settle in a poor basin that kicks do not leave.
  const restarts = settings.firstPlansOnly ? 0 : model.itemCount <= 500 ? 4 : 1;
  // Made when the loop runs: at national scale a state costs 20 ms, and a 5 s solve ends before the loop.
  let walkerState: AssignmentState | null = null;
  let rebuiltAt = prices.steps;
  for (let restart = 0; restart < restarts && !closed() && !outOfTime() && !settings.shouldStop?.(); restart++) {
    const walker = (walkerState ??= new AssignmentState(model));
    if (restart === 0) walker.copyFrom(best);
    else {
      emptyLike(walker);
      const shuffled = Float64Array.from({ length: model.itemCount }, () => random());
      const jittered = bestPrice.map((value) => value * (0.8 + 0.4 * random()));
      greedyFill(walker, jittered, shuffled);
      polish(walker, true);
    }
    let walkerObjective = walker.refreshObjective();
    for (let sinceBetter = 0; sinceBetter < stagnationLimit; sinceBetter++) {
      if (closed() || settings.shouldStop?.() || outOfTime()) break;
      improvePrices(deadline, 25);
      if (prices.steps - rebuiltAt >= 50) {
        strengthenBound();
        rebuiltAt = prices.steps;
        rebuildFromPrices();
      }
      if (closed() || outOfTime()) break;
      trial.copyFrom(walker);
      perturbBins(trial, random);
      polish(trial);
      const improvedBy = walkerObjective - trial.refreshObjective();
      if (improvedBy > 1e-9 * Math.abs(walkerObjective)) {
        // Only a step worth a hundredth of the remaining gap restarts the count: crumbs do not keep a request waiting.
        if (improvedBy >= 0.01 * (walkerObjective - lowerBound)) sinceBetter = -1;
        walker.copyFrom(trial);
        walkerObjective = walker.refreshObjective();
      }
    }
    if (walkerObjective < objective) {
      best.copyFrom(walker);
      objective = best.refreshObjective();
      report('local_search');
    }
  }

  strengthenBound();
  const finalObjective = assignmentObjective(model, best.itemArc);
  const feasible = assignmentViolations(model, best.itemArc).length === 0;
  const bound = Math.min(lowerBound, feasible ? finalObjective : lowerBound);
  const gap = relativeGap(feasible ? finalObjective : Infinity, bound);
  const status = !feasible ? 'infeasible' : gap <= 1e-9 ? 'optimal' : stopped ? 'time_limit' : 'feasible';
  return { status, itemArc: best.itemArc, objective: feasible ? finalObjective : Infinity, lowerBound: bound, gap, iterations: prices.steps, prices: bestPrice };
}

/** The state's objective, or Infinity while a must-assign item is out. */
function finiteOrInfinity(state: AssignmentState): number {
  // Called at every price step: court models have no must-assign item, so skip the scan for them.
  if (!hasMustAssign(state.model)) return state.objective;
  for (let item = 0; item < state.model.itemCount; item++) {
    if (state.itemArc[item] === -1 && !Number.isFinite(state.model.itemPenalty[item]!)) return Infinity;
  }
  return state.objective;
}

const mustAssignByModel = new WeakMap<AssignmentModel, boolean>();

function hasMustAssign(model: AssignmentModel): boolean {
  let known = mustAssignByModel.get(model);
  if (known === undefined) mustAssignByModel.set(model, (known = model.itemPenalty.some((penalty) => !Number.isFinite(penalty))));
  return known;
}

/** Clears a state in place (every item out). */
function emptyLike(state: AssignmentState): AssignmentState {
  for (let item = 0; item < state.model.itemCount; item++) if (state.itemArc[item] !== -1) state.remove(item);
  return state;
}
