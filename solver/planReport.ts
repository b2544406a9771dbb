import type { Assignment, Case, CourtLoad, Kpis, Mode, PlanBody, Unassigned } from '../schemas/index.js';
import { eligibilityRules, judge, type EligibilityRule } from './eligibility.js';
import type { SolveOutcome } from './exactSolve.js';
import { caseCostAt, type Instance } from './instance.js';
import { legalBasisFor } from './legalBasis.js';
import { courtLoads, itemOrigins, pairCounts, reciprocalPairCount } from './sideConstraints.js';

/** Turns a placement into the plan API.md describes: every decision with its costs, basis and reasons. */
export function reportPlan(instance: Instance, outcome: SolveOutcome): PlanBody {
  const { request, tree, policy } = instance.context;
  const loads = courtLoads(instance, outcome.itemCourt);
  const assignments: Assignment[] = [];
  const unassigned: Unassigned[] = [];
  const inByMode = request.courts.map(() => ({ designated: 0, escalated: 0, cross_region: 0 }));
  const out = new Int32Array(tree.count);
  let assignedWorkload = 0;
  let kmSum = 0;
  let kmMax = 0;
  let crossRegion = 0;
  let changed = 0;
  let vulnerableEligible = 0;
  let vulnerableAssigned = 0;

  request.cases.forEach((courtCase, caseIndex) => {
    const item = instance.itemOfCase[caseIndex]!;
    const court = item === -1 ? -1 : outcome.itemCourt[item]!;
    const vulnerable = courtCase.livelihood === true || courtCase.specialGroup === true;
    if (item !== -1 && vulnerable) vulnerableEligible++;
    if (court === -1) {
      if (instance.referenceCourt[caseIndex] !== -1) changed++;
      unassigned.push(explainUnassigned(instance, caseIndex, loads));
      return;
    }
    const mode = judgedMode(instance, caseIndex, court);
    const terms = caseCostAt(instance, caseIndex, court, mode);
    if (terms.change > 0) changed++;
    if (vulnerable) vulnerableAssigned++;
    if (mode === 'cross_region') crossRegion++;
    inByMode[court]![mode]++;
    out[instance.context.originOf[caseIndex]!]++;
    assignedWorkload += instance.caseWorkload[caseIndex]!;
    kmSum += terms.km;
    kmMax = Math.max(kmMax, terms.km);
    const sixMonthsMet = instance.screening[caseIndex]!.netAgeDays >= policy.minNetAgeDays;
    assignments.push({
      caseId: courtCase.id,
      courtId: request.courts[court]!.id,
      mode,
      cost: { km: terms.km, convenience: terms.convenience, mode: terms.mode, total: terms.total },
      legalBasis: legalBasisFor(mode, courtCase, sixMonthsMet),
      reasons: assignmentReasons(instance, caseIndex, court, mode, terms.km),
    });
  });

  const courts: CourtLoad[] = tree.jurisdiction(instance.context.deciding).map((court) => {
    const capacity = request.courts[court]!.capacity;
    return {
      courtId: request.courts[court]!.id,
      load: loads[court]!,
      capacity,
      utilisation: capacity > 0 ? loads[court]! / capacity : null,
      inByMode: inByMode[court]!,
      out: out[court]!,
    };
  });
  const utilisations = courts.flatMap((row) => (row.utilisation === null ? [] : [row.utilisation]));
  const kpis: Kpis = {
    assignedCases: assignments.length,
    assignedWorkload,
    livelihoodCoverage: vulnerableEligible > 0 ? vulnerableAssigned / vulnerableEligible : null,
    meanKm: assignments.length > 0 ? kmSum / assignments.length : null,
    maxKm: assignments.length > 0 ? kmMax : null,
    crossRegionShare: assignments.length > 0 ? crossRegion / assignments.length : null,
    maxUtilisation: utilisations.length > 0 ? Math.max(...utilisations) : null,
    reciprocalPairs: reciprocalPairCount(pairCounts(instance, outcome.itemCourt, itemOrigins(instance)), tree.count),
    changedVsReference: changed,
  };

  return {
    decidingCourtId: request.courts[instance.context.deciding]!.id,
    status: outcome.status,
    objective: outcome.objective,
    lowerBound: outcome.lowerBound,
    gap: outcome.gap,
    assignments,
    unassigned,
    courts,
    kpis,
  };
}

function judgedMode(instance: Instance, caseIndex: number, court: number): Mode {
  const judgement = judge(instance.context, caseIndex, court);
  if (!judgement.eligible) throw new Error(`placement puts case ${caseIndex} on an ineligible court (${judgement.rule})`);
  return judgement.mode;
}

/** The triggers that hold for an assigned case, in court terms. */
function assignmentReasons(instance: Instance, caseIndex: number, court: number, mode: Mode, km: number): string[] {
  const { request, policy } = instance.context;
  const courtCase = request.cases[caseIndex] as Case;
  const age = instance.screening[caseIndex]!.netAgeDays;
  const reasons: string[] = [];
  if (age >= policy.minNetAgeDays) reasons.push(`six_month_rule: net age ${age} days ≥ ${policy.minNetAgeDays}`);
  if (courtCase.escalationRequested === true) reasons.push('relief_requested: the origin court asked to be relieved');
  if (courtCase.category === 'hard_backlog') reasons.push('hard_backlog: harder backlog case (较难积案)');
  if (courtCase.livelihood === true) reasons.push('livelihood: 涉民生 case, top priority');
  if (courtCase.specialGroup === true) reasons.push('special_group: applicant from a special group, top priority');
  if (courtCase.bundleId !== undefined) reasons.push(`bundle: concentrated execution with bundle ${courtCase.bundleId}`);
  if (courtCase.pinned) reasons.push('pinned: already ruled');
  const originCourt = request.courts[instance.context.originOf[caseIndex]!]!;
  const target = request.courts[court]!;
  if (mode === 'designated') reasons.push(`designated: same level and region as the origin ${originCourt.id}`);
  if (mode === 'escalated') reasons.push(`escalated: ${target.id} is above the origin ${originCourt.id}`);
  if (mode === 'cross_region') reasons.push(`cross_region: outside the origin's region unit (${policy.crossRegionLevel})`);
  reasons.push(`convenience: ${km.toFixed(1)} km from the ${courtCase.anchor ? 'main property' : 'origin court'}`);
  const referenceCourt = instance.referenceCourt[caseIndex]!;
  if (referenceCourt !== -1) {
    reasons.push(referenceCourt === court && instance.referenceMode[caseIndex] === mode ? 'reference: kept as in the reference plan' : `reference: moved from ${request.courts[referenceCourt]!.id} (${instance.referenceMode[caseIndex]})`);
  }
  return reasons;
}

/** Why a case stays where it is, first reason that applies (API.md), with counts in court terms. */
function explainUnassigned(instance: Instance, caseIndex: number, loads: Float64Array): Unassigned {
  const { request, tree } = instance.context;
  const courtCase = request.cases[caseIndex]!;
  const screenedOut = instance.screening[caseIndex]!.screenedOut;
  if (screenedOut) return { caseId: courtCase.id, reason: 'screened_out', detail: `${screenedOut.rule}: ${screenedOut.detail}` };

  const eligible = instance.eligibleCourts[caseIndex]!;
  if (eligible.length === 0) {
    const excluded = new Map<EligibilityRule, number>();
    for (let court = 0; court < tree.count; court++) {
      const judgement = judge(instance.context, caseIndex, court);
      if (!judgement.eligible) excluded.set(judgement.rule, (excluded.get(judgement.rule) ?? 0) + 1);
    }
    const counts = eligibilityRules.filter((rule) => excluded.has(rule)).map((rule) => `${rule} ${excluded.get(rule)}`);
    return { caseId: courtCase.id, reason: 'no_eligible_court', detail: `none of ${tree.count} courts is eligible: ${counts.join(', ')}` };
  }

  const item = instance.itemOfCase[caseIndex]!;
  const members = instance.memberCase.subarray(instance.memberStart[item]!, instance.memberStart[item + 1]!);
  if (members.length > 1) {
    const shared = [...eligible].filter((court) => members.every((member) => instance.eligibleCourts[member]!.includes(court)));
    if (shared.length === 0) {
      return { caseId: courtCase.id, reason: 'bundle', detail: `no court is eligible for all ${members.length} cases of bundle ${courtCase.bundleId}; they stay together, unassigned` };
    }
  }
  const listed = [...eligible].slice(0, 10).map((court) => {
    const target = request.courts[court]!;
    const full = loads[court]! + instance.itemWorkload[item]! > target.capacity + 1e-9;
    return `${target.id} (load ${loads[court]}/${target.capacity}${full ? ', full' : ''})`;
  });
  const more = eligible.length > 10 ? ` and ${eligible.length - 10} more` : '';
  return {
    caseId: courtCase.id,
    reason: 'capacity',
    detail: `${eligible.length} eligible court(s) were full, held back by pair limits, or costlier than leaving ${members.length > 1 ? `the bundle of ${members.length}` : 'it'} out (${instance.itemUnassignedCost[item]!.toFixed(2)}): ${listed.join('; ')}${more}`,
  };
}
