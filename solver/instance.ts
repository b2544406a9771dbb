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
  /**
   * Per case: the least cost, prices aside, at a court of its level not judged inside its region unit
   * (designation) and outside it (cross-region); Infinity when none was left out there.
   */
  caseFloorSameUnit: Float64Array;
  caseFloorOtherUnit: Float64Array;
  /**
   * Priced floors per item (CSR: floorStart[i] .. floorStart[i+1]-1): at an omitted court of group
   * `floorGroup` (level and region unit of the origin; `floorOutside`: any other unit of that level),
   * the item costs at least floorCost + floorWeight × the least price in that set of courts.
   */
  floorStart: Int32Array;
  floorCost: Float64Array;
  floorWeight: Float64Array;
  floorGroup: Int32Array;
  floorOutside: Uint8Array;
  /** Court → its (level, region unit) group among courts in jurisdiction, -1 outside; group → level. */
  courtGroup: Int32Array;
  groupLevel: Int32Array;
}

/** Re-compiling with wider candidate sets for some cases, reusing every other case's judgements. */
export interface CandidateExpansion {
  previous: Instance;
  cases: ReadonlySet<number>;
  limits: CandidateLimits;
  /** Which courts count toward `limits.nearest` (e.g. those with room); every nearer court is kept as well. */
  counts?: (court: number) => boolean;
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
export function compileInstance(context: CourtContext, seed: string, candidateLimits?: CandidateLimits, expansion?: CandidateExpansion): Instance {
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
  const widerCandidates = expansion ? new CandidateCourts(context, expansion.limits, expansion.counts) : null;
  const itemKeyOf = (caseIndex: number) => {
    const bundleId = request.cases[caseIndex]!.bundleId;
    return bundleId === undefined ? `case:${request.cases[caseIndex]!.id}` : `bundle:${bundleId}`;
  };
  // A widening recompile takes every item none of whose cases is widened as it was: judgements, arcs, floors.
  const widenedKeys = expansion ? new Set([...expansion.cases].map(itemKeyOf)) : null;
  const keptAsWas = (caseIndex: number) => widenedKeys !== null && !widenedKeys.has(itemKeyOf(caseIndex));
  const caseFloorSameUnit = new Float64Array(caseCount).fill(Infinity);
  const caseFloorOtherUnit = new Float64Array(caseCount).fill(Infinity);
  const eligibleCourts: Int32Array[] = new Array(caseCount);
  const eligibleMode: Map<number, Mode>[] = new Array(caseCount);
  let fixedCost = 0;
  const groups = new Map<string, number[]>();
  for (let caseIndex = 0; caseIndex < caseCount; caseIndex++) {
    const courtCase = request.cases[caseIndex]!;
    const modes = new Map<number, Mode>();
    if (screening[caseIndex]!.screenedOut === null && keptAsWas(caseIndex)) {
      const previous = expansion!.previous;
      casePenalty[caseIndex] = previous.casePenalty[caseIndex]!;
      caseFloorSameUnit[caseIndex] = previous.caseFloorSameUnit[caseIndex]!;
      caseFloorOtherUnit[caseIndex] = previous.caseFloorOtherUnit[caseIndex]!;
      const key = itemKeyOf(caseIndex);
      const members = groups.get(key);
      if (members) members.push(caseIndex);
      else groups.set(key, [caseIndex]);
      eligibleMode[caseIndex] = modes;
      eligibleCourts[caseIndex] = previous.eligibleCourts[caseIndex]!;
      continue;
    }
    if (screening[caseIndex]!.screenedOut === null) {
      casePenalty[caseIndex] = unassignedPenalty(courtCase, screening[caseIndex]!.netAgeDays, policy);
      const judged = new Map<number, Judgement>();
      const judgeOnce = (court: number) => {
        let judgement = judged.get(court);
        if (!judgement) judged.set(court, (judgement = judge(context, caseIndex, court)));
        return judgement;
      };
      const reused = expansion && !expansion.cases.has(caseIndex) ? expansion.previous : null;
      const { courts, sameUnitBeyondKm, otherUnitBeyondKm } = reused
        ? { courts: reused.eligibleCourts[caseIndex]!, sameUnitBeyondKm: Infinity, otherUnitBeyondKm: Infinity }
        : (widerCandidates && expansion!.cases.has(caseIndex) ? widerCandidates : candidates).forCase(caseIndex, (court) => judgeOnce(court).eligible);
      for (const court of courts) {
        const judgement = judgeOnce(court);
        if (judgement.eligible) modes.set(court, judgement.mode);
      }
      // An omitted court is never the reference court (candidates always include it): it counts as a change.
      const change = referenceCourt[caseIndex] !== -1 ? policy.changePenalty : 0;
      const floorAt = (km: number, modeCost: number) => (km === Infinity ? Infinity : caseWorkload[caseIndex]! * policy.perKm * km + modeCost + change);
      caseFloorSameUnit[caseIndex] = reused ? reused.caseFloorSameUnit[caseIndex]! : floorAt(sameUnitBeyondKm, policy.modeCost.designated);
      caseFloorOtherUnit[caseIndex] = reused ? reused.caseFloorOtherUnit[caseIndex]! : floorAt(otherUnitBeyondKm, policy.modeCost.cross_region);
      const key = itemKeyOf(caseIndex);
      const members = groups.get(key);
      if (members) members.push(caseIndex);
      else groups.set(key, [caseIndex]);
    } else if (referenceCourt[caseIndex] !== -1) fixedCost += policy.changePenalty;
    eligibleMode[caseIndex] = modes;
    // Spread first: from() on an iterator takes a slow path (national: 0.3 s).
    eligibleCourts[caseIndex] = Int32Array.from([...modes.keys()]);
  }

  // Members of a bundle have their own nearest courts (their anchors differ) but must go to one
  // court: judge every member against all courts any member found, so the shared set is not empty
  // merely because candidates were generated per case.
  if (!candidates.isExhaustive) {
    for (const members of groups.values()) {
      if (members.length < 2 || keptAsWas(members[0]!)) continue;
      const union = new Set<number>(members.flatMap((caseIndex) => [...eligibleCourts[caseIndex]!]));
      for (const caseIndex of members) {
        for (const court of union) {
          if (eligibleMode[caseIndex]!.has(court)) continue;
          const judgement = judge(context, caseIndex, court);
          if (judgement.eligible) eligibleMode[caseIndex]!.set(court, judgement.mode);
        }
        eligibleCourts[caseIndex] = Int32Array.from(eligibleMode[caseIndex]!.keys());
      }
    }
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
  const { courtGroup, groupLevel } = courtGroups(context);
  const floorStart = new Int32Array(itemCount + 1);
  const floors: { cost: number; weight: number; group: number; outside: number }[] = [];
  const arcCourts: number[] = [];
  const arcCosts: number[] = [];
  const instanceSoFar = { context, referenceCourt, referenceMode };
  // Each court's place in id order: items sort their courts by it (national: 1.7 million arcs, where
  // comparing the id strings themselves took a second).
  const idRank = new Int32Array(tree.count);
  Int32Array.from({ length: tree.count }, (_, court) => court)
    .sort((a, b) => compareIds(request.courts[a]!.id, request.courts[b]!.id))
    .forEach((court, rank) => (idRank[court] = rank));

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
    floorStart[item] = floors.length;
    if (keptAsWas(members[0]!)) {
      // Same keys, same seed: the same item order. Checked, since a mismatch would corrupt the model silently.
      if (expansion!.previous.memberCase[expansion!.previous.memberStart[item]!] !== members[0]) throw new Error('a widening recompile found items in another order');
      copyItem(expansion!.previous, item, arcCourts, arcCosts, floors);
      itemOmittedFloor[item] = expansion!.previous.itemOmittedFloor[item]!;
      return;
    }
    const shared = members.slice(1).reduce((courts, caseIndex) => courts.filter((court) => eligibleMode[caseIndex]!.has(court)), Array.from(eligibleCourts[members[0]!]!));
    const courts = seededShuffle(shared.sort((a, b) => idRank[a]! - idRank[b]!), `${seed}/${key}`);
    if (members.length === 1) {
      // A single case: each floor carries the price of the cheapest court in the set it stands for.
      const caseIndex = members[0]!;
      const group = courtGroup[context.originOf[caseIndex]!]!;
      const weight = caseWorkload[caseIndex]!;
      if (caseFloorSameUnit[caseIndex]! < Infinity) floors.push({ cost: caseFloorSameUnit[caseIndex]!, weight, group, outside: 0 });
      if (caseFloorOtherUnit[caseIndex]! < Infinity) floors.push({ cost: caseFloorOtherUnit[caseIndex]!, weight, group, outside: 1 });
      itemOmittedFloor[item] = Math.min(caseFloorSameUnit[caseIndex]!, caseFloorOtherUnit[caseIndex]!);
    } else {
      itemOmittedFloor[item] = omittedFloorOf(context, members, caseFloorSameUnit, caseFloorOtherUnit);
      const groupsOfMembers = new Set(members.map((caseIndex) => courtGroup[context.originOf[caseIndex]!]!));
      if (groupsOfMembers.size === 1) {
        // Members from one (level, unit) group: a court omitted for the bundle was omitted for every
        // member (the union of their candidates was judged for all), so on each side of the unit the
        // bundle costs at least the sum of its members' floors there, plus its whole workload at the
        // least price of that side's courts.
        const group = courtGroup[context.originOf[members[0]!]!]!;
        const weight = members.reduce((total, caseIndex) => total + caseWorkload[caseIndex]!, 0);
        const sameUnit = members.reduce((total, caseIndex) => total + caseFloorSameUnit[caseIndex]!, 0);
        const otherUnit = members.reduce((total, caseIndex) => total + caseFloorOtherUnit[caseIndex]!, 0);
        if (sameUnit < Infinity) floors.push({ cost: sameUnit, weight, group, outside: 0 });
        if (otherUnit < Infinity) floors.push({ cost: otherUnit, weight, group, outside: 1 });
      } else if (itemOmittedFloor[item]! < Infinity) {
        // Members from several groups: a price-free floor (prices are never negative), from each member's own floors.
        floors.push({ cost: itemOmittedFloor[item]!, weight: 0, group: -1, outside: 0 });
      }
    }
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
  floorStart[itemCount] = floors.length;

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
    caseFloorSameUnit,
    caseFloorOtherUnit,
    floorStart,
    floorCost: Float64Array.from(floors, (floor) => floor.cost),
    floorWeight: Float64Array.from(floors, (floor) => floor.weight),
    floorGroup: Int32Array.from(floors, (floor) => floor.group),
    floorOutside: Uint8Array.from(floors, (floor) => floor.outside),
    courtGroup,
    groupLevel,
  };
}

/** Appends the arcs and floors of `item` as `previous` has them (the same item: same key, same seed, same order). */
function copyItem(previous: Instance, item: number, arcCourts: number[], arcCosts: number[], floors: { cost: number; weight: number; group: number; outside: number }[]): void {
  for (let arc = previous.arcStart[item]!; arc < previous.arcStart[item + 1]!; arc++) {
    arcCourts.push(previous.arcCourt[arc]!);
    arcCosts.push(previous.arcCost[arc]!);
  }
  for (let floor = previous.floorStart[item]!; floor < previous.floorStart[item + 1]!; floor++) {
    floors.push({ cost: previous.floorCost[floor]!, weight: previous.floorWeight[floor]!, group: previous.floorGroup[floor]!, outside: previous.floorOutside[floor]! });
  }
}

/**
 * Floor on a bundle's cost at a court it did not judge. Every member is judged on every court any
 * member judged, so such a court was left out for all of them: each member costs at least its own
 * floor there, and a member with nothing left out means no such court exists (Infinity). When the
 * members share an origin unit the court is inside it for all or outside it for all.
 */
function omittedFloorOf(context: CourtContext, members: number[], floorSame: Float64Array, floorOther: Float64Array): number {
  const sum = (floors: (caseIndex: number) => number) => members.reduce((total, caseIndex) => total + floors(caseIndex), 0);
  const units = new Set(members.map((caseIndex) => context.regionUnit[context.originOf[caseIndex]!]));
  if (units.size === 1) return Math.min(sum((caseIndex) => floorSame[caseIndex]!), sum((caseIndex) => floorOther[caseIndex]!));
  return sum((caseIndex) => Math.min(floorSame[caseIndex]!, floorOther[caseIndex]!));
}

/** Code-unit order: locale-free, so every machine sorts ids the same way. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Groups courts in jurisdiction by (level, region unit): the sets whose least price bounds an omitted court's. */
function courtGroups(context: CourtContext): { courtGroup: Int32Array; groupLevel: Int32Array } {
  const courtGroup = new Int32Array(context.tree.count).fill(-1);
  const ids = new Map<string, number>();
  const levels: number[] = [];
  for (let court = 0; court < context.tree.count; court++) {
    if (!context.inJurisdiction[court]) continue;
    const key = `${context.tree.levelRank[court]}:${context.regionUnit[court]}`;
    let group = ids.get(key);
    if (group === undefined) {
      ids.set(key, (group = levels.length));
      levels.push(context.tree.levelRank[court]!);
    }
    courtGroup[court] = group;
  }
  return { courtGroup, groupLevel: Int32Array.from(levels) };
}
