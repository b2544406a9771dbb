import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCase, fixtureRequest } from '../support/fixtures.js';
import { bearer, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp({ bodyLimit: 256 * 1024 });
});
afterAll(() => app.close());

const postRaw = (body: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: '/v1/plans', headers: { ...bearer(spcKey), 'content-type': contentType }, payload: body });
const post = (payload: unknown) => postRaw(JSON.stringify(payload));

/** Asserts a problem+json answer with this status and, when given, a field error at `path`. */
async function expectProblem(responsePromise: ReturnType<typeof post>, status: number, path?: string) {
  const response = await responsePromise;
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json();
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (path !== undefined) expect(problem.errors.map((error: { path: string }) => error.path)).toContain(path);
  return problem;
}

const withCase = (overrides: object) => fixtureRequest({ cases: [fixtureCase(), { ...fixtureCase({ id: 'case-2' }), ...overrides }] });
const withCourt = (index: number, overrides: object) => {
  const request = fixtureRequest();
  request.courts[index] = { ...request.courts[index]!, ...overrides };
  return request;
};

describe('shape errors: 400 naming the field', () => {
  it('a missing required field', async () => {
    const { originCourtId: _dropped, ...noOrigin } = fixtureCase();
    await expectProblem(post(fixtureRequest({ cases: [fixtureCase(), noOrigin as never] })), 400, 'cases[1].originCourtId');
  });

  it('a wrong type and an unknown field', async () => {
    await expectProblem(post(withCase({ workload: 'two' })), 400, 'cases[1].workload');
    await expectProblem(post(withCase({ colour: 'red' })), 400, 'cases[1].colour');
  });

  it('negative capacity, zero or negative workload, and a fractional excludedDays', async () => {
    await expectProblem(post(withCourt(4, { capacity: -1 })), 400, 'courts[4].capacity');
    await expectProblem(post(withCase({ workload: 0 })), 400, 'cases[1].workload');
    await expectProblem(post(withCase({ workload: -2 })), 400, 'cases[1].workload');
    await expectProblem(post(withCase({ excludedDays: 1.5 })), 400, 'cases[1].excludedDays');
  });

  it('Infinity (1e400 in JSON) as a capacity or workload', async () => {
    const body = JSON.stringify(withCourt(3, { capacity: 12345 })).replace('12345', '1e400');
    await expectProblem(postRaw(body), 400, 'courts[3].capacity');
    const workload = JSON.stringify(withCase({ workload: 777 })).replace('777', '-1e400');
    await expectProblem(postRaw(workload), 400, 'cases[1].workload');
  });

  it('NaN is not JSON: a malformed body', async () => {
    const body = JSON.stringify(withCourt(3, { capacity: 12345 })).replace('12345', 'NaN');
    await expectProblem(postRaw(body), 400);
  });

  it('dates that do not parse or do not exist', async () => {
    await expectProblem(post(withCase({ receivedAt: '2024-02-30' })), 400, 'cases[1].receivedAt');
    await expectProblem(post(withCase({ receivedAt: '01/02/2024' })), 400, 'cases[1].receivedAt');
    await expectProblem(post(fixtureRequest({ policy: { asOf: '2025-13-01' } })), 400, 'policy.asOf');
  });

  it('empty allowedModes and empty defaultModes', async () => {
    await expectProblem(post(withCase({ allowedModes: [] })), 400, 'cases[1].allowedModes');
    await expectProblem(post(fixtureRequest({ policy: { defaultModes: { ordinary: [] } } })), 400, 'policy.defaultModes.ordinary');
  });

  it('a conflict with both or neither of caseId and partyId', async () => {
    await expectProblem(post(fixtureRequest({ conflicts: [{ courtId: 'b110102', caseId: 'case-1', partyId: 'p', reason: 'r' }] })), 400, 'conflicts[0].caseId');
    await expectProblem(post(fixtureRequest({ conflicts: [{ courtId: 'b110102', reason: 'r' }] as never })), 400, 'conflicts[0].caseId');
  });

  it('a region code of the wrong length', async () => {
    await expectProblem(post(withCourt(4, { regionCode: '11010' })), 400, 'courts[4].regionCode');
    await expectProblem(post(withCase({ debtor: { domicileRegion: '1' } })), 400, 'cases[1].debtor.domicileRegion');
  });

  it('malformed JSON, a body that is not an object, and __proto__ keys', async () => {
    await expectProblem(postRaw('{"courts": ['), 400);
    await expectProblem(postRaw('[]'), 400, '$');
    await expectProblem(postRaw('{"__proto__": {"admin": true}, "courts": [], "cases": []}'), 400);
  });
});

describe('transport errors', () => {
  it('415 for a text/plain body', async () => {
    await expectProblem(postRaw('hello', 'text/plain'), 415);
  });

  it('413 for a body above the limit, before parsing', async () => {
    const huge = JSON.stringify({ ...fixtureRequest(), padding: 'x'.repeat(300 * 1024) });
    await expectProblem(postRaw(huge), 413);
  });

  it('404 problem for an unknown route', async () => {
    await expectProblem(app.inject({ method: 'GET', url: '/v1/nothing', headers: bearer(spcKey) }), 404);
  });

  it('the service still plans after every refusal', async () => {
    const response = await post(fixtureRequest());
    expect(response.statusCode).toBe(200);
  });
});
