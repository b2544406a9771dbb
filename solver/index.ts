/**
 * The solver's only door. Pure: no I/O, no clock of its own (callers pass one), no process state,
 * so it runs unchanged in a worker thread and in benchmarks.
 */
import type { FieldError, PlanBody, PlanRequest, ResolvedPolicy } from '../schemas/index.js';
import { exceedsExactPath, exactPathLimits, solveExactly, type SolveOutcome } from './exactSolve.js';
import { explainCase as explainCompiledCase, type CaseExplanation } from './explain.js';
import { buildCourtContext } from './courtContext.js';
import { compileInstance, type Instance } from './instance.js';
import { findPinErrors } from './pins.js';
import { reportPlan } from './planReport.js';

export { findConsistencyErrors } from './consistency.js';
export { greatCircleKm } from './greatCircle.js';
export { netAgeDays } from './netAge.js';
export { exactPathLimits } from './exactSolve.js';
export { eligibilityRules, type EligibilityRule } from './eligibility.js';
export type { CaseExplanation } from './explain.js';

export const solverVersion = 'court-assign-solver/0.1.0 (exact: javascript-lp-solver 1.0.3)';

export interface PlanningInput {
  /** A request that passed `findConsistencyErrors`. */
  request: PlanRequest;
  policy: ResolvedPolicy;
  decidingCourtId: string;
  seed: string;
  timeLimitMs: number;
  gapTolerance: number;
  clock: () => number;
}

export type PlanningOutcome =
  | { kind: 'planned'; plan: PlanBody; boundSource: SolveOutcome['boundSource'] }
  | { kind: 'inconsistent'; errors: FieldError[] }
  | { kind: 'too_large'; detail: string };

function compile(input: Pick<PlanningInput, 'request' | 'policy' | 'decidingCourtId' | 'seed'>): Instance {
  return compileInstance(buildCourtContext(input.request, input.policy, input.decidingCourtId), input.seed);
}

/** Plans a consistent request: pins checked, model compiled, solved, and reported. */
export function planCourts(input: PlanningInput): PlanningOutcome {
  const instance = compile(input);
  const pinErrors = findPinErrors(instance);
  if (pinErrors.length > 0) return { kind: 'inconsistent', errors: pinErrors };
  if (exceedsExactPath(instance)) {
    return {
      kind: 'too_large',
      detail: `the model has ${instance.itemCount} cases or bundles and ${instance.arcCourt.length} candidate (case, court) pairs; the exact path takes at most ${exactPathLimits.items} and ${exactPathLimits.candidateArcs}`,
    };
  }
  const outcome = solveExactly(instance, input);
  return { kind: 'planned', plan: reportPlan(instance, outcome), boundSource: outcome.boundSource };
}

/** Explains one case of a plan made from the same request, policy and seed. */
export function explainPlannedCase(input: Pick<PlanningInput, 'request' | 'policy' | 'decidingCourtId' | 'seed'>, plan: PlanBody, caseId: string): CaseExplanation | null {
  return explainCompiledCase(compile(input), plan, caseId);
}
