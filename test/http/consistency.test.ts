import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanRequest } from '../../schemas/index.js';
import { fixtureCase, fixtureCourts, fixtureRequest } from '../support/fixtures.js';
import { bearer, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

/** Posts and expects a 422 problem whose errors include `path`, with a message matching `message`. */
async function expect422(request: PlanRequest, path: string, message?: RegExp) {
  const response = await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: request });
  expect(response.statusCode).toBe(422);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const error = response.json().errors.find((entry: { path: string }) => entry.path === path);
  expect(error, `no error at ${path}: ${response.body}`).toBeDefined();
  if (message) expect(error.message).toMatch(message);
}

const courtsWith = (index: number, overrides: object) => fixtureCourts().map((court, at) => (at === index ? { ...court, ...overrides } : court));

describe('consistency errors: 422 naming the field', () => {
  it('duplicate court and case ids', async () => {
    await expect422(fixtureRequest({ courts: [...fixtureCourts(), fixtureCourts()[4]!] }), 'courts[12].id', /duplicate court id "b110102"/);
    await expect422(fixtureRequest({ cases: [fixtureCase(), fixtureCase()] }), 'cases[1].id', /duplicate case id/);
  });

  it('unknown court ids: origin, parent, previous court, conflict, pin, deciding court', async () => {
    await expect422(fixtureRequest({ cases: [fixtureCase({ originCourtId: 'ghost' })] }), 'cases[0].originCourtId', /unknown court id "ghost"/);
    await expect422(fixtureRequest({ courts: courtsWith(4, { parentId: 'ghost' }) }), 'courts[4].parentId', /unknown court id/);
    await expect422(fixtureRequest({ cases: [fixtureCase({ previousCourtIds: ['b110102', 'ghost'] })] }), 'cases[0].previousCourtIds[1]');
    await expect422(fixtureRequest({ conflicts: [{ courtId: 'ghost', caseId: 'case-1', reason: 'r' }] }), 'conflicts[0].courtId');
    await expect422(fixtureRequest({ cases: [fixtureCase({ pinned: { courtId: 'ghost', mode: 'designated' } })] }), 'cases[0].pinned.courtId');
    await expect422(fixtureRequest({ decidingCourtId: 'ghost' }), 'decidingCourtId');
  });

  it('unknown case ids in conflicts and reference; a case named twice in reference; an unknown reference court', async () => {
    await expect422(fixtureRequest({ conflicts: [{ courtId: 'b110102', caseId: 'ghost', reason: 'r' }] }), 'conflicts[0].caseId', /unknown case id/);
    await expect422(fixtureRequest({ reference: { assignments: [{ caseId: 'ghost', courtId: 'b110102', mode: 'designated' }] } }), 'reference.assignments[0].caseId');
    await expect422(fixtureRequest({ reference: { assignments: [{ caseId: 'case-1', courtId: 'ghost', mode: 'designated' }] } }), 'reference.assignments[0].courtId');
    const twice = { caseId: 'case-1', courtId: 'b110102', mode: 'designated' as const };
    await expect422(fixtureRequest({ reference: { assignments: [twice, twice] } }), 'reference.assignments[1].caseId', /named twice/);
  });

  it('a court tree with a cycle, with two roots, or with none', async () => {
    await expect422(fixtureRequest({ courts: courtsWith(2, { parentId: 'b110101' }) }), 'courts[2].parentId', /cycle/);
    await expect422(fixtureRequest({ courts: courtsWith(9, { parentId: null }) }), 'courts[9].parentId', /exactly one root/);
    const noRoot = courtsWith(0, { parentId: 'h11' });
    const response = await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest({ courts: noRoot }) });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((error: { message: string }) => error.message).join()).toMatch(/exactly one root|cycle/);
  });

  it('an origin that is not strictly below the deciding court', async () => {
    await expect422(fixtureRequest({ cases: [fixtureCase({ originCourtId: 'b130101' })] }), 'cases[0].originCourtId', /not strictly below/);
    await expect422(fixtureRequest({ cases: [fixtureCase({ originCourtId: 'h11' })] }), 'cases[0].originCourtId', /not strictly below/);
  });
});

describe('pins that break a rule: 422 naming the rule', () => {
  it('a pin on a screened-out case', async () => {
    await expect422(fixtureRequest({ cases: [fixtureCase({ executionImpossible: true, pinned: { courtId: 'b110102', mode: 'designated' } })] }), 'cases[0].pinned', /screened_out/);
  });

  it('a pin on an ineligible court names the eligibility rule', async () => {
    await expect422(fixtureRequest({ cases: [fixtureCase({ debtor: { domicileRegion: '110102' }, pinned: { courtId: 'b110102', mode: 'designated' } })] }), 'cases[0].pinned.courtId', /debtor_domicile/);
    await expect422(fixtureRequest({ cases: [fixtureCase({ pinned: { courtId: 'b130101', mode: 'cross_region' } })] }), 'cases[0].pinned.courtId', /outside_jurisdiction/);
  });

  it('a pin under the wrong mode', async () => {
    await expect422(fixtureRequest({ cases: [fixtureCase({ pinned: { courtId: 'i1101', mode: 'designated' } })] }), 'cases[0].pinned.mode', /only as escalated/);
  });

  it('pins that together break capacity, maxPerPair or reciprocity', async () => {
    const pin = { courtId: 'b110102', mode: 'designated' as const };
    await expect422(fixtureRequest({ courts: courtsWith(4, { capacity: 1 }), cases: [fixtureCase({ id: 'a', pinned: pin }), fixtureCase({ id: 'b', pinned: pin })] }), 'courts[4].capacity', /rule capacity/);
    await expect422(fixtureRequest({ policy: { asOf: '2025-06-30', maxPerPair: 1 }, cases: [fixtureCase({ id: 'a', pinned: pin }), fixtureCase({ id: 'b', pinned: pin })] }), 'policy.maxPerPair', /rule maxPerPair/);
    await expect422(
      fixtureRequest({ policy: { asOf: '2025-06-30', reciprocity: 'forbid' }, cases: [fixtureCase({ id: 'a', pinned: pin }), fixtureCase({ id: 'b', originCourtId: 'b110102', pinned: { courtId: 'b110101', mode: 'designated' } })] }),
      'policy.reciprocity',
      /rule reciprocity/,
    );
  });

  it('members of one bundle pinned to different courts', async () => {
    const cases = [fixtureCase({ id: 'a', bundleId: 'B', pinned: { courtId: 'b110102', mode: 'designated' } }), fixtureCase({ id: 'b', bundleId: 'B', pinned: { courtId: 'b110103', mode: 'designated' } })];
    const response = await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest({ cases }) });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].message).toMatch(/rule bundle/);
  });
});

describe('size', () => {
  it('a model above the candidate-arc cap is refused with 422 that says so, not solved slowly', async () => {
    const capped = await testApp({ solverPool: { maxCandidateArcs: 10 } });
    const cases = Array.from({ length: 12 }, (_, index) => fixtureCase({ id: `case-${index}` }));
    const response = await capped.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest({ cases }) });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ type: expect.stringContaining('too-large'), errors: [{ path: 'cases', message: expect.stringMatching(/above the limit of 10/) }] });
    expect((await capped.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest() })).statusCode).toBe(200);
    await capped.close();
  });
});
