import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/index.js';
import { waitForJob } from '../support/jobs.js';
import { loadSampleRequest } from '../support/sampleRequests.js';
import { bearer, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
let datasetId: string;
const sample = loadSampleRequest('tiny-103-far-tight.json');
const post = (url: string, payload: object, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, headers: { ...bearer(spcKey), ...headers }, payload });

beforeAll(async () => {
  app = await testApp();
  datasetId = (await post('/v1/datasets', { decidingCourtId: sample.decidingCourtId, courts: sample.courts, cases: sample.cases, conflicts: sample.conflicts ?? [] })).json<{ id: string }>().id;
});
afterAll(() => app.close());

interface Row {
  value: number | string | boolean | null;
  planId: string;
  objective: number;
  assignedCases: number;
  status: string;
}

describe('POST /v1/sweeps', () => {
  it('varies all capacities over a list and agrees, value by value, with single scenario solves', async () => {
    const values = [-50, 0, 50];
    const response = await post('/v1/sweeps', { datasetId, policy: sample.policy, vary: { kind: 'capacityPercent' }, values });
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json<{ rows: Row[] }>().rows;
    expect(rows.map((row) => row.value)).toEqual(values);
    for (const row of rows) {
      const accepted = (await post('/v1/scenarios', { datasetId, policy: sample.policy, patch: { capacities: [{ allCourts: true, changePercent: row.value }] } })).json<{ id: string }>();
      const job = await waitForJob(app, accepted.id);
      const single = (await app.inject({ method: 'GET', url: `/v1/plans/${job.planId}`, headers: bearer(spcKey) })).json<Plan>();
      // Small models are solved exactly: the sweep and the single solve reach the same optimum.
      expect(single.status).toBe('optimal');
      expect(row.status).toBe('optimal');
      expect(row.objective).toBeCloseTo(single.objective, 6);
      expect(row.assignedCases).toBe(single.kpis.assignedCases);
    }
    // More capacity never makes the optimum worse.
    expect(rows[0]!.objective).toBeGreaterThanOrEqual(rows[1]!.objective);
    expect(rows[1]!.objective).toBeGreaterThanOrEqual(rows[2]!.objective);
  });

  it('varies a policy field and gives the table as CSV', async () => {
    const csv = await post('/v1/sweeps', { datasetId, policy: sample.policy, vary: { kind: 'policy', field: 'minCrossRegionKm' }, values: [0, 200, 500] }, { accept: 'text/csv' });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]!.startsWith('value,planId,status,objective,lowerBound,gap,assignedCases')).toBe(true);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['0', '200', '500']);
  });

  it('names a value that does not fit the parameter', async () => {
    const wrong = await post('/v1/sweeps', { datasetId, vary: { kind: 'policy', field: 'reciprocity' }, values: ['allow', 'sometimes'] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('values[1]');
    const percent = await post('/v1/sweeps', { datasetId, vary: { kind: 'capacityPercent' }, values: [10, 'more'] });
    expect(percent.json().errors[0].path).toBe('values[1]');
  });
});
