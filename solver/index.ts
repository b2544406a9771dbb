/**
 * The solver's only door. Pure: no I/O, no clock of its own (callers pass one), no process state,
 * so it runs unchanged in a worker thread and in benchmarks.
 */
import type { FieldError, PlanBody, PlanRequest, ResolvedPolicy } from '../schemas/index.js';
import { solveAssignmentModel } from './core/coreSolve.js';
import { modelFromCourtInstance } from './core/fromCourtInstance.js';
import { exceedsExactPath, solveExactly, type SolveOutcome } from './exactSolve.js';
import { explainCase as explainCompiledCase, type CaseExplanation } from './explain.js';
import { buildCourtContext } from './courtContext.js';
import { compileInstance, type Instance } from './instance.js';
import { findPinErrors } from './pins.js';
import { reportPlan } from './planReport.js';

export { findConsistencyErrors } from './consistency.js';
export { greatCircleKm } from './greatCircle.js';
export { netAgeDays } from './netAge.js';
export { exactPathLimits } from './exactSolve.js';

/**
 * Largest request the service plans: (cases + bundles) × courts in jurisdiction, the pairs whose
 * eligibility is judged. Beyond it a 422, never a solve that cannot finish.
 */
export const modelSizeLimits = { judgedPairs: 20_000_000 } as const;
export { eligibilityRules, type EligibilityRule } from './eligibility.js';
export type { CaseExplanation } from './explain.js';

export const solverVersion = 'court-assign-solver/0.2.0 (exact: javascript-lp-solver 1.0.3; core: Lagrangian bound + local search)';

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
}

export type PlanningOutcome =
  | { kind: 'planned'; plan: PlanBody; boundSource: SolveOutcome['boundSource'] }
  | { kind: 'inconsistent'; errors: FieldError[] }
  | { kind: 'too_large'; detail: string };

function compile(input: Pick<PlanningInput, 'request' | 'policy' | 'decidingCourtId' | 'seed'>): Instance {
  return compileInstance(buildCourtContext(input.request, input.policy, input.decidingCourtId), input.seed);
}

/** Plans a consistent request: pins checked, model compiled, solved exactly when small, by the core otherwise. */
export function planCourts(input: PlanningInput): PlanningOutcome {
  const context = buildCourtContext(input.request, input.policy, input.decidingCourtId);
  const judgedPairs = input.request.cases.length * context.tree.jurisdiction(context.deciding).length;
  if (judgedPairs > modelSizeLimits.judgedPairs) {
    return { kind: 'too_large', detail: `${input.request.cases.length} cases × ${judgedPairs / Math.max(1, input.request.cases.length)} courts in jurisdiction is above the limit of ${modelSizeLimits.judgedPairs} (case, court) pairs` };
  }
  const instance = compileInstance(context, input.seed);
  const pinErrors = findPinErrors(instance);
  if (pinErrors.length > 0) return { kind: 'inconsistent', errors: pinErrors };
  const outcome = exceedsExactPath(instance) ? solveWithCore(instance, input) : solveExactly(instance, input);
  return { kind: 'planned', plan: reportPlan(instance, outcome), boundSource: outcome.boundSource };
}

/** The scalable core on the generic model, its arcs mapped back to courts. */
function solveWithCore(instance: Instance, input: PlanningInput): SolveOutcome {
  const model = modelFromCourtInstance(instance);
  const core = solveAssignmentModel(model, { timeLimitMs: input.timeLimitMs, gapTolerance: input.gapTolerance, seed: input.seed, clock: input.clock, ...(input.shouldStop ? { shouldStop: input.shouldStop } : {}) });
  // Court models always have the all-unassigned plan (pins are checked), so the core never ends infeasible.
  if (core.status === 'infeasible') throw new Error('the core found no feasible plan for a court model');
  const itemCourt = Int32Array.from(core.itemArc, (arc) => (arc === -1 ? -1 : model.arcBin[arc]!));
  return { status: core.status, itemCourt, objective: core.objective, lowerBound: core.lowerBound, gap: core.gap, boundSource: 'lagrangian' };
}

/** Explains one case of a plan made from the same request, policy and seed. */
export function explainPlannedCase(input: Pick<PlanningInput, 'request' | 'policy' | 'decidingCourtId' | 'seed'>, plan: PlanBody, caseId: string): CaseExplanation | null {
  return explainCompiledCase(compile(input), plan, caseId);
}
