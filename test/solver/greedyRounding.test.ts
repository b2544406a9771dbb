import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../schemas/index.js';
import { solveExactly } from '../../solver/exactSolve.js';
import { greedyPlacement } from '../../solver/greedyPlacement.js';
import { compileRequest } from '../../solver/index.js';
import { isPlacementFeasible, placementObjective } from '../../solver/sideConstraints.js';
import { randomFrom, tinyRequest } from '../support/tinyRequests.js';

const clock = () => performance.now();

describe('greedy placement rounding an LP solution', () => {
  const random = randomFrom('greedy rounding of an LP solution');
  const instances = Array.from({ length: 60 }, () => {
    const request = tinyRequest(random, 2 + Math.floor(random() * 8));
    const decidingCourtId = request.decidingCourtId!;
    const level = request.courts.find((court) => court.id === decidingCourtId)!.level;
    return compileRequest({ request, policy: resolvePolicy(request.policy, { today: '2026-01-01', decidingLevel: level }), decidingCourtId, seed: '1' });
  });

  it('keeps every rule, and follows an integral solution back to its optimum where plain greedy misses it', () => {
    let followed = 0;
    let plainMissed = 0;
    for (const instance of instances) {
      const exact = solveExactly(instance, { timeLimitMs: 10_000, gapTolerance: 1e-9, clock });
      const share = Float64Array.from(instance.arcCourt, (court, arc) => {
        let item = 0;
        while (instance.arcStart[item + 1]! <= arc) item++;
        return exact.itemCourt[item] === court ? 1 : 0;
      });
      const rounded = greedyPlacement(instance, share);
      expect(isPlacementFeasible(instance, rounded)).toBe(true);
      if (Math.abs(placementObjective(instance, rounded) - exact.objective) <= 1e-9 * Math.max(1, exact.objective)) followed++;
      if (placementObjective(instance, greedyPlacement(instance)) > exact.objective + 1e-6) plainMissed++;
    }
    expect(plainMissed).toBeGreaterThan(5);
    expect(followed).toBeGreaterThanOrEqual(instances.length - 3);
  });
});
