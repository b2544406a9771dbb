import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, PlanRequest } from '../../schemas/index.js';
import { court, fixtureCase, fixtureCourts, fixtureRequest } from '../support/fixtures.js';
import { checkPlan } from '../support/independentChecker.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

interface Fit {
  caseId: string;
  unassignedPenalty: number;
  options: { courtId: string; mode: string; costTotal: number; overloadDelta: number; displaced: { caseId: string; toCourtId: string | null; costDelta: number } | null; objectiveDelta: number }[];
  blocked: { courtId: string; rule: string }[];
}
const fit = (planId: string, payload: object, key = spcKey) => app.inject({ method: 'POST', url: `/v1/plans/${planId}/fit`, headers: bearer(key), payload });
const solve = async (request: PlanRequest) => (await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: request })).json<Plan>();

/** The objective of the plan with the new case put where an option says, recomputed by the independent checker. */
function objectiveWith(request: PlanRequest, plan: Plan, newCaseId: string, option: Fit['options'][number]): number {
  const placement = new Map(plan.assignments.map((entry) => [entry.caseId, entry.courtId]));
  placement.set(newCaseId, option.courtId);
  if (option.displaced) {
    if (option.displaced.toCourtId) placement.set(option.displaced.caseId, option.displaced.toCourtId);
    else placement.delete(option.displaced.caseId);
  }
  const check = checkPlan(request, { ...plan, assignments: request.cases.filter((c) => placement.has(c.id)).map((c) => ({ ...plan.assignments[0]!, caseId: c.id, courtId: placement.get(c.id)! })) });
  return check.objective;
}

describe('POST /v1/plans/{id}/fit', () => {
  it('ranks every court that could take a new case by the objective change the independent checker confirms, and blocks the others with their rule', async () => {
    const request = fixtureRequest({ cases: [fixtureCase({ id: 'a' }), fixtureCase({ id: 'b', originCourtId: 'b110201' })] });
    const plan = await solve(request);
    const newCase = fixtureCase({ id: 'new', originCourtId: 'b110102' });
    const response = await fit(plan.id, { case: newCase });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json<Fit>();
    expect(answer.options.length).toBeGreaterThan(0);
    expect(answer.options.map((option) => option.objectiveDelta)).toEqual([...answer.options.map((option) => option.objectiveDelta)].sort((x, y) => x - y));
    const withNew = { ...request, cases: [...request.cases, newCase] };
    const base = checkPlan(withNew, plan).objective - answer.unassignedPenalty;
    for (const option of answer.options) expect(objectiveWith(withNew, plan, 'new', option) - base).toBeCloseTo(option.objectiveDelta, 6);
    const covered = new Set([...answer.options.map((option) => option.courtId), ...answer.blocked.map((entry) => entry.courtId)]);
    expect(answer.blocked.find((entry) => entry.courtId === 'b110102')!.rule).toBe('origin_court');
    expect(covered.size).toBe(plan.courts.length);
  });

  it('says which case would have to move when the best court is full', async () => {
    // One intermediate court's basic courts each take one case; the cheapest court for the new case is taken.
    const courts = fixtureCourts().map((entry) => (entry.level === 'basic' ? { ...entry, capacity: 1 } : entry.level === 'intermediate' || entry.level === 'high' ? { ...entry, capacity: 0 } : entry));
    const request = fixtureRequest({ courts: [...courts, court('b110104', 'basic', 'i1101', '110104', 40.5, 116.5, 1)], cases: [fixtureCase({ id: 'a', originCourtId: 'b110101' })] });
    const plan = await solve(request);
    const taken = plan.assignments[0]!.courtId;
    const answer = (await fit(plan.id, { case: fixtureCase({ id: 'new', originCourtId: 'b110101' }) })).json<Fit>();
    const atTaken = answer.options.find((option) => option.courtId === taken)!;
    expect(atTaken.displaced).toMatchObject({ caseId: 'a' });
    expect(atTaken.displaced!.toCourtId).not.toBe(taken);
    const withNew = { ...request, cases: [...request.cases, fixtureCase({ id: 'new', originCourtId: 'b110101' })] };
    const base = checkPlan(withNew, plan).objective - answer.unassignedPenalty;
    expect(objectiveWith(withNew, plan, 'new', atTaken) - base).toBeCloseTo(atTaken.objectiveDelta, 6);
  });

  it('refuses a case id already in the plan or an unknown origin with 422 naming the field, and hides other jurisdictions’ plans', async () => {
    const plan = await solve(fixtureRequest());
    const duplicate = await fit(plan.id, { case: fixtureCase() });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.json().errors[0].path).toMatch(/^case/);
    const unknown = await fit(plan.id, { case: fixtureCase({ id: 'x', originCourtId: 'nowhere' }) });
    expect(unknown.json().errors[0].path).toBe('case.originCourtId');
    expect((await fit(plan.id, { case: fixtureCase({ id: 'y' }) }, courtKeys.h13)).statusCode).toBe(404);
  });
});
