import { resolvePolicy, type PlanBody, type PlanRequest } from '../../schemas/index.js';
import { solveAssignmentModel } from '../../solver/core/coreSolve.js';
import { modelFromCourtInstance } from '../../solver/core/fromCourtInstance.js';
import { buildCourtContext } from '../../solver/courtContext.js';
import type { CandidateLimits } from '../../solver/candidateCourts.js';
import { compileInstance } from '../../solver/instance.js';
import { reportPlan } from '../../solver/planReport.js';

/** Plans a request with the scalable core whatever its size (the service sends small ones to the exact path). */
export function planWithCore(request: PlanRequest, timeLimitMs = 2000, candidateLimits?: CandidateLimits): PlanBody {
  const decidingCourtId = request.decidingCourtId!;
  const level = request.courts.find((court) => court.id === decidingCourtId)!.level;
  const policy = resolvePolicy(request.policy, { today: '2026-01-01', decidingLevel: level });
  const instance = compileInstance(buildCourtContext(request, policy, decidingCourtId), request.options?.seed ?? '0', candidateLimits);
  const model = modelFromCourtInstance(instance);
  const core = solveAssignmentModel(model, { timeLimitMs, gapTolerance: 0, seed: request.options?.seed ?? '0', clock: () => performance.now() });
  const itemCourt = Int32Array.from(core.itemArc, (arc) => (arc === -1 ? -1 : model.arcBin[arc]!));
  return reportPlan(instance, { status: core.status === 'infeasible' ? 'feasible' : core.status, itemCourt, objective: core.objective, lowerBound: core.lowerBound, gap: core.gap, boundSource: 'lagrangian' });
}
