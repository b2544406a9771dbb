import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Explanation, Plan } from '../../schemas/index.js';
import { fixtureCase, fixtureRequest } from '../support/fixtures.js';
import { checkPlan } from '../support/independentChecker.js';
import { loadSampleRequest, sampleOptima } from '../support/sampleRequests.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

const postPlan = (payload: unknown, key = spcKey) => app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(key), payload: payload as object });

/** Three cases over the fixture tree; h11 decides. */
const request = fixtureRequest({
  cases: [
    fixtureCase({ id: 'k1' }),
    fixtureCase({ id: 'k2', originCourtId: 'b110102', livelihood: true, debtor: { id: 'p1', domicileRegion: '110101' } }),
    fixtureCase({ id: 'k3', executionImpossible: true }),
  ],
  conflicts: [{ courtId: 'b110103', partyId: 'p1', reason: 'court leases from the debtor' }],
});

describe('POST /v1/plans', () => {
  it('answers 200 with a plan that an independent checker accepts', async () => {
    const response = await postPlan(request);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const plan = response.json<Plan>();
    expect(checkPlan(request, plan).problems).toEqual([]);
    expect(plan.id).toMatch(/^pl_/);
    expect(plan.audit).toMatchObject({ seed: '0', requestedBy: { courtId: 'spc', user: 'demo-admin' } });
    expect(plan.audit.inputHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.unassigned).toContainEqual(expect.objectContaining({ caseId: 'k3', reason: 'screened_out' }));
    for (const assignment of plan.assignments) {
      expect(assignment.legalBasis.length).toBeGreaterThan(0);
      expect(assignment.reasons.some((reason) => reason.startsWith('six_month_rule'))).toBe(true);
    }
  });

  it('matches a sample request’s proven optimum through HTTP', async () => {
    const sample = loadSampleRequest('tiny-101-default.json');
    const plan = (await postPlan(sample)).json<Plan>();
    const optimum = sampleOptima().get('tiny-101-default.json')!;
    expect(Math.abs(plan.objective - optimum) / optimum).toBeLessThanOrEqual(1e-6);
    expect(checkPlan(sample, plan).problems).toEqual([]);
  });

  it('gives the same decisions and input hash for the same input and seed', async () => {
    const first = (await postPlan(request)).json<Plan>();
    const second = (await postPlan(request)).json<Plan>();
    const decisions = ({ id: _id, audit, lifecycle: _lifecycle, ...body }: Plan) => JSON.stringify({ body, hash: audit.inputHash, seed: audit.seed });
    expect(decisions(second)).toBe(decisions(first));
    expect(second.id).not.toBe(first.id);
  });

  it('defaults the deciding court to the caller’s court', async () => {
    const { decidingCourtId: _omitted, ...withoutDeciding } = request;
    expect((await postPlan(withoutDeciding, courtKeys.h11)).json<Plan>().decidingCourtId).toBe('h11');
    expect((await postPlan(withoutDeciding)).json<Plan>().decidingCourtId).toBe('spc');
  });

  it('401 without a key or with an unknown key, as problem+json', async () => {
    const missing = await app.inject({ method: 'POST', url: '/v1/plans', payload: request });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect((await postPlan(request, 'not-a-key')).statusCode).toBe(401);
  });

  it('403 when the deciding court is outside the caller’s jurisdiction', async () => {
    const response = await postPlan(request, courtKeys.h13);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, errors: [{ path: 'decidingCourtId' }] });
  });
});

describe('GET /v1/plans/{id} and explain', () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = (await postPlan(request)).json<Plan>();
  });

  it('returns the stored plan', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}`, headers: bearer(spcKey) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(plan);
  });

  it('404 for an unknown plan, and for another jurisdiction’s plan (no existence leak)', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/v1/plans/pl_nothing', headers: bearer(spcKey) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    const foreign = await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}`, headers: bearer(courtKeys.h13) });
    expect(foreign.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}`, headers: bearer(courtKeys.h11) })).statusCode).toBe(200);
  });

  it('explains a case: chosen court, ranked alternatives with deltas, the blocking rule of every other court', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}/explain?caseId=k2`, headers: bearer(spcKey) });
    expect(response.statusCode).toBe(200);
    const explanation = response.json<Explanation>();
    const chosen = plan.assignments.find((entry) => entry.caseId === 'k2')!;
    expect(explanation.chosen).toMatchObject({ courtId: chosen.courtId, mode: chosen.mode });
    const deltas = explanation.alternatives.map((alternative) => alternative.costDelta);
    expect(deltas).toEqual([...deltas].sort((a, b) => a - b));
    expect(deltas.every((delta) => delta >= -1e-9)).toBe(true);
    const blocked = new Map(explanation.blocked.map((entry) => [entry.courtId, entry.rule]));
    expect(blocked.get('b110101')).toBe('debtor_domicile');
    expect(blocked.get('b110102')).toBe('origin_court');
    expect(blocked.get('b110103')).toBe('conflict_party');
    // Every court in jurisdiction is accounted for exactly once.
    const named = [explanation.chosen!.courtId, ...explanation.alternatives.map((entry) => entry.courtId), ...blocked.keys()];
    expect(named.sort()).toEqual(plan.courts.map((row) => row.courtId).sort());
  });

  it('explains a screened-out case with the screening rule for every court', async () => {
    const explanation = (await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}/explain?caseId=k3`, headers: bearer(spcKey) })).json<Explanation>();
    expect(explanation.chosen).toBeNull();
    expect(explanation.unassigned).toMatchObject({ reason: 'screened_out' });
    expect(new Set(explanation.blocked.map((entry) => entry.rule))).toEqual(new Set(['screened_out']));
  });

  it('404 for a case not in the plan; 400 without caseId', async () => {
    expect((await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}/explain?caseId=nope`, headers: bearer(spcKey) })).statusCode).toBe(404);
    const missing = await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}/explain`, headers: bearer(spcKey) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ errors: [{ path: 'caseId' }] });
  });
});
