/**
 * What-if at province size: a plan, then its busiest court's capacity cut by 30 % (and, apart, raised
 * by 30 %), solved cold (compile and search from scratch) and warm, as a solver thread does it for a
 * sweep value: the thread's last compile reused (only a capacity differs) and the search started from
 * the first plan's assignments and capacity prices. All to gapTolerance 1e-6 (the API default) or
 * 20 s; prints one JSON line.
 */
import { resolvePolicy } from '../schemas/index.js';
import { planCourts, type PlanningOutcome, type WarmStart } from '../solver/index.js';
import { compileReusing } from '../src/workers/compiledRequests.js';
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
/** As a sweep passes it: the first plan's assignments and prices, and the capacities they were made for. */
const warmStart: WarmStart = {
  assignments: first.plan.assignments.map(({ caseId, courtId }) => ({ caseId, courtId })),
  ...(first.prices ? { prices: first.prices, capacities: Object.fromEntries(request.courts.map((court) => [court.id, court.capacity])) } : {}),
};

/** The busiest court's capacity times `factor`, solved warm (the thread's last compile is the first request's) and cold. */
function changeBusiest(factor: number) {
  const changed = { ...request, courts: request.courts.map((court) => (court.id === busiest.courtId ? { ...court, capacity: Math.round(court.capacity * factor) } : court)) };
  compileReusing({ request, ...settings, clock: () => performance.now() });
  const warm = inThread(changed, warmStart);
  const cold = timed(() => planCourts({ request: changed, ...settings, clock: () => performance.now() }));
  return { coldMs: cold.ms, coldGap: cold.plan.gap, coldObjective: cold.plan.objective, warmMs: warm.ms, warmGap: warm.plan.gap, warmObjective: warm.plan.objective, ratio: warm.ms / cold.ms };
}

const cut = changeBusiest(0.7);
const raised = changeBusiest(1.3);
console.log(JSON.stringify({ court: busiest.courtId, ...cut, raised }));
