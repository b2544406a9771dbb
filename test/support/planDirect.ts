import { resolvePolicy, solveOptionDefaults, type PlanRequest } from '../../schemas/index.js';
import { findConsistencyErrors, planCourts, type PlanningOutcome } from '../../solver/index.js';

/** Runs the solver door as the service does, without HTTP: consistency, policy, plan. */
export function planDirect(request: PlanRequest, today = '2026-01-01'): PlanningOutcome {
  const decidingCourtId = request.decidingCourtId!;
  const errors = findConsistencyErrors(request, decidingCourtId);
  if (errors.length > 0) return { kind: 'inconsistent', errors };
  const level = request.courts.find((court) => court.id === decidingCourtId)!.level;
  const options = { ...solveOptionDefaults, ...request.options };
  return planCourts({
    request,
    policy: resolvePolicy(request.policy, { today, decidingLevel: level }),
    decidingCourtId,
    seed: options.seed,
    timeLimitMs: options.timeLimitMs,
    gapTolerance: options.gapTolerance,
    clock: () => performance.now(),
  });
}

export function plannedOrThrow(outcome: PlanningOutcome) {
  if (outcome.kind !== 'planned') throw new Error(`expected a plan, got ${outcome.kind}: ${JSON.stringify(outcome)}`);
  return outcome.plan;
}
