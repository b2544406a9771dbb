import { courtInstance, type CourtInstanceName } from '../../benchmarks/instances.js';
import { resolvePolicy, type PlanRequest } from '../../schemas/index.js';
import type { AssignmentModel } from '../../solver/core/assignmentModel.js';
import { modelFromCourtInstance } from '../../solver/core/fromCourtInstance.js';
import { buildCourtContext } from '../../solver/courtContext.js';
import { compileInstance } from '../../solver/instance.js';

/** A benchmark court instance compiled as the benchmark compiles it (its own seed), as the core's model. */
export function benchmarkModel(name: CourtInstanceName): { request: PlanRequest; model: AssignmentModel } {
  const request = courtInstance(name);
  const deciding = request.decidingCourtId!;
  const policy = resolvePolicy(request.policy, { today: '2025-06-30', decidingLevel: request.courts.find((court) => court.id === deciding)!.level });
  return { request, model: modelFromCourtInstance(compileInstance(buildCourtContext(request, policy, deciding), request.options!.seed!)) };
}
