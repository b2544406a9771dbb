import { createHash, randomUUID } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { resolvePolicy, solveOptionDefaults, type Plan, type PlanRequest, type ResolvedPolicy } from '../../schemas/index.js';
import { findConsistencyErrors, solverVersion, type WarmStart } from '../../solver/index.js';
import type { Caller } from '../caller.js';
import type { Storage } from '../plugins/storage.js';
import type { SolveControl, SolverPool } from '../plugins/solverPool.js';
import { problems } from '../problems.js';
import type { SolveSettings, StoredPlan } from '../store/planStore.js';
import { callerCourtIn, courtPathOf, decidingCourtFor } from './jurisdiction.js';

/** A request that passed jurisdiction and consistency, with everything its solve needs decided. */
export interface PreparedPlanning {
  request: PlanRequest;
  decidingCourtId: string;
  policy: ResolvedPolicy;
  options: SolveSettings;
  /** Court ids from the root to the deciding court: who may see the plan. */
  courtPath: string[];
  requestedBy: Plan['audit']['requestedBy'];
}

/** Today as a UTC calendar date: the default `asOf`. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Jurisdiction (403), consistency (422), policy merged over the defaults, options completed. Cheap: no solve. */
export function preparePlanning(request: PlanRequest, caller: Caller): PreparedPlanning {
  const decidingCourtId = decidingCourtFor(request, caller);
  const consistencyErrors = findConsistencyErrors(request, decidingCourtId);
  if (consistencyErrors.length > 0) throw problems.inconsistentRequest(consistencyErrors);
  const decidingCourt = request.courts.find((court) => court.id === decidingCourtId)!;
  return {
    request,
    decidingCourtId,
    policy: resolvePolicy(request.policy, { today: todayUtc(), decidingLevel: decidingCourt.level }),
    options: { ...solveOptionDefaults, ...request.options },
    courtPath: courtPathOf(request.courts, decidingCourtId),
    requestedBy: requestedByOf(request, caller),
  };
}

/** Who asked, as the plan's audit record names them: the caller's court in the request's tree, and the user. */
export function requestedByOf(request: PlanRequest, caller: Caller): Plan['audit']['requestedBy'] {
  return { courtId: callerCourtIn(request.courts, caller)?.id ?? caller.courtId ?? 'SPC', user: caller.user };
}

/**
 * Solves a prepared request on the pool and gives the plan its id and audit record. The solver
 * gets the clock; it reads none itself. Pins that break a rule (422) and models over the size cap
 * (422) are found by the solve and thrown as problems.
 */
export async function solvePlanning(prepared: PreparedPlanning, solverPool: SolverPool, control?: SolveControl, warmStart?: WarmStart): Promise<Omit<Plan, 'lifecycle'>> {
  const { request, policy, decidingCourtId, options } = prepared;
  const started = performance.now();
  const outcome = await solverPool.plan({ request, policy, decidingCourtId, ...options, ...(warmStart ? { warmStart } : {}) }, control);
  if (outcome.kind === 'inconsistent') throw problems.inconsistentRequest(outcome.errors);
  if (outcome.kind === 'too_large') throw problems.tooLarge(outcome.detail);
  if (outcome.prices) control?.onPrices?.(outcome.prices);
  return {
    id: `pl_${randomUUID()}`,
    ...outcome.plan,
    audit: {
      inputHash: inputHashOf(request, policy, decidingCourtId, options.seed),
      seed: options.seed,
      solverVersion,
      requestedBy: prepared.requestedBy,
      createdAt: new Date().toISOString(),
      durationMs: performance.now() - started,
    },
  };
}

/** Stores a solved plan (version 1, proposed) with its audit entry, in one transaction. A job's plan names the job and its stored request. */
export function keepPlan(storage: Storage, prepared: PreparedPlanning, plan: Omit<Plan, 'lifecycle'>, caller: Caller, job?: { jobId: string; inputId: string }): StoredPlan {
  const jobId = job?.jobId;
  return storage.transaction(() => {
    const stored = storage.plans.save({ plan, request: prepared.request, policy: prepared.policy, options: prepared.options, courtPath: prepared.courtPath, ...(job ?? {}) });
    storage.audit.append({
      action: 'plan.created',
      subjectType: 'plan',
      subjectId: plan.id,
      courtPath: prepared.courtPath,
      actor: caller,
      detail: { decidingCourtId: plan.decidingCourtId, status: plan.status, objective: plan.objective, gap: plan.gap, inputHash: plan.audit.inputHash, seed: plan.audit.seed, ...(jobId ? { jobId } : {}) },
    });
    return stored;
  });
}

/** sha256 over the canonical JSON of everything that decides the plan: request, resolved policy, deciding court, seed. */
export function inputHashOf(request: PlanRequest, policy: ResolvedPolicy, decidingCourtId: string, seed: string): string {
  const canonical = stringify({ courts: request.courts, cases: request.cases, conflicts: request.conflicts ?? [], reference: request.reference ?? null, policy, decidingCourtId, seed });
  return `sha256:${createHash('sha256').update(canonical ?? '').digest('hex')}`;
}
