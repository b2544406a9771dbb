/**
 * What-if at province size: a cold solve, then one court's capacity cut by 30 %, solved cold and
 * warm (starting from the first plan's assignments and capacity prices). The service's whole path
 * (compile included) to gapTolerance 1e-6 or 20 s; prints one JSON line.
 */
import { resolvePolicy } from '../schemas/index.js';
import { planCourts, type WarmStart } from '../solver/index.js';
import { courtInstance } from './instances.js';

const request = courtInstance('province');
const policy = resolvePolicy(request.policy, { today: '2025-06-30', decidingLevel: 'high' });

function solve(req: typeof request, warmStart?: WarmStart) {
  const started = performance.now();
  const outcome = planCourts({ request: req, policy, decidingCourtId: req.decidingCourtId!, seed: '0', timeLimitMs: 20_000, gapTolerance: 1e-6, clock: () => performance.now(), ...(warmStart ? { warmStart } : {}) });
  if (outcome.kind !== 'planned') throw new Error(outcome.kind);
  return { ms: performance.now() - started, plan: outcome.plan, prices: outcome.prices };
}

const first = solve(request);
const busiest = [...first.plan.courts].sort((a, b) => b.load - a.load)[0]!;
const cut = { ...request, courts: request.courts.map((court) => (court.id === busiest.courtId ? { ...court, capacity: Math.round(court.capacity * 0.7) } : court)) };
const cold = solve(cut);
const warm = solve(cut, { assignments: first.plan.assignments.map(({ caseId, courtId }) => ({ caseId, courtId })), ...(first.prices ? { prices: first.prices } : {}) });
console.log(JSON.stringify({
  court: busiest.courtId,
  coldMs: cold.ms,
  coldGap: cold.plan.gap,
  coldObjective: cold.plan.objective,
  warmMs: warm.ms,
  warmGap: warm.plan.gap,
  warmObjective: warm.plan.objective,
  ratio: warm.ms / cold.ms,
}));
