import type { FieldError, Mode, PlanBody, PlanRequest, ResolvedPolicy } from '../schemas/index.js';
import { relativeGap } from './core/coreSolve.js';
import { buildCourtContext } from './courtContext.js';
import { compileInstance } from './instance.js';
import { findPinErrors } from './pins.js';
import { reportPlan } from './planReport.js';
import { placementObjective } from './sideConstraints.js';

/** A person's decision to put one case at one court, with why. */
export interface PlanOverride {
  caseId: string;
  courtId: string;
  mode: Mode;
  reason: string;
}

export type RevisionOutcome = { kind: 'revised'; plan: PlanBody } | { kind: 'rejected'; errors: FieldError[] };

/**
 * A plan changed by hand. Every case the plan assigns is held where it is, each override moves its
 * case, and the result is checked against every hard rule exactly as pins are (eligibility and
 * mode, bundles, capacity, maxPerPair, reciprocity); errors name the override and the rule. The
 * plan's lower bound still bounds the model's optimum, so the revised plan keeps it with its own gap.
 */
export function reviseWithOverrides(input: { request: PlanRequest; policy: ResolvedPolicy; decidingCourtId: string; seed: string }, plan: PlanBody, overrides: readonly PlanOverride[]): RevisionOutcome {
  const { request } = input;
  const caseIndexById = new Map(request.cases.map((courtCase, index) => [courtCase.id, index]));
  const courtIds = new Set(request.courts.map((court) => court.id));
  const overrideOfCase = new Map<number, number>();
  const errors: FieldError[] = [];
  overrides.forEach((override, position) => {
    const caseIndex = caseIndexById.get(override.caseId);
    if (caseIndex === undefined) errors.push({ path: `overrides[${position}].caseId`, message: `case ${override.caseId} is not in the plan's request` });
    else if (overrideOfCase.has(caseIndex)) errors.push({ path: `overrides[${position}].caseId`, message: `case ${override.caseId} is overridden twice` });
    else overrideOfCase.set(caseIndex, position);
    if (!courtIds.has(override.courtId)) errors.push({ path: `overrides[${position}].courtId`, message: `court ${override.courtId} is not in the plan's request` });
    const ruled = caseIndex === undefined ? undefined : request.cases[caseIndex]!.pinned;
    if (ruled && (ruled.courtId !== override.courtId || ruled.mode !== override.mode)) {
      errors.push({ path: `overrides[${position}].courtId`, message: `rule pinned: case ${override.caseId} is already ruled to ${ruled.courtId} (${ruled.mode})` });
    }
  });
  if (errors.length > 0) return { kind: 'rejected', errors };

  const held = new Map(plan.assignments.map((assignment) => [assignment.caseId, assignment]));
  const pinnedRequest: PlanRequest = {
    ...request,
    cases: request.cases.map((courtCase, caseIndex) => {
      const position = overrideOfCase.get(caseIndex);
      const placed = position === undefined ? held.get(courtCase.id) : overrides[position]!;
      return placed ? { ...courtCase, pinned: { courtId: placed.courtId, mode: placed.mode } } : courtCase;
    }),
  };
  const instance = compileInstance(buildCourtContext(pinnedRequest, input.policy, input.decidingCourtId), input.seed);
  const pinErrors = findPinErrors(instance);
  if (pinErrors.length > 0) return { kind: 'rejected', errors: pinErrors.map((error) => inOverrideTerms(error, overrideOfCase)) };

  const itemCourt = Int32Array.from(instance.itemPinnedCourt);
  const objective = placementObjective(instance, itemCourt);
  const lowerBound = Math.min(plan.lowerBound, objective);
  const gap = relativeGap(objective, lowerBound);
  const revised = reportPlan(instance, { status: gap <= 1e-9 ? 'optimal' : 'feasible', itemCourt, objective, lowerBound, gap, boundSource: 'lagrangian' });
  const byCase = new Map(overrides.map((override) => [override.caseId, override]));
  for (const assignment of revised.assignments) {
    const override = byCase.get(assignment.caseId);
    // Holding a case in place is done with a pin; only rulings the request carried are "already ruled".
    if (!request.cases[caseIndexById.get(assignment.caseId)!]!.pinned) assignment.reasons = assignment.reasons.filter((reason) => !reason.startsWith('pinned:'));
    if (override) assignment.reasons.unshift(`override: ${override.reason}`);
  }
  return { kind: 'revised', plan: revised };
}

/** A pin error on an overridden case is reported at the override that made it. */
function inOverrideTerms(error: FieldError, overrideOfCase: Map<number, number>): FieldError {
  const match = /^cases\[(\d+)\]\.(pinned\.courtId|pinned\.mode|pinned|bundleId)$/.exec(error.path);
  const position = match ? overrideOfCase.get(Number(match[1])) : undefined;
  if (position === undefined) return error;
  const field = match![2] === 'pinned.mode' ? 'mode' : 'courtId';
  return { path: `overrides[${position}].${field}`, message: error.message };
}
