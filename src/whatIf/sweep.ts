import { PolicySchema, sweepColumns, type Plan, type ScenarioRequest, type SweepRequest } from '../../schemas/index.js';
import type { WarmStart } from '../../solver/index.js';
import type { Caller } from '../caller.js';
import { keepPlan, preparePlanning, solvePlanning, type PreparedPlanning } from '../planning/planService.js';
import type { SolverPool } from '../plugins/solverPool.js';
import type { Storage } from '../plugins/storage.js';
import { problems } from '../problems.js';
import { findScenarioBase, scenarioRequest } from './whatIfService.js';

export type SweepRow = Record<(typeof sweepColumns)[number], unknown>;

/** The scenario of one sweep value: the base patch with the varied capacity change, or the policy with the varied field. */
function scenarioFor(body: SweepRequest, value: SweepRequest['values'][number], index: number): ScenarioRequest {
  const { vary, values: _values, ...base } = body;
  if (vary.kind === 'capacityPercent') {
    if (typeof value !== 'number' || value < -100 || value > 1_000) throw problems.invalidField(`values[${index}]`, 'a capacity change in %, from -100 to 1000');
    const selector = vary.courtId !== undefined ? { courtId: vary.courtId } : vary.courtIds !== undefined ? { courtIds: vary.courtIds } : vary.regionCode !== undefined ? { regionCode: vary.regionCode } : { allCourts: true as const };
    return { ...base, patch: { ...base.patch, capacities: [...(base.patch?.capacities ?? []), { ...selector, changePercent: value }] } };
  }
  const parsed = PolicySchema.safeParse({ ...base.policy, [vary.field]: value });
  if (!parsed.success) throw problems.invalidField(`values[${index}]`, `not a valid ${vary.field}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return { ...base, policy: parsed.data };
}

/**
 * Solves one scenario per value on the worker pool and tabulates the KPIs. The middle value is
 * solved first; the others start from its plan (warm start) and run in parallel. Every plan is
 * stored, so any two rows can be compared.
 */
export async function runSweep(storage: Storage, solverPool: SolverPool, body: SweepRequest, caller: Caller): Promise<SweepRow[]> {
  // The dataset (and any reference plan) is read once; each value patches its own copy.
  const base = findScenarioBase(storage, body, caller);
  const prepared: PreparedPlanning[] = body.values.map((value, index) => preparePlanning(scenarioRequest(base, scenarioFor(body, value, index)), caller));
  const middle = Math.floor(prepared.length / 2);
  let prices: Record<string, number> | undefined;
  const solveKept = async (index: number, warmStart?: WarmStart) =>
    keepPlan(storage, prepared[index]!, await solvePlanning(prepared[index]!, solverPool, { onPrices: (found) => (prices = found) }, warmStart), caller).plan;
  const plans: Plan[] = new Array(prepared.length);
  plans[middle] = await solveKept(middle);
  const fromMiddle: WarmStart = {
    assignments: plans[middle].assignments.map(({ caseId, courtId }) => ({ caseId, courtId })),
    ...(prices ? { prices, capacities: Object.fromEntries(prepared[middle]!.request.courts.map((court) => [court.id, court.capacity])) } : {}),
  };
  await Promise.all(prepared.map(async (_, index) => {
    if (index !== middle) plans[index] = await solveKept(index, fromMiddle);
  }));
  return plans.map((plan, index) => ({
    value: body.values[index] ?? null,
    planId: plan.id,
    status: plan.status,
    objective: plan.objective,
    lowerBound: plan.lowerBound,
    gap: plan.gap,
    ...plan.kpis,
  }));
}
