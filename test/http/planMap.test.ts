import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/index.js';
import { fixtureCase, fixtureRequest } from '../support/fixtures.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
let plan: Plan;
const request = fixtureRequest({ cases: [...fixtureRequest().cases, fixtureCase({ id: 'young', originCourtId: 'b110101', receivedAt: new Date().toISOString().slice(0, 10) })] });
const pageDir = mkdtempSync(join(tmpdir(), 'court-assign-page-'));

beforeAll(async () => {
  writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>court-assign</title>');
  app = await testApp({ webPageDir: pageDir });
  plan = (await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(courtKeys.h11), payload: request })).json<Plan>();
});
afterAll(async () => {
  await app.close();
  rmSync(pageDir, { recursive: true, force: true });
});

describe('a plan as the page draws it', () => {
  it('gives every court with its place, load and capacity, the assignments as flows, and the unassigned with their origin', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}/map`, headers: bearer(courtKeys.h11) });
    expect(response.statusCode).toBe(200);
    const map = response.json<{ courts: { id: string; location: unknown; load: number; capacity: number }[]; flows: { from: string; to: string; mode: string; caseIds: string[]; workload: number }[]; unassigned: { caseId: string; originCourtId: string; reason: string }[] }>();
    expect(map.courts.map((court) => court.id)).toEqual(request.courts.map((court) => court.id));
    for (const row of plan.courts) expect(map.courts.find((court) => court.id === row.courtId)).toMatchObject({ load: row.load, capacity: row.capacity });
    // Flows regroup the assignments exactly: each case once, from its origin, to its court, by its mode.
    const origin = new Map(request.cases.map((courtCase) => [courtCase.id, courtCase.originCourtId]));
    const fromFlows = map.flows.flatMap((flow) => flow.caseIds.map((caseId) => ({ caseId, courtId: flow.to, mode: flow.mode, from: flow.from })));
    expect(fromFlows.sort((a, b) => a.caseId.localeCompare(b.caseId))).toEqual(
      plan.assignments.map(({ caseId, courtId, mode }) => ({ caseId, courtId, mode, from: origin.get(caseId) })).sort((a, b) => a.caseId.localeCompare(b.caseId)),
    );
    expect(map.unassigned).toEqual(plan.unassigned.map(({ caseId, reason }) => ({ caseId, originCourtId: origin.get(caseId), reason })));
    expect(map.unassigned.map((entry) => entry.caseId)).toContain('young');
  });

  it('is not found for a court outside the plan’s jurisdiction', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}/map`, headers: bearer(courtKeys.h13) });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('the page at /', () => {
  it('serves the built page without a key, and leaves every other path to the API’s 404 problem', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('court-assign');
    const unknown = await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: bearer(spcKey) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });
});
