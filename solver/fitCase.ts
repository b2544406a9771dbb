import type { Case, FieldError, Mode, PlanBody, PlanRequest, ResolvedPolicy } from '../schemas/index.js';
import { findConsistencyErrors } from './consistency.js';
import { buildCourtContext, type CourtContext } from './courtContext.js';
import { casePenalty, explainCase } from './explain.js';

export interface FitOption {
  courtId: string;
  mode: Mode;
  km: number;
  /** The new case's own cost there: convenience + mode. */
  costTotal: number;
  /** Overload cost added at the court (and, when a case moves, at its new court). */
  overloadDelta: number;
  /** A case that would have to leave the court to make room, where it would go (null: left out) and what that costs. */
  displaced: { caseId: string; toCourtId: string | null; toMode: Mode | null; costDelta: number } | null;
  /** How much the plan's objective would grow, the new case's penalty aside: costTotal + overloadDelta + displaced.costDelta. */
  objectiveDelta: number;
}

export interface CaseFit {
  caseId: string;
  screenedOut: { rule: string; detail: string } | null;
  /** What leaving the new case out costs: an option is worth taking when its objectiveDelta is below this. */
  unassignedPenalty: number;
  /** Every court that could take the case, cheapest first. */
  options: FitOption[];
  blocked: { courtId: string; rule: string; detail: string }[];
}

export type FitOutcome = { kind: 'fitted'; fit: CaseFit } | { kind: 'rejected'; errors: FieldError[] };

/** Courts without room get a displacement search; past this many, the rest are ranked by their own cost only. */
const displacementSearches = 30;
/** Cases tried for displacement at one court, cheapest to move first. */
const displacementCandidates = 20;

/**
 * Where one new case could go in a plan without re-solving it: every eligible court with the
 * objective change of putting the case there, including, when the court is full, the cheapest case
 * to move out (to a court with room, or out of the plan) and the overload cost; the blocking rule
 * for every other court.
 */
export function fitCase(input: { request: PlanRequest; policy: ResolvedPolicy; decidingCourtId: string }, plan: PlanBody, newCase: Case): FitOutcome {
  const request: PlanRequest = { ...input.request, cases: [...input.request.cases, newCase] };
  const position = input.request.cases.length;
  const errors = findConsistencyErrors(request, input.decidingCourtId)
    .filter((error) => error.path.startsWith(`cases[${position}]`) || error.message.includes(newCase.id))
    .map((error) => ({ path: error.path.replace(`cases[${position}]`, 'case'), message: error.message }));
  if (errors.length > 0) return { kind: 'rejected', errors };

  const context = buildCourtContext(request, input.policy, input.decidingCourtId);
  const explanation = explainCase(context, plan, newCase.id)!;
  const penalty = casePenalty(context, position);
  const screenedOut = explanation.blocked[0]?.rule === 'screened_out' && explanation.alternatives.length === 0 ? { rule: explanation.blocked[0].rule, detail: explanation.blocked[0].detail } : null;
  const loads = new Map(plan.courts.map((row) => [row.courtId, row.load]));
  const capacityOf = new Map(request.courts.map((court) => [court.id, court.capacity]));
  const overload = (courtId: string, before: number, after: number) => {
    const soft = input.policy.softShare * capacityOf.get(courtId)!;
    return input.policy.overloadPerUnit * (Math.max(0, after - soft) - Math.max(0, before - soft));
  };
  const workload = newCase.workload ?? 1;

  const options: FitOption[] = explanation.alternatives.map((alternative, rank) => {
    const load = loads.get(alternative.courtId) ?? 0;
    if (alternative.hasRoom) {
      const overloadDelta = overload(alternative.courtId, load, load + workload);
      return { courtId: alternative.courtId, mode: alternative.mode, km: alternative.km, costTotal: alternative.costTotal, overloadDelta, displaced: null, objectiveDelta: alternative.costTotal + overloadDelta };
    }
    if (rank >= displacementSearches) return { courtId: alternative.courtId, mode: alternative.mode, km: alternative.km, costTotal: alternative.costTotal, overloadDelta: 0, displaced: null, objectiveDelta: NaN };
    const move = cheapestDisplacement(context, plan, alternative.courtId, load + workload - capacityOf.get(alternative.courtId)!, loads, overload);
    if (!move) return { courtId: alternative.courtId, mode: alternative.mode, km: alternative.km, costTotal: alternative.costTotal, overloadDelta: 0, displaced: null, objectiveDelta: Infinity };
    const overloadDelta = overload(alternative.courtId, load, load + workload - move.workload) + move.overloadDelta;
    return {
      courtId: alternative.courtId,
      mode: alternative.mode,
      km: alternative.km,
      costTotal: alternative.costTotal,
      overloadDelta,
      displaced: { caseId: move.caseId, toCourtId: move.toCourtId, toMode: move.toMode, costDelta: move.costDelta },
      objectiveDelta: alternative.costTotal + overloadDelta + move.costDelta,
    };
  });
  // A full court where nothing can be moved out cannot take the case: it is blocked by capacity.
  // Far courts that are full are not searched for a case to move: cheaper options exist by then.
  const blocked = [...explanation.blocked];
  for (const option of options.filter((entry) => !Number.isFinite(entry.objectiveDelta))) {
    blocked.push({
      courtId: option.courtId,
      rule: 'capacity',
      detail: Number.isNaN(option.objectiveDelta) ? `${option.courtId} is full; only the ${displacementSearches} cheapest full courts are searched for a case to move` : `${option.courtId} is full and no case there can make room`,
    });
  }
  const open = options.filter((entry) => Number.isFinite(entry.objectiveDelta)).sort((a, b) => a.objectiveDelta - b.objectiveDelta || (a.courtId < b.courtId ? -1 : 1));
  return { kind: 'fitted', fit: { caseId: newCase.id, screenedOut, unassignedPenalty: penalty, options: open, blocked } };
}

/** The cheapest single case to move out of a full court (not pinned, not bundled) that frees `need` workload units. */
function cheapestDisplacement(
  context: CourtContext,
  plan: PlanBody,
  courtId: string,
  need: number,
  loads: Map<string, number>,
  overload: (courtId: string, before: number, after: number) => number,
): { caseId: string; workload: number; toCourtId: string | null; toMode: Mode | null; costDelta: number; overloadDelta: number } | null {
  const { request } = context;
  const movable = plan.assignments
    .filter((assignment) => assignment.courtId === courtId)
    .map((assignment) => ({ assignment, caseIndex: context.caseIndexById.get(assignment.caseId)! }))
    .filter(({ caseIndex }) => {
      const courtCase = request.cases[caseIndex] as Case;
      return !courtCase.pinned && courtCase.bundleId === undefined && (courtCase.workload ?? 1) >= need;
    })
    .sort((a, b) => a.assignment.cost.total - b.assignment.cost.total)
    .slice(0, displacementCandidates);
  let best: ReturnType<typeof cheapestDisplacement> = null;
  for (const { assignment, caseIndex } of movable) {
    const workload = (request.cases[caseIndex] as Case).workload ?? 1;
    const itsOptions = explainCase(context, plan, assignment.caseId)!;
    const elsewhere = itsOptions.alternatives.find((option) => option.hasRoom && option.courtId !== courtId);
    const leaveOut = casePenalty(context, caseIndex) - itsOptions.chosen!.costTotal;
    const candidate = elsewhere && elsewhere.costDelta <= leaveOut
      ? { caseId: assignment.caseId, workload, toCourtId: elsewhere.courtId, toMode: elsewhere.mode, costDelta: elsewhere.costDelta, overloadDelta: overload(elsewhere.courtId, loads.get(elsewhere.courtId)!, loads.get(elsewhere.courtId)! + workload) }
      : { caseId: assignment.caseId, workload, toCourtId: null, toMode: null, costDelta: leaveOut, overloadDelta: 0 };
    if (!best || candidate.costDelta + candidate.overloadDelta < best.costDelta + best.overloadDelta) best = candidate;
  }
  return best;
}
