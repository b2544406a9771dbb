import type { Case, Mode } from '../schemas/index.js';
import type { CourtContext } from './courtContext.js';
import { CandidateCourts, type CandidateLimits } from './candidateCourts.js';
import { judge, type Judgement } from './eligibility.js';
import { greatCircleKm } from './greatCircle.js';
import { screenCase, unassignedPenalty, type Screening } from './screening.js';
import { seededShuffle } from './seededRandom.js';

/**
 * The request compiled for the solver. Items are what gets placed: a single case, or a bundle whose
 * cases go together. Candidate arcs are stored per item in CSR form:
 *
 *   arcs of item i = arcStart[i] .. arcStart[i+1]-1;  arcCourt[a], arcCost[a]
 *
 * arcCost is the item's whole cost at that court (convenience + mode cost + change penalties of
 * its members); itemUnassignedCost is its cost when left out (penalties + change penalties).
 * Members of item i are memberCase[memberStart[i] .. memberStart[i+1]-1].
 */
export interface Instance {
  context: CourtContext;
  seed: string;
  screening: Screening[];
  /** Unassigned penalty per case (0 for screened-out cases). */
  casePenalty: Float64Array;
  caseWorkload: Float64Array;
  /** Reference court index and mode per case; -1 / null without a reference entry. */
  referenceCourt: Int32Array;
  referenceMode: (Mode | null)[];
  /** Changed-vs-reference cost that no plan can avoid (screened-out cases with a reference entry). */
  fixedCost: number;
  itemCount: number;
  memberStart: Int32Array;
  memberCase: Int32Array;
  itemWorkload: Float64Array;
  itemUnassignedCost: Float64Array;
  /** Court the item is pinned to, or -1. */
  itemPinnedCourt: Int32Array;
  /** Item index per case; -1 for screened-out cases. */
  itemOfCase: Int32Array;
  arcStart: Int32Array;
  arcCourt: Int32Array;
  arcCost: Float64Array;
  /** Eligible courts per case among the candidates judged (all of them in small jurisdictions), capacity ignored. */
  eligibleCourts: Int32Array[];
  /**
   * Least cost an item could have at an eligible court that was not judged (large jurisdictions keep
   * only the nearest cross-region courts); Infinity when no such court was left out. Bounds use it.
   */
  itemOmittedFloor: Float64Array;
  /** Whether any candidate was left out: then only the core, with its floors, may certify the plan. */
  hasOmittedCandidates: boolean;
}

/** Cost of one case at one court under its mode: convenience + mode + change penalty. */
export function caseCostAt(instance: Pick<Instance, 'context' | 'referenceCourt' | 'referenceMode'>, caseIndex: number, court: number, mode: Mode) {
  const { request, policy } = instance.context;
  const courtCase = request.cases[caseIndex] as Case;
  const target = request.courts[court]!;
  const anchor = courtCase.anchor ?? request.courts[instance.context.originOf[caseIndex]!]!.location;
  const km = greatCircleKm(anchor, target.location);
  const convenience = (courtCase.workload ?? 1) * policy.perKm * km;
  const modeCost = policy.modeCost[mode];
  const changed = instance.referenceCourt[caseIndex] !== -1 && (instance.referenceCourt[caseIndex] !== court || instance.referenceMode[caseIndex] !== mode);
  return { km, convenience, mode: modeCost, total: convenience + modeCost, change: changed ? policy.changePenalty : 0 };
}

/**
 * Compiles a consistent request into the solver's instance. Items and each item's arcs are
 * ordered canonically (by id) and then shuffled by the seed: the MIP takes the first optimum it
 * meets, so this order is the seeded tie-break, and input order never matters.
 */
export function compileInstance(context: CourtContext, seed: string, candidateLimits?: CandidateLimits): Instance {
  const { request, policy, tree } = context;
  const caseCount = request.cases.length;
  const screening = request.cases.map((courtCase) => screenCase(courtCase, policy));
  const casePenalty = new Float64Array(caseCount);
  const caseWorkload = Float64Array.from(request.cases, (courtCase) => courtCase.workload ?? 1);
  const referenceCourt = new Int32Array(caseCount).fill(-1);
  const referenceMode: (Mode | null)[] = new Array(caseCount).fill(null);
  for (const entry of request.reference?.assignments ?? []) {
    const caseIndex = context.caseIndexById.get(entry.caseId)!;
    referenceCourt[caseIndex] = tree.indexById.get(entry.courtId)!;
    referenceMode[caseIndex] = entry.mode;
  }

  const candidates = new CandidateCourts(context, candidateLimits);
  const caseOmittedFloor = new Float64Array(caseCount).fill(Infinity);
  const eligibleCourts: Int32Array[] = new Array(caseCount);
  const eligibleMode: Map<number, Mode>[] = new Array(caseCount);
  let fixedCost = 0;
  const groups = new Map<string, number[]>();
  for (let caseIndex = 0; caseIndex < caseCount; caseIndex++) {
    const courtCase = request.cases[caseIndex]!;
    const modes = new Map<number, Mode>();
    if (screening[caseIndex]!.screenedOut === null) {
      casePenalty[caseIndex] = unassignedPenalty(courtCase, screening[caseIndex]!.netAgeDays, policy);
      const judged = new Map<number, Judgement>();
      const judgeOnce = (court: number) => {
        let judgement = judged.get(court);
        if (!judgement) judged.set(court, (judgement = judge(context, caseIndex, court)));
        return judgement;
      };
      const { courts, omittedBeyondKm } = candidates.forCase(caseIndex, (court) => judgeOnce(court).eligible);
      for (const court of courts) {
        const judgement = judgeOnce(court);
        if (judgement.eligible) modes.set(court, judgement.mode);
      }
      if (omittedBeyondKm !== Infinity) {
        // Omitted courts are designated or cross-region ones; the cheaper mode cost keeps the floor true for both.
        const modeFloor = Math.min(policy.modeCost.designated, policy.modeCost.cross_region);
        caseOmittedFloor[caseIndex] = caseWorkload[caseIndex]! * policy.perKm * omittedBeyondKm + modeFloor + (referenceCourt[caseIndex] !== -1 ? policy.changePenalty : 0);
      }
      const key = courtCase.bundleId === undefined ? `case:${courtCase.id}` : `bundle:${courtCase.bundleId}`;
      const members = groups.get(key);
      if (members) members.push(caseIndex);
      else groups.set(key, [caseIndex]);
    } else if (referenceCourt[caseIndex] !== -1) fixedCost += policy.changePenalty;
    eligibleMode[caseIndex] = modes;
    eligibleCourts[caseIndex] = Int32Array.from(modes.keys());
  }

  const itemKeys = seededShuffle([...groups.keys()].sort(), seed);
  const itemCount = itemKeys.length;
  const memberStart = new Int32Array(itemCount + 1);
  const memberCase = new Int32Array(caseCount);
  const itemWorkload = new Float64Array(itemCount);
  const itemUnassignedCost = new Float64Array(itemCount);
  const itemPinnedCourt = new Int32Array(itemCount).fill(-1);
  const itemOfCase = new Int32Array(caseCount).fill(-1);
  const arcStart = new Int32Array(itemCount + 1);
  const itemOmittedFloor = new Float64Array(itemCount).fill(Infinity);
  const arcCourts: number[] = [];
  const arcCosts: number[] = [];
  const instanceSoFar = { context, referenceCourt, referenceMode };

  let memberCount = 0;
  itemKeys.forEach((key, item) => {
    const members = groups.get(key)!;
    memberStart[item] = memberCount;
    for (const caseIndex of members) {
      memberCase[memberCount++] = caseIndex;
      itemOfCase[caseIndex] = item;
      itemWorkload[item] += caseWorkload[caseIndex]!;
      itemUnassignedCost[item] += casePenalty[caseIndex]! + (referenceCourt[caseIndex] !== -1 ? policy.changePenalty : 0);
      const pin = request.cases[caseIndex]!.pinned;
      if (pin) itemPinnedCourt[item] = tree.indexById.get(pin.courtId)!;
    }
    arcStart[item] = arcCourts.length;
    const shared = members.reduce<number[]>(
      (courts, caseIndex) => courts.filter((court) => eligibleMode[caseIndex]!.has(court)),
      [...eligibleCourts[members[0]!]!],
    );
    const courts = seededShuffle(shared.sort((a, b) => compareIds(request.courts[a]!.id, request.courts[b]!.id)), `${seed}/${key}`);
    itemOmittedFloor[item] = omittedFloorOf(instanceSoFar, members, eligibleMode, caseOmittedFloor);
    for (const court of courts) {
      // A court that could never hold the item is no candidate (a pin on it is a 422 found earlier).
      if (request.courts[court]!.capacity < itemWorkload[item]! && itemPinnedCourt[item] !== court) continue;
      let cost = 0;
      for (const caseIndex of members) {
        const terms = caseCostAt(instanceSoFar, caseIndex, court, eligibleMode[caseIndex]!.get(court)!);
        cost += terms.total + terms.change;
      }
      arcCourts.push(court);
      arcCosts.push(cost);
    }
  });
  memberStart[itemCount] = memberCount;
  arcStart[itemCount] = arcCourts.length;

  return {
    context,
    seed,
    screening,
    casePenalty,
    caseWorkload,
    referenceCourt,
    referenceMode,
    fixedCost,
    itemCount,
    memberStart,
    memberCase: memberCase.subarray(0, memberCount),
    itemWorkload,
    itemUnassignedCost,
    itemPinnedCourt,
    itemOfCase,
    arcStart,
    arcCourt: Int32Array.from(arcCourts),
    arcCost: Float64Array.from(arcCosts),
    eligibleCourts,
    itemOmittedFloor,
    hasOmittedCandidates: itemOmittedFloor.some(Number.isFinite),
  };
}

/**
 * Floor on an item's cost at a court some member did not judge: each member costs at least its own
 * floor there, or, if it judged that court, at least its cheapest judged option. Infinity when no
 * member left a court out.
 */
function omittedFloorOf(
  instance: Pick<Instance, 'context' | 'referenceCourt' | 'referenceMode'>,
  members: number[],
  eligibleMode: Map<number, Mode>[],
  caseOmittedFloor: Float64Array,
): number {
  if (members.every((caseIndex) => caseOmittedFloor[caseIndex] === Infinity)) return Infinity;
  let floor = 0;
  for (const caseIndex of members) {
    let cheapestJudged = Infinity;
    for (const [court, mode] of eligibleMode[caseIndex]!) {
      const terms = caseCostAt(instance, caseIndex, court, mode);
      cheapestJudged = Math.min(cheapestJudged, terms.total + terms.change);
    }
    floor += Math.min(caseOmittedFloor[caseIndex]!, cheapestJudged);
  }
  return floor;
}

/** Code-unit order: locale-free, so every machine sorts ids the same way. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The mode a case takes at a court it is eligible for. */
export function modeAt(instance: Instance, caseIndex: number, court: number): Mode {
  const judgement = judge(instance.context, caseIndex, court);
  if (!judgement.eligible) throw new Error(`case ${caseIndex} is not eligible at court ${court}`);
  return judgement.mode;
}
