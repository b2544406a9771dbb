/**
 * The solver's only door. Pure: no I/O, no clock of its own (callers pass one), no process state,
 * so it runs unchanged in a worker thread and in benchmarks.
 */
import type { FieldError, PlanBody, PlanRequest, ResolvedPolicy } from '../schemas/index.js';
import { largeModelArcs, relativeGap, solveAssignmentModel, type CoreProgress, type CoreSettings } from './core/coreSolve.js';
import type { AssignmentModel } from './core/assignmentModel.js';
import { modelFromCourtInstance } from './core/fromCourtInstance.js';
import { exceedsExactPath, solveExactly, type SolveOutcome } from './exactSolve.js';
import { explainCase as explainCompiledCase, type CaseExplanation } from './explain.js';
import { buildCourtContext } from './courtContext.js';
import { nearestCandidates, type CandidateLimits } from './candidateCourts.js';
import { compileInstance, type Instance } from './instance.js';
import { findPinErrors } from './pins.js';
import { courtLoads } from './sideConstraints.js';
import { reportPlan } from './planReport.js';

export { findConsistencyErrors } from './consistency.js';
export { greatCircleKm } from './greatCircle.js';
export { netAgeDays } from './netAge.js';
export { exactPathLimits } from './exactSolve.js';
export { eligibilityRules, type EligibilityRule } from './eligibility.js';
export type { CaseExplanation } from './explain.js';
export { fitCase, type CaseFit, type FitOption, type FitOutcome } from './fitCase.js';
export { screenInventory, type ScreeningResult, type ScreeningTrigger } from './screenInventory.js';
export { withCapacities } from './capacityRecompile.js';
export { reviseWithOverrides, type PlanOverride, type RevisionOutcome } from './overrides.js';

/**
 * Largest model the service plans: candidate (case, court) arcs after eligibility. Beyond it a 422,
 * never a solve that cannot finish. A national plan (100,000 cases, ~3,500 courts) has ~2 million.
 */
export const modelSizeLimits = { candidateArcs: 8_000_000 } as const;

export const solverVersion = 'court-assign-solver/0.22.0 (exact, up to 400 cases and 4,000 candidate pairs (1,000 with reciprocity forbidden): own branch and bound on a bounded dual simplex with a sparse inverse update, cover, MIR and Gomory cuts at the root, handing a search far from its proof (past 1,000 pairs: any unfinished search) to the core after 60 % of the time, javascript-lp-solver 1.0.3 as its fallback; core: Lagrangian + knapsack bound with joined full courts, price steps, market clearing and transfer cycles shared with a second thread on large models, LP by min-cost flow where the price steps crawl with its split and near-tie cases placed by javascript-lp-solver residual programs, reduced-cost fixing, augmenting paths, set evictions, transfer cycles, heavy moves, local search)';

export interface PlanningInput {
  /** A request that passed `findConsistencyErrors`. */
  request: PlanRequest;
  policy: ResolvedPolicy;
  decidingCourtId: string;
  seed: string;
  timeLimitMs: number;
  gapTolerance: number;
  clock: () => number;
  /** Polled during long solves: true stops with the best plan so far. */
  shouldStop?: () => boolean;
  /** Cap on candidate (case, court) arcs; default modelSizeLimits.candidateArcs. */
  maxCandidateArcs?: number;
  /** When candidates are generated rather than exhaustive; defaults in candidateCourts.ts. */
  candidateLimits?: CandidateLimits;
  /**
   * A plan to start the search from (a neighbouring scenario, the plan being re-planned): the core
   * begins with these assignments where they are still feasible. It changes where the search starts,
   * never the model, so the objective and the bound mean what they always mean.
   */
  warmStart?: WarmStart;
  /** Called at each phase and each better plan or bound, e.g. to report a job's progress. */
  onProgress?: (progress: PlanningProgress) => void;
  /** A second thread for the price steps on large models (CoreSettings.scanPartner). */
  scanPartner?: CoreSettings['scanPartner'];
}

/** A neighbouring plan to start from: its assignments and, when known, the capacity prices behind its bound (by court id). */
export interface WarmStart {
  assignments: readonly { caseId: string; courtId: string }[];
  prices?: Readonly<Record<string, number>>;
  /** The court capacities the plan and its prices were made for: a court raised since starts unpriced. */
  capacities?: Readonly<Record<string, number>>;
}

/** Where a solve is: the phase, and once the search runs, its incumbent and bound (Infinity / -Infinity before). */
export interface PlanningProgress {
  phase: 'compiling' | 'exact' | CoreProgress['phase'];
  objective: number;
  lowerBound: number;
  gap: number;
}

export type PlanningOutcome =
  | { kind: 'planned'; plan: PlanBody; boundSource: SolveOutcome['boundSource']; prices?: Record<string, number> }
  | { kind: 'inconsistent'; errors: FieldError[] }
  | { kind: 'too_large'; detail: string };

/**
 * A request compiled for the solver (screening, eligibility, candidates, costs): the costly part of a
 * solve that a neighbouring request differing only in capacities can reuse (`withCapacities`).
 */
export type CompiledRequest = Instance;

export function compileRequest(input: Pick<PlanningInput, 'request' | 'policy' | 'decidingCourtId' | 'seed' | 'candidateLimits'>): CompiledRequest {
  return compileInstance(buildCourtContext(input.request, input.policy, input.decidingCourtId), input.seed, input.candidateLimits);
}

/**
 * Plans a consistent request: pins checked, model compiled (by `compile`, which may reuse a
 * neighbour's compile), solved exactly when small, by the core otherwise.
 */
export function planCourts(input: PlanningInput, compile: (input: PlanningInput) => CompiledRequest = compileRequest): PlanningOutcome {
  input.onProgress?.({ phase: 'compiling', objective: Infinity, lowerBound: -Infinity, gap: Infinity });
  const instance = compile(input);
  const maxArcs = input.maxCandidateArcs ?? modelSizeLimits.candidateArcs;
  if (instance.arcCourt.length > maxArcs) {
    return { kind: 'too_large', detail: `the model has ${instance.arcCourt.length} candidate (case, court) pairs, above the limit of ${maxArcs}` };
  }
  const pinErrors = findPinErrors(instance);
  if (pinErrors.length > 0) return { kind: 'inconsistent', errors: pinErrors };
  if (instance.hasOmittedCandidates) {
    const widened = solveWithWideningCandidates(instance, input);
    return { kind: 'planned', plan: reportPlan(widened.instance, widened.outcome), boundSource: widened.outcome.boundSource, ...pricesById(widened.instance, widened.outcome) };
  }
  if (!exceedsExactPath(instance)) input.onProgress?.({ phase: 'exact', objective: Infinity, lowerBound: -Infinity, gap: Infinity });
  const outcome = exceedsExactPath(instance) ? solveWithCore(instance, input, warmStartOf(instance, input)) : solveSmallModel(instance, input);
  return { kind: 'planned', plan: reportPlan(instance, outcome), boundSource: outcome.boundSource, ...pricesById(instance, outcome) };
}

/**
 * The exact search's share of the time on a small model before it may hand over. Past it, a search
 * whose gap is still above handOverGap hands its best plan to the core's local search for the rest:
 * with reciprocity and pair limits on 100+ cases the search's root alone can take seconds, its plan
 * then the greedy one (0.5 above the optimum on one benchmark request), where the core finds a
 * near-optimal one. A search that is close keeps the whole limit to finish its proof.
 */
const exactShare = 0.6;

/**
 * Small models past this many candidate pairs hand over whenever the search has not finished by the
 * hand-over, however close it is: on requests like the samples' with 180–200 cases, searches 1e-5
 * from their proof at 6 s ended at 10 s with plans 1e-6 to 7e-6 above the core's (found in 1.2–1.6 s
 * alone); handed over, the core matched or beat those plans in 7–8 s in all. Smaller searches that
 * are close usually finish.
 */
const alwaysHandOverArcs = 1_000;

/** Small models: exactly, then, if the search handed over, the core from the search's best plan. */
export function solveSmallModel(instance: Instance, input: PlanningInput): SolveOutcome {
  const started = input.clock();
  const exact = solveExactly(instance, { ...input, handOverAfterMs: exactShare * input.timeLimitMs, ...(instance.arcCourt.length > alwaysHandOverArcs ? { handOverGap: 0 } : {}) });
  const remaining = input.timeLimitMs - (input.clock() - started);
  if (exact.status !== 'time_limit' || remaining <= 0 || input.shouldStop?.()) return exact;
  const core = solveWithCore(instance, { ...input, timeLimitMs: remaining }, { itemCourt: exact.itemCourt, settled: false });
  const [best, other] = core.objective < exact.objective ? [core, exact] : [exact, core];
  const combined = withBestBound(best, other);
  // The search stopped at its hand-over and the core at the limit: the pair was stopped by the clock.
  return { ...combined, status: combined.gap <= 1e-9 ? 'optimal' : 'time_limit', boundSource: best.lowerBound >= other.lowerBound ? best.boundSource : other.boundSource };
}

/** The core's capacity prices by court id, for the next solve's warm start. */
function pricesById(instance: Instance, outcome: SolveOutcome): { prices?: Record<string, number> } {
  if (!outcome.prices) return {};
  const { request } = instance.context;
  return { prices: Object.fromEntries(request.courts.map((court, index) => [court.id, outcome.prices![index]!])) };
}

/**
 * The warm start's prices per court index: 0 where none is given, and 0 at a court whose capacity is
 * higher now than in the plan they came from. A raise can make a price fall, which the auction-style
 * start (clearMarket) cannot do; from the old price the steps took seconds to bring it down (province,
 * busiest court +30 %: 5.5 s and a gap of 6e-5 instead of 0.23 s and 3e-7). A court still over-demanded
 * at 0 gets its price back from the auction rounds.
 */
function warmPricesOf(instance: Instance, input: PlanningInput): Float64Array | undefined {
  const given = input.warmStart?.prices;
  if (!given) return undefined;
  const capacityThen = input.warmStart?.capacities;
  return Float64Array.from(instance.context.request.courts, (court) => {
    const then = capacityThen?.[court.id];
    return then !== undefined && court.capacity > then ? 0 : (given[court.id] ?? 0);
  });
}

/** Where a solve starts: a court per item (-1 where none), and whether a finished search made it (see CoreSettings.leftOutBySearch). */
interface SolveStart {
  itemCourt: Int32Array;
  settled: boolean;
}

/**
 * The warm start as a court per item: a bundle starts where its first member was. A plan the service
 * made (a what-if re-solve) is settled; a reference plan is not.
 */
function warmStartOf(instance: Instance, input: PlanningInput): SolveStart | undefined {
  // Re-planning against a reference starts from it unless told otherwise: most of it usually stays.
  const given = input.warmStart?.assignments;
  const assignments = given ?? input.request.reference?.assignments;
  if (!assignments || assignments.length === 0) return undefined;
  const { tree, caseIndexById } = instance.context;
  const itemCourt = new Int32Array(instance.itemCount).fill(-1);
  for (const { caseId, courtId } of assignments) {
    const caseIndex = caseIndexById.get(caseId);
    const court = tree.indexById.get(courtId);
    if (caseIndex === undefined || court === undefined) continue;
    const item = instance.itemOfCase[caseIndex]!;
    if (item !== -1 && itemCourt[item] === -1) itemCourt[item] = court;
  }
  return { itemCourt, settled: given !== undefined };
}

/**
 * The scalable core on the generic model, its arcs mapped back to courts. Prices to start from: those
 * given (a widening round passes the previous round's, same courts), else the warm start's.
 */
function solveWithCore(
  instance: Instance,
  input: PlanningInput,
  start?: SolveStart,
  givenPrices?: Float64Array,
  onFirstPlans?: (itemCourt: Int32Array) => void,
): SolveOutcome {
  const initialPrices = givenPrices ?? warmPricesOf(instance, input);
  const model = modelFromCourtInstance(instance);
  const initialItemArc = start && Int32Array.from(start.itemCourt, (court, item) => {
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) if (model.arcBin[arc] === court) return arc;
    return -1;
  });
  const core = solveAssignmentModel(model, {
    timeLimitMs: input.timeLimitMs,
    gapTolerance: input.gapTolerance,
    seed: input.seed,
    clock: input.clock,
    ...(input.shouldStop ? { shouldStop: input.shouldStop } : {}),
    ...(initialItemArc ? { initialItemArc } : {}),
    ...(start?.settled ? { leftOutBySearch: Uint8Array.from(start.itemCourt, (court) => (court === -1 ? 1 : 0)) } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.scanPartner ? { scanPartner: input.scanPartner } : {}),
    ...(initialPrices ? { initialPrices } : {}),
    ...(onFirstPlans ? { onFirstPlans: (itemArc: Int32Array) => onFirstPlans(courtsOfArcs(model, itemArc)) } : {}),
  });
  // Court models always have the all-unassigned plan (pins are checked), so the core never ends infeasible.
  if (core.status === 'infeasible') throw new Error('the core found no feasible plan for a court model');
  const itemCourt = courtsOfArcs(model, core.itemArc);
  return { status: core.status, itemCourt, objective: core.objective, lowerBound: core.lowerBound, gap: core.gap, boundSource: 'lagrangian', prices: core.prices };
}

function courtsOfArcs(model: AssignmentModel, itemArc: Int32Array): Int32Array {
  return Int32Array.from(itemArc, (arc) => (arc === -1 ? -1 : model.arcBin[arc]!));
}

/** Widening rounds after the first solve: candidates ×4, ×16, ×64 for the cases still left out. */
const wideningRounds = 3;
/**
 * The first solve's share of the time when its first plans leave cases that wider candidates could
 * place: half, four fifths on large models (largeModelArcs), where a core solve needs seconds before
 * its first polished plan and a second solve from it repeats much of that.
 */
const firstSolveShare = (instance: Instance) => (instance.arcCourt.length > largeModelArcs ? 0.8 : 0.5);
/**
 * A round starts only with at least this share of the time limit left: a search with reciprocity
 * forbidden runs its first oriented round whatever the clock says (national, 5 s limit: a widening
 * round that its recompile left 13 ms ran 2 s past the limit and changed nothing).
 */
const minimumRoundShare = 0.05;

/**
 * Generated candidates can leave a case out when its nearest courts are full though farther ones
 * have room. So: solve, and if the first plans from the settled prices leave such cases out, stop
 * that solve at half the time (more on large models: firstSolveShare); then, while cases are left
 * out that some omitted court could serve for less than their penalty, widen their candidates
 * fourfold and solve again from the plan so far (each round half of what time is left, the last all
 * of it). When the first plans need no widening, the first solve keeps the whole limit: a second solve
 * on the same model would repeat its prices and first plans (national, 5 s: the fifth of the time it
 * took gained less than the same time spent on the first solve's local search).
 */
function solveWithWideningCandidates(first: Instance, input: PlanningInput): { instance: Instance; outcome: SolveOutcome } {
  const started = input.clock();
  const remaining = () => Math.max(1, input.timeLimitMs - (input.clock() - started));
  const noTimeForRound = () => input.clock() - started >= (1 - minimumRoundShare) * input.timeLimitMs || input.shouldStop?.() === true;
  let instance = first;
  let widenWanted = false;
  const firstShareEnds = started + input.timeLimitMs * firstSolveShare(first);
  const cutForWidening = () => widenWanted && input.clock() >= firstShareEnds;
  let outcome = solveWithCore(
    first,
    { ...input, shouldStop: () => input.shouldStop?.() === true || cutForWidening() },
    warmStartOf(first, input),
    undefined,
    (itemCourt) => (widenWanted = casesWorthWidening(first, itemCourt, courtLoads(first, itemCourt)).size > 0),
  );
  let stoppedEarly = outcome.status === 'time_limit' || cutForWidening();
  let nearest = input.candidateLimits?.nearest ?? nearestCandidates;
  for (let round = 1; round <= wideningRounds && !noTimeForRound(); round++) {
    const loads = courtLoads(instance, outcome.itemCourt);
    const widen = casesWorthWidening(instance, outcome.itemCourt, loads);
    if (widen.size === 0) {
      // Nothing (more) to widen: if the last solve was stopped early, spend what is left on the same model.
      if (stoppedEarly) outcome = withBestBound(solveWithCore(instance, { ...input, timeLimitMs: remaining() }, { itemCourt: outcome.itemCourt, settled: false }, outcome.prices), outcome);
      break;
    }
    nearest *= 4;
    // The nearest courts with room count, the full ones nearer than them come along (a case there may move out).
    const courts = first.context.request.courts;
    const hasRoom = (court: number) => courts[court]!.capacity - loads[court]! >= 1;
    const widened = compileInstance(first.context, input.seed, input.candidateLimits, { previous: instance, cases: widen, limits: { exhaustivePairs: 0, nearest }, counts: hasRoom });
    const share = round === wideningRounds ? remaining() : remaining() / 2;
    if (share < minimumRoundShare * input.timeLimitMs) break; // the recompile took the time left
    const next = solveWithCore(widened, { ...input, timeLimitMs: share }, { itemCourt: outcome.itemCourt, settled: false }, outcome.prices);
    if (next.objective > outcome.objective) {
      outcome = withBestBound(outcome, next);
      break;
    }
    instance = widened;
    outcome = withBestBound(next, outcome);
    stoppedEarly = outcome.status === 'time_limit';
  }
  return { instance, outcome };
}

/** At most this many cases that hold the courts a left-out case wants have their candidates widened per round. */
const maxWidenedBlockers = 5_000;

/**
 * Cases to widen: those of the items left out that some court outside their candidates could serve
 * for less than their penalty; and the blockers, the items placed at a full court that a left-out
 * item could use, when they have courts outside their candidates. A local case whose own unit is
 * full is placed only if a cross-region case there moves farther away, to a court it never judged.
 */
function casesWorthWidening(instance: Instance, itemCourt: Int32Array, loads: Float64Array): Set<number> {
  const widen = new Set<number>();
  const addMembers = (item: number) => {
    for (let member = instance.memberStart[item]!; member < instance.memberStart[item + 1]!; member++) widen.add(instance.memberCase[member]!);
  };
  const wantedCourts = new Set<number>();
  for (let item = 0; item < instance.itemCount; item++) {
    if (itemCourt[item] !== -1 || !(instance.itemUnassignedCost[item]! > 0)) continue;
    if (instance.itemOmittedFloor[item]! < instance.itemUnassignedCost[item]!) addMembers(item);
    for (let arc = instance.arcStart[item]!; arc < instance.arcStart[item + 1]!; arc++) {
      const court = instance.arcCourt[arc]!;
      if (loads[court]! + instance.itemWorkload[item]! > instance.context.request.courts[court]!.capacity) wantedCourts.add(court);
    }
  }
  if (wantedCourts.size === 0) return widen;
  let blockers = 0;
  for (let item = 0; item < instance.itemCount && blockers < maxWidenedBlockers; item++) {
    const court = itemCourt[item]!;
    if (court === -1 || !wantedCourts.has(court) || instance.itemOmittedFloor[item] === Infinity || instance.itemPinnedCourt[item] !== -1) continue;
    addMembers(item);
    blockers++;
  }
  return widen;
}

/** Both solves bound the same optimum (floors keep every bound true for the full model): keep the higher. */
function withBestBound(kept: SolveOutcome, other: SolveOutcome): SolveOutcome {
  const lowerBound = Math.min(kept.objective, Math.max(kept.lowerBound, other.lowerBound));
  const gap = relativeGap(kept.objective, lowerBound);
  return { ...kept, lowerBound, gap, status: gap <= 1e-9 ? 'optimal' : kept.status === 'optimal' ? 'feasible' : kept.status };
}

/** Explains one case of a plan made from the same request, policy and seed. */
export function explainPlannedCase(input: Pick<PlanningInput, 'request' | 'policy' | 'decidingCourtId' | 'seed'>, plan: PlanBody, caseId: string): CaseExplanation | null {
  return explainCompiledCase(buildCourtContext(input.request, input.policy, input.decidingCourtId), plan, caseId);
}
