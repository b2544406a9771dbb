import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Explanation, Plan, PlanRequest } from '../../schemas/index.js';
import { court, fixtureCase, fixtureCourts, fixtureRequest } from '../support/fixtures.js';
import { checkPlan } from '../support/independentChecker.js';
import { loadSampleRequest } from '../support/sampleRequests.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

/** Every basic and intermediate court takes one case: two cases from one origin must go to two courts. */
function tightRequest(): PlanRequest {
  const courts = fixtureCourts().map((entry) => (entry.level === 'basic' || entry.level === 'intermediate' ? { ...entry, capacity: 1 } : entry));
  return fixtureRequest({ courts, cases: [fixtureCase({ id: 'a' }), fixtureCase({ id: 'b' })] });
}

const post = (url: string, payload: object, key = spcKey) => app.inject({ method: 'POST', url, headers: bearer(key), payload });
const getPlan = async (id: string) => (await app.inject({ method: 'GET', url: `/v1/plans/${id}`, headers: bearer(spcKey) })).json<Plan>();
const makePlan = async (request: PlanRequest, key = spcKey) => {
  const response = await post('/v1/plans', request, key);
  expect(response.statusCode).toBe(200);
  return response.json<Plan>();
};

describe('plan lifecycle', () => {
  it('goes proposed → approved → ruled, each step by an approver with a note, in order', async () => {
    const plan = await makePlan(fixtureRequest(), courtKeys.h11);
    expect(plan.lifecycle).toEqual({ state: 'proposed', version: 1, lineageId: plan.id, previousVersionId: null, approvals: [], overrides: [] });

    const byAnalyst = await post(`/v1/plans/${plan.id}/approve`, { note: 'looks fine' }, courtKeys.h11);
    expect(byAnalyst.statusCode).toBe(403);
    expect(byAnalyst.json().detail).toMatch(/approver/);
    expect((await post(`/v1/plans/${plan.id}/rule`, { note: '(2026)京执1号' }, courtKeys.h11Approver)).statusCode).toBe(409);
    expect((await post(`/v1/plans/${plan.id}/approve`, {}, courtKeys.h11Approver)).statusCode).toBe(400);

    const approved = await post(`/v1/plans/${plan.id}/approve`, { note: 'capacities checked with the basic courts' }, courtKeys.h11Approver);
    expect(approved.statusCode).toBe(200);
    expect(approved.json<Plan>().lifecycle.state).toBe('approved');
    expect(approved.json<Plan>().lifecycle.approvals).toEqual([
      { step: 'approved', by: { user: 'approver@h11', keyId: 'key-h11-approver', courtId: 'h11' }, note: 'capacities checked with the basic courts', at: expect.any(String) },
    ]);
    expect((await post(`/v1/plans/${plan.id}/approve`, { note: 'again' }, courtKeys.h11Approver)).statusCode).toBe(409);

    const ruled = await post(`/v1/plans/${plan.id}/rule`, { note: '(2026)京执1号' }, courtKeys.h11Approver);
    expect(ruled.json<Plan>().lifecycle.state).toBe('ruled');
    expect((await getPlan(plan.id)).lifecycle.approvals.map((approval) => approval.step)).toEqual(['approved', 'ruled']);
    const afterRuling = await post(`/v1/plans/${plan.id}/overrides`, { overrides: [{ caseId: 'case-1', courtId: 'b110102', mode: 'designated', reason: 'too late' }] });
    expect(afterRuling.statusCode).toBe(409);
    // Another jurisdiction cannot even see it.
    expect((await post(`/v1/plans/${plan.id}/approve`, { note: 'x' }, courtKeys.h13)).statusCode).toBe(404);
  });

  it('makes a new version from overrides, re-checked and re-costed, and supersedes the old one', async () => {
    const request = loadSampleRequest('tiny-101-default.json');
    const plan = await makePlan(request);
    const moved = plan.assignments[0]!;
    const explanation = (await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}/explain?caseId=${encodeURIComponent(moved.caseId)}`, headers: bearer(spcKey) })).json<Explanation>();
    const alternative = explanation.alternatives.find((option) => option.courtId !== moved.courtId && option.hasRoom);
    expect(alternative).toBeDefined();

    const response = await post(`/v1/plans/${plan.id}/overrides`, { overrides: [{ caseId: moved.caseId, courtId: alternative!.courtId, mode: alternative!.mode, reason: 'the debtor’s property sits there' }] });
    expect(response.statusCode).toBe(201);
    const revised = response.json<Plan>();
    expect(response.headers.location).toBe(`/v1/plans/${revised.id}`);
    expect(revised.lifecycle).toMatchObject({ state: 'proposed', version: 2, lineageId: plan.id, previousVersionId: plan.id });
    expect(revised.lifecycle.overrides).toEqual([{ caseId: moved.caseId, courtId: alternative!.courtId, mode: alternative!.mode, reason: 'the debtor’s property sits there', by: { user: 'demo-admin', keyId: 'demo-spc-admin', courtId: null }, at: expect.any(String) }]);
    const placed = revised.assignments.find((assignment) => assignment.caseId === moved.caseId)!;
    expect(placed.courtId).toBe(alternative!.courtId);
    expect(placed.reasons[0]).toBe('override: the debtor’s property sits there');
    // Every other case stays where it was.
    const before = new Map(plan.assignments.map((assignment) => [assignment.caseId, assignment.courtId]));
    for (const assignment of revised.assignments.filter((entry) => entry.caseId !== moved.caseId)) expect(assignment.courtId).toBe(before.get(assignment.caseId));
    const check = checkPlan(request, revised);
    expect(check.problems).toEqual([]);
    expect(Math.abs(revised.objective - check.objective)).toBeLessThanOrEqual(1e-9 * Math.max(1, check.objective));
    expect(revised.lowerBound).toBe(plan.lowerBound);
    expect((await getPlan(plan.id)).lifecycle.state).toBe('superseded');
    expect((await post(`/v1/plans/${plan.id}/approve`, { note: 'old version' })).statusCode).toBe(409);
  });

  it('rejects an override that breaks a hard rule, naming the override and the rule', async () => {
    const plan = await makePlan(tightRequest());
    const [first, second] = plan.assignments;
    expect(first!.courtId).not.toBe(second!.courtId);

    const toOwnCourt = await post(`/v1/plans/${plan.id}/overrides`, { overrides: [{ caseId: 'a', courtId: 'b110101', mode: 'designated', reason: 'keep it local' }] });
    expect(toOwnCourt.statusCode).toBe(422);
    expect(toOwnCourt.json().errors[0].path).toBe('overrides[0].courtId');
    expect(toOwnCourt.json().errors[0].message).toMatch(/^rule \w+/);

    const onTopOfAnother = await post(`/v1/plans/${plan.id}/overrides`, { overrides: [{ caseId: first!.caseId, courtId: second!.courtId, mode: second!.mode, reason: 'concentrate' }] });
    expect(onTopOfAnother.statusCode).toBe(422);
    expect(onTopOfAnother.json().errors.map((error: { message: string }) => error.message).join(' ')).toMatch(/rule capacity/);

    const wrongMode = await post(`/v1/plans/${plan.id}/overrides`, { overrides: [{ caseId: 'a', courtId: 'h11', mode: 'designated', reason: 'up' }] });
    expect(wrongMode.statusCode).toBe(422);
    expect(wrongMode.json().errors[0]).toEqual({ path: 'overrides[0].mode', message: expect.stringMatching(/^rule mode: h11 can take this case only as escalated/) });

    const twice = await post(`/v1/plans/${plan.id}/overrides`, { overrides: [{ caseId: 'a', courtId: 'h11', mode: 'escalated', reason: 'x' }, { caseId: 'a', courtId: 'i1102', mode: 'escalated', reason: 'y' }] });
    expect(twice.json().errors).toEqual([{ path: 'overrides[1].caseId', message: 'case a is overridden twice' }]);
    const unknown = await post(`/v1/plans/${plan.id}/overrides`, { overrides: [{ caseId: 'zz', courtId: 'nowhere', mode: 'escalated', reason: 'x' }] });
    expect(unknown.json().errors.map((error: { path: string }) => error.path)).toEqual(['overrides[0].caseId', 'overrides[0].courtId']);
    expect((await post(`/v1/plans/${plan.id}/overrides`, { overrides: [{ caseId: 'a', courtId: 'h11', mode: 'escalated' }] })).statusCode).toBe(400);
    expect((await getPlan(plan.id)).lifecycle.state).toBe('proposed');
  });
});

describe('replay', () => {
  it.each(['tiny-104-reference.json', 'small-201-default.json'])('solves a stored plan (%s) again from its input and seed and finds it byte-identical', async (file) => {
    // A plan is reproducible when its solve ends before the time limit (small-201 takes about 5 s of
    // the default 10 s alone, more while other tests share the machine): the longest limit a synchronous plan may have.
    const request = loadSampleRequest(file);
    const plan = await makePlan({ ...request, options: { ...request.options, timeLimitMs: 30_000 } });
    const replay = await post(`/v1/plans/${plan.id}/replay`, {});
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ planId: plan.id, identical: true, differences: [], inputHash: plan.audit.inputHash });
  });

  it('names where a replay differs when the stored plan was changed', async () => {
    const plan = await makePlan(loadSampleRequest('tiny-101-default.json'));
    app.storage.db.prepare("UPDATE plans SET body = json_set(body, '$.objective', 1) WHERE id = ?").run(plan.id);
    const replay = (await post(`/v1/plans/${plan.id}/replay`, {})).json();
    expect(replay.identical).toBe(false);
    expect(replay.differences).toEqual([{ path: '$.objective', stored: 1, replayed: plan.objective }]);
  });

  it('replays a version made by overrides through its overrides', async () => {
    const request = fixtureRequest({ courts: [...fixtureCourts(), court('b110104', 'basic', 'i1101', '110104', 40.3, 116.3)], cases: [fixtureCase({ id: 'a' })] });
    const plan = await makePlan(request);
    const target = plan.assignments[0]!.courtId === 'b110104' ? 'b110103' : 'b110104';
    const revised = (await post(`/v1/plans/${plan.id}/overrides`, { overrides: [{ caseId: 'a', courtId: target, mode: 'designated', reason: 'r' }] })).json<Plan>();
    expect(revised.lifecycle.version).toBe(2);
    const replay = (await post(`/v1/plans/${revised.id}/replay`, {})).json();
    expect(replay).toMatchObject({ identical: true, differences: [] });
  });
});
