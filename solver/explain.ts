import type { Case, Mode, PlanBody } from '../schemas/index.js';
import type { CourtContext } from './courtContext.js';
import { judge } from './eligibility.js';
import { caseCostAt } from './instance.js';
import { screenCase, unassignedPenalty } from './screening.js';

export interface CaseExplanation {
  caseId: string;
  chosen: { courtId: string; mode: PlanBody['assignments'][number]['mode']; costTotal: number } | null;
  unassigned: PlanBody['unassigned'][number] | null;
  alternatives: { courtId: string; mode: PlanBody['assignments'][number]['mode']; km: number; costTotal: number; costDelta: number; hasRoom: boolean }[];
  blocked: { courtId: string; rule: string; detail: string }[];
}

/**
 * Why this court and not another: every eligible court ranked by what the case would cost there
 * (convenience + mode + change penalty), its difference from the chosen court (or, when the case is
 * unassigned, from its unassigned penalty), and for every other court in jurisdiction the first
 * rule that blocks it.
 */
export function explainCase(context: CourtContext, plan: PlanBody, caseId: string): CaseExplanation | null {
  const { request, tree } = context;
  const caseIndex = context.caseIndexById.get(caseId);
  if (caseIndex === undefined) return null;
  const courtCase = request.cases[caseIndex] as Case;
  // Only this case's terms are needed: no whole-instance compile, so a national plan explains at once.
  const instance = caseView(context, caseIndex);
  const assignment = plan.assignments.find((entry) => entry.caseId === caseId);
  const unassigned = plan.unassigned.find((entry) => entry.caseId === caseId) ?? null;
  const loadById = new Map(plan.courts.map((row) => [row.courtId, row.load]));
  const chosenCourt = assignment ? tree.indexById.get(assignment.courtId)! : -1;
  const chosenTotal = assignment ? costWithChange(instance, caseIndex, chosenCourt, assignment.mode) : null;
  const baseline = chosenTotal ?? instance.penalty;
  const workload = courtCase.workload ?? 1;

  const alternatives: CaseExplanation['alternatives'] = [];
  const blocked: CaseExplanation['blocked'] = [];
  const screenedOut = instance.screening.screenedOut;
  for (const court of tree.jurisdiction(context.deciding)) {
    if (court === chosenCourt) continue;
    const courtId = request.courts[court]!.id;
    if (screenedOut) {
      blocked.push({ courtId, rule: 'screened_out', detail: screenedOut.detail });
      continue;
    }
    const judgement = judge(context, caseIndex, court);
    if (!judgement.eligible) {
      blocked.push({ courtId, rule: judgement.rule, detail: judgement.detail });
      continue;
    }
    const costTotal = costWithChange(instance, caseIndex, court, judgement.mode);
    alternatives.push({
      courtId,
      mode: judgement.mode,
      km: caseCostAt(instance, caseIndex, court, judgement.mode).km,
      costTotal,
      costDelta: costTotal - baseline,
      hasRoom: (loadById.get(courtId) ?? 0) + workload <= request.courts[court]!.capacity + 1e-9,
    });
  }
  alternatives.sort((a, b) => a.costTotal - b.costTotal || (a.courtId < b.courtId ? -1 : 1));
  return {
    caseId,
    chosen: assignment && chosenTotal !== null ? { courtId: assignment.courtId, mode: assignment.mode, costTotal: chosenTotal } : null,
    unassigned,
    alternatives,
    blocked,
  };
}

/** What explaining one case needs: its screening, penalty and reference, in the shape caseCostAt reads. */
function caseView(context: CourtContext, caseIndex: number) {
  const courtCase = context.request.cases[caseIndex] as Case;
  const screening = screenCase(courtCase, context.policy);
  const referenceCourt = new Int32Array(context.request.cases.length).fill(-1);
  const referenceMode: (Mode | null)[] = [];
  const entry = context.request.reference?.assignments.find((assignment) => assignment.caseId === courtCase.id);
  if (entry) {
    referenceCourt[caseIndex] = context.tree.indexById.get(entry.courtId)!;
    referenceMode[caseIndex] = entry.mode;
  }
  const penalty = screening.screenedOut ? 0 : unassignedPenalty(courtCase, screening.netAgeDays, context.policy);
  return { context, referenceCourt, referenceMode, screening, penalty };
}

/** What leaving a case out costs: its unassigned penalty (0 when screened out). */
export function casePenalty(context: CourtContext, caseIndex: number): number {
  return caseView(context, caseIndex).penalty;
}

function costWithChange(instance: ReturnType<typeof caseView>, caseIndex: number, court: number, mode: Mode): number {
  const terms = caseCostAt(instance, caseIndex, court, mode);
  return terms.total + terms.change;
}
