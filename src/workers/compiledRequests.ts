import { createHash } from 'node:crypto';
import { compileRequest, withCapacities, type CompiledRequest, type PlanningInput } from '../../solver/index.js';

/** Above this many cases a compile is not kept between solves: it would hold hundreds of MB in an idle thread. */
const maxKeptCases = 20_000;

/** This worker thread's last compile, by a fingerprint of everything a compile reads except capacities. */
let lastCompile: { fingerprint: string; compiled: CompiledRequest } | null = null;

/**
 * Compiles a request, reusing this thread's last compile when only capacities differ (a what-if
 * capacity change, the next value of a capacity sweep): the compile is the costly part of such a
 * re-solve, and the reused instance equals a fresh compile (see withCapacities).
 */
export function compileReusing(input: PlanningInput): CompiledRequest {
  if (input.request.cases.length > maxKeptCases) {
    lastCompile = null;
    return compileRequest(input);
  }
  const fingerprint = fingerprintOf(input);
  const reused = lastCompile?.fingerprint === fingerprint ? withCapacities(lastCompile.compiled, input.request) : null;
  const compiled = reused ?? compileRequest(input);
  lastCompile = { fingerprint, compiled };
  return compiled;
}

function fingerprintOf(input: PlanningInput): string {
  const { request, policy, decidingCourtId, seed, candidateLimits } = input;
  // All of the request but the capacities, and what it was resolved into.
  const compiledFrom = { ...request, courts: request.courts.map(({ capacity: _capacity, ...court }) => court), resolved: { policy, decidingCourtId, seed, candidateLimits: candidateLimits ?? null } };
  // Plain JSON: key order differs only between differently built requests, and then the cost is a fresh compile, never a wrong one.
  return createHash('sha256').update(JSON.stringify(compiledFrom)).digest('hex');
}
