import { createHash, randomUUID } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { resolvePolicy, solveOptionDefaults, type Plan, type PlanRequest, type ResolvedPolicy } from '../../schemas/index.js';
import { findConsistencyErrors, solverVersion } from '../../solver/index.js';
import type { Caller } from '../plugins/apiKeys.js';
import type { SolverPool } from '../plugins/solverPool.js';
import { problems } from '../problems.js';
import { callerCourtIn, decidingCourtFor } from './jurisdiction.js';

export interface PlannedRequest {
  plan: Plan;
  request: PlanRequest;
  policy: ResolvedPolicy;
}

/** Today as a UTC calendar date: the default `asOf`. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Validated request → stored-ready plan: jurisdiction (403), consistency (422), policy merged over
 * the defaults, the solver, then the audit record. The solver gets the clock; it reads none itself.
 */
export async function planRequest(request: PlanRequest, caller: Caller, solverPool: SolverPool): Promise<PlannedRequest> {
  const decidingCourtId = decidingCourtFor(request, caller);
  const consistencyErrors = findConsistencyErrors(request, decidingCourtId);
  if (consistencyErrors.length > 0) throw problems.inconsistentRequest(consistencyErrors);

  const decidingCourt = request.courts.find((court) => court.id === decidingCourtId)!;
  const policy = resolvePolicy(request.policy, { today: todayUtc(), decidingLevel: decidingCourt.level });
  const options = { ...solveOptionDefaults, ...request.options };
  const started = performance.now();
  const outcome = await solverPool.plan({ request, policy, decidingCourtId, seed: options.seed, timeLimitMs: options.timeLimitMs, gapTolerance: options.gapTolerance });
  if (outcome.kind === 'inconsistent') throw problems.inconsistentRequest(outcome.errors);
  if (outcome.kind === 'too_large') throw problems.tooLarge(outcome.detail);

  const plan: Plan = {
    id: `pl_${randomUUID()}`,
    ...outcome.plan,
    audit: {
      inputHash: inputHashOf(request, policy, decidingCourtId, options.seed),
      seed: options.seed,
      solverVersion,
      requestedBy: { courtId: callerCourtIn(request.courts, caller)?.id ?? caller.courtId ?? 'SPC', user: caller.user },
      createdAt: new Date().toISOString(),
      durationMs: performance.now() - started,
    },
  };
  return { plan, request, policy };
}

/** sha256 over the canonical JSON of everything that decides the plan: request, resolved policy, deciding court, seed. */
export function inputHashOf(request: PlanRequest, policy: ResolvedPolicy, decidingCourtId: string, seed: string): string {
  const canonical = stringify({ courts: request.courts, cases: request.cases, conflicts: request.conflicts ?? [], reference: request.reference ?? null, policy, decidingCourtId, seed });
  return `sha256:${createHash('sha256').update(canonical ?? '').digest('hex')}`;
}
