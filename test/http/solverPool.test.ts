import { describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/index.js';
import { checkPlan } from '../support/independentChecker.js';
import { loadSampleRequest } from '../support/sampleRequests.js';
import { bearer, spcKey, testApp } from '../support/testApp.js';
import { buildCourtContext } from '../../solver/courtContext.js';
import { exceedsExactPath } from '../../solver/exactSolve.js';
import { compileInstance } from '../../solver/instance.js';
import { warmUpPlans, warmUpRounds } from '../../src/workers/warmUpPlans.js';

/** A solve that takes a few seconds: 400 cases beyond the exact path, tight capacity, reciprocity forbidden. */
const slowRequest = () => {
  const request = loadSampleRequest('small-202-forbid-tight.json');
  return { ...request, options: { ...request.options, timeLimitMs: 2500 } };
};

describe('solves run in worker threads', () => {
  it('/health answers while a long plan is being made', async () => {
    const app = await testApp();
    const events: string[] = [];
    const planning = app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: slowRequest() }).then((response) => {
      events.push('plan');
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const health = await app.inject({ method: 'GET', url: '/health' });
    events.push('health');
    expect(health.statusCode).toBe(200);
    const response = await planning;
    expect(events).toEqual(['health', 'plan']);
    expect(response.statusCode).toBe(200);
    expect(checkPlan(slowRequest(), response.json<Plan>()).problems).toEqual([]);
    await app.close();
  });

  it('a full queue answers 503 with Retry-After, and accepted solves still finish', async () => {
    const app = await testApp({ solverPool: { threads: 1, maxQueue: 1 } });
    const responses = await Promise.all(Array.from({ length: 4 }, () => app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: slowRequest() })));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toContain(503);
    expect(statuses).toContain(200);
    const refused = responses.find((response) => response.statusCode === 503)!;
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    await app.close();
  });
});

describe('warming the solver threads', () => {
  it('warms both solver paths: the core takes the large warm-up plan, the exact path the small one', () => {
    const goesExact = warmUpPlans().map(({ request, policy, decidingCourtId, seed }) => !exceedsExactPath(compileInstance(buildCourtContext(request, policy, decidingCourtId), seed)));
    expect(goesExact).toEqual([false, true]);
  });

  it('runs each warm-up plan (one for the core, one for the exact path) twice on every thread once the app is ready', async () => {
    // A budget that a machine busy with other test files does not reach (the app gives a ready hook 30 s).
    const app = await testApp({ solverPool: { threads: 2, warmUp: true, warmUpBudgetMs: 25_000 } });
    await app.ready();
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(warmUpPlans()).toHaveLength(2);
    expect(metrics).toMatch(new RegExp(`court_assign_solve_duration_seconds_count\\{outcome="planned"\\} ${warmUpRounds * 2 * 2}`));
    await app.close();
  });

  it('stops the warm-up at its time budget, so that a slow machine still starts', async () => {
    const app = await testApp({ solverPool: { threads: 2, warmUp: true, warmUpBudgetMs: 1 } });
    await app.ready();
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const planned = Number(/court_assign_solve_duration_seconds_count\{outcome="planned"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    expect(planned).toBeLessThan(warmUpRounds * warmUpPlans().length * 2);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await app.close();
  });
});
