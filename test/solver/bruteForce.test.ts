import { describe, expect, it } from 'vitest';
import { bruteForceOptimum } from '../support/bruteForce.js';
import { checkPlan } from '../support/independentChecker.js';
import { planDirect, plannedOrThrow } from '../support/planDirect.js';
import { randomFrom, tinyRequest } from '../support/tinyRequests.js';

describe('exact path against enumeration of every placement', () => {
  const random = randomFrom('exact path against enumeration');
  const instances = [];
  while (instances.length < 40) {
    const request = tinyRequest(random, 1 + Math.floor(random() * 8));
    const optimum = bruteForceOptimum(request);
    if (optimum !== null) instances.push({ request, optimum });
  }

  it.each(instances.map((instance, index) => [index, instance] as const))('instance %i: optimum found, bound below it, every rule kept', (_index, { request, optimum }) => {
    const plan = plannedOrThrow(planDirect(request));
    const scale = Math.max(1, Math.abs(optimum));
    expect(Math.abs(plan.objective - optimum) / scale).toBeLessThanOrEqual(1e-9);
    expect(plan.lowerBound).toBeLessThanOrEqual(optimum + 1e-9 * scale);
    expect(plan.status).toBe('optimal');
    expect(checkPlan(request, { ...plan, id: 'x', audit: {} as never }).problems).toEqual([]);
  });
});
