/**
 * What-if at province size: a plan, then its busiest court's capacity cut by 30 %, solved cold
 * (compile and search from scratch) and warm, as a solver thread does it for a sweep value or a
 * scenario started from a plan: the thread's last compile reused (only a capacity differs) and the
 * search started from the first plan's assignments and capacity prices. Both to gapTolerance 1e-6
 * (the API default) or 20 s; prints one JSON line.
 */
import { resolvePolicy } from '../schemas/index.js';
import { planCourts, type PlanningOutcome, type WarmStart } from '../solver/index.js';
import plan from '../src/workers/planWorker.js';
import { courtInstance } from './instances.js';

const request = courtInstance('province');
const policy = resolvePolicy(request.policy, { today: '2025-06-30', decidingLevel: 'high' });
const settings = { policy, decidingCourtId: request.decidingCourtId!, seed: '0', timeLimitMs: 20_000, gapTolerance: 1e-6 };

function timed(solve: () => PlanningOutcome) {
  const started = performance.now();
  const outcome = solve();
  if (outcome.kind !== 'planned') throw new Error(outcome.kind);
  return { ms: performance.now() - started, plan: outcome.plan, prices: outcome.prices };
}
const inThread = (req: typeof request, warmStart?: WarmStart) => timed(() => plan({ request: req, ...settings, stopFlag: new SharedArrayBuffer(4), ...(warmStart ? { warmStart } : {}) }));

const first = inThread(request);
const busiest = [...first.plan.courts].sort((a, b) => b.load - a.load)[0]!;
const cut = { ...request, courts: request.courts.map((court) => (court.id === busiest.courtId ? { ...court, capacity: Math.round(court.capacity * 0.7) } : court)) };
const warm = inThread(cut, { assignments: first.plan.assignments.map(({ caseId, courtId }) => ({ caseId, courtId })), ...(first.prices ? { prices: first.prices } : {}) });
const cold = timed(() => planCourts({ request: cut, ...settings, clock: () => performance.now() }));
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
