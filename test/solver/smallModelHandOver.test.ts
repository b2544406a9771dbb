import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../schemas/index.js';
import { exactPathRequest } from '../../benchmarks/instances.js';
import { solveExactly } from '../../solver/exactSolve.js';
import { compileRequest, solveSmallModel } from '../../solver/index.js';
import { isPlacementFeasible } from '../../solver/sideConstraints.js';

const clock = () => performance.now();

describe('a small model whose proof does not come in time', () => {
  // 137 cases with reciprocity forbidden and a pair limit: about 1,000 rows, whose root LP alone takes seconds.
  const request = exactPathRequest(19);
  const decidingCourtId = request.decidingCourtId!;
  const level = request.courts.find((court) => court.id === decidingCourtId)!.level;
  const policy = resolvePolicy(request.policy, { today: '2025-06-30', decidingLevel: level });
  // 4 s: the search alone keeps its first plan (10 % above the optimum) that long; given 10 s, it may
  // find a near-optimal one by itself on a fast machine, and the comparison would prove nothing.
  const input = { request, policy, decidingCourtId, seed: '1', timeLimitMs: 4_000, gapTolerance: 1e-6, clock };
  const instance = compileRequest(input);

  it('is handed from the exact search to the core, whose plan beats the search’s own by far', { timeout: 60_000 }, () => {
    const searchAlone = solveExactly(instance, input);
    const handedOver = solveSmallModel(instance, input);
    expect(isPlacementFeasible(instance, handedOver.itemCourt)).toBe(true);
    expect(handedOver.status).toBe('time_limit');
    expect(handedOver.lowerBound).toBeLessThanOrEqual(handedOver.objective);
    // The search's LP bound is kept (the core's own, which relaxes the pair rules, is 5.8 M against
    // 6.7 M); the search alone had the whole limit to raise it a little further.
    expect(handedOver.lowerBound).toBeGreaterThanOrEqual(searchAlone.lowerBound * (1 - 1e-4));
    // The search alone stays 10 % above the optimum here (52 % before cover cuts); handed over, 1e-5.
    expect(handedOver.objective).toBeLessThan(0.95 * searchAlone.objective);
  });
});
