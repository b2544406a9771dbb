import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison, Plan, PlanRequest } from '../../schemas/index.js';
import { fixtureRequest } from '../support/fixtures.js';
import { checkPlan } from '../support/independentChecker.js';
import { waitForJob } from '../support/jobs.js';
import { loadSampleRequest } from '../support/sampleRequests.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
const sample = loadSampleRequest('small-201-default.json');
let datasetId: string;

const post = (url: string, payload: object, key = spcKey) => app.inject({ method: 'POST', url, headers: bearer(key), payload });
const getPlan = async (id: string) => (await app.inject({ method: 'GET', url: `/v1/plans/${id}`, headers: bearer(spcKey) })).json<Plan>();

/** Runs a scenario to its end and returns its plan. */
async function scenarioPlan(body: { policy?: object } & Record<string, unknown>): Promise<Plan> {
  // The dataset holds courts, cases and conflicts; the sample's policy comes with each scenario.
  const accepted = await post('/v1/scenarios', { datasetId, ...body, policy: { ...sample.policy, ...body.policy } });
  expect(accepted.statusCode, accepted.body).toBe(202);
  const job = await waitForJob(app, accepted.json<{ id: string }>().id);
  expect(job.status, JSON.stringify(job.error)).toBe('done');
  return getPlan(job.planId!);
}

/** Whether the sample pins (rules) a case to the court: such a court cannot be cut below its pins. */
const hasPins = (courtId: string) => sample.cases.some((c) => c.pinned?.courtId === courtId);

/** The case diff computed here, independently of the service. */
function diffOf(a: Plan, b: Plan) {
  const at = (plan: Plan) => new Map(plan.assignments.map((entry) => [entry.caseId, `${entry.courtId}/${entry.mode}`]));
  const [placedA, placedB] = [at(a), at(b)];
  let changed = 0;
  let added = 0;
  for (const [caseId, where] of placedA) if (placedB.get(caseId) !== where) changed++;
  for (const caseId of placedB.keys()) if (!placedA.has(caseId)) added++;
  return { changed, added };
}

beforeAll(async () => {
  app = await testApp();
  const body = { name: 'small sample', decidingCourtId: sample.decidingCourtId, courts: sample.courts, cases: sample.cases, conflicts: sample.conflicts ?? [] };
  const created = await app.inject({
    method: 'POST',
    url: '/v1/datasets',
    headers: { ...bearer(spcKey), 'content-type': 'application/json', 'content-encoding': 'gzip' },
    payload: gzipSync(JSON.stringify(body)),
  });
  expect(created.statusCode, created.body).toBe(201);
  datasetId = created.json<{ id: string }>().id;
});
afterAll(() => app.close());

describe('datasets', () => {
  it('stores a gzipped dataset once and answers its summary, to its jurisdiction only', async () => {
    const summary = (await app.inject({ method: 'GET', url: `/v1/datasets/${datasetId}`, headers: bearer(spcKey) })).json();
    expect(summary).toMatchObject({ id: datasetId, name: 'small sample', decidingCourtId: sample.decidingCourtId, courts: sample.courts.length, cases: sample.cases.length });
    expect(summary.workload).toBe(sample.cases.reduce((sum, c) => sum + (c.workload ?? 1), 0));
    expect((await app.inject({ method: 'GET', url: `/v1/datasets/${datasetId}`, headers: bearer(courtKeys.h13) })).statusCode).toBe(404);
  });

  it('refuses an inconsistent dataset with 422 and a dataset outside the caller’s jurisdiction with 403', async () => {
    const broken = fixtureRequest({ cases: [{ id: 'x', originCourtId: 'nowhere', receivedAt: '2024-01-01' }] });
    const inconsistent = await post('/v1/datasets', { courts: broken.courts, cases: broken.cases, decidingCourtId: 'h11' });
    expect(inconsistent.statusCode).toBe(422);
    expect(inconsistent.json().errors[0].path).toBe('cases[0].originCourtId');
    const fixture = fixtureRequest();
    expect((await post('/v1/datasets', { courts: fixture.courts, cases: fixture.cases, decidingCourtId: 'h11' }, courtKeys.h13)).statusCode).toBe(403);
  });
});

describe('scenarios and comparison', () => {
  let baseline: Plan;
  let busiest: { courtId: string; load: number; capacity: number };
  beforeAll(async () => {
    baseline = await scenarioPlan({ name: 'baseline' });
    busiest = [...baseline.courts].filter((row) => !hasPins(row.courtId)).sort((a, b) => b.load - a.load)[0]!;
  });

  it('solves a scenario as a job whose plan passes the independent checker, and keeps the scenario with its plan', async () => {
    expect(checkPlan(sample, baseline).problems).toEqual([]);
    const accepted = (await post('/v1/scenarios', { datasetId, name: 'again' })).json<{ id: string; scenarioId: string }>();
    const job = await waitForJob(app, accepted.id);
    const scenario = (await app.inject({ method: 'GET', url: `/v1/scenarios/${accepted.scenarioId}`, headers: bearer(spcKey) })).json();
    expect(scenario).toMatchObject({ id: accepted.scenarioId, datasetId, name: 'again', jobId: accepted.id, status: 'done', planId: job.planId });
  });

  it('cuts one court’s capacity against the baseline and moves only cases that have to move', async () => {
    const cut = Math.floor(busiest.load / 2);
    const patch = { capacities: [{ courtId: busiest.courtId, set: cut }] };
    const replanned = await scenarioPlan({ name: 'cut', patch, referencePlanId: baseline.id, policy: { changePenalty: 50_000 } });
    const patchedRequest: PlanRequest = { ...sample, courts: sample.courts.map((court) => (court.id === busiest.courtId ? { ...court, capacity: cut } : court)) };
    expect(checkPlan({ ...patchedRequest, reference: { assignments: baseline.assignments.map(({ caseId, courtId, mode }) => ({ caseId, courtId, mode })) }, policy: { ...sample.policy, changePenalty: 50_000 } }, replanned).problems).toEqual([]);
    expect(replanned.courts.find((row) => row.courtId === busiest.courtId)!.load).toBeLessThanOrEqual(cut);

    const comparison = (await app.inject({ method: 'GET', url: `/v1/plans/${baseline.id}/compare/${replanned.id}`, headers: bearer(spcKey) })).json<Comparison>();
    const wasAtCut = new Set(baseline.assignments.filter((entry) => entry.courtId === busiest.courtId).map((entry) => entry.caseId));
    const disrupted = comparison.cases.filter((row) => row.change !== 'newly_assigned');
    expect(disrupted.length).toBeGreaterThan(0);
    for (const row of disrupted) expect(wasAtCut.has(row.caseId), `${row.caseId} ${row.change}`).toBe(true);
    // At most as many cases leave the court as its load must shed, counted in workload units.
    const shed = disrupted.reduce((sum, row) => sum + (sample.cases.find((c) => c.id === row.caseId)!.workload ?? 1), 0);
    expect(shed).toBeLessThanOrEqual(busiest.load - cut + 2);
    expect(comparison.counts.disruption).toBe(diffOf(baseline, replanned).changed);
    expect(comparison.counts.newlyAssigned).toBe(diffOf(baseline, replanned).added);
    expect(comparison.kpis.find((row) => row.kpi === 'assignedCases')).toEqual({ kpi: 'assignedCases', a: baseline.kpis.assignedCases, b: replanned.kpis.assignedCases, delta: replanned.kpis.assignedCases - baseline.kpis.assignedCases });
    expect(comparison.courts.find((row) => row.courtId === busiest.courtId)).toMatchObject({ capacityB: cut, loadA: busiest.load });
  });

  it('gives the comparison as CSV on Accept: text/csv', async () => {
    const closed = await scenarioPlan({ patch: { closeCourts: [busiest.courtId] } });
    const json = (await app.inject({ method: 'GET', url: `/v1/plans/${baseline.id}/compare/${closed.id}`, headers: bearer(spcKey) })).json<Comparison>();
    const csv = await app.inject({ method: 'GET', url: `/v1/plans/${baseline.id}/compare/${closed.id}`, headers: { ...bearer(spcKey), accept: 'text/csv' } });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('caseId,change,fromCourtId,fromMode,toCourtId,toMode');
    expect(lines).toHaveLength(json.cases.length + 1);
    expect(closed.assignments.some((entry) => entry.courtId === busiest.courtId)).toBe(false);
    const kpis = await app.inject({ method: 'GET', url: `/v1/plans/${baseline.id}/compare/${closed.id}?table=kpis`, headers: { ...bearer(spcKey), accept: 'text/csv' } });
    expect(kpis.body.split('\r\n')[0]).toBe('kpi,a,b,delta');
  });

  it('applies region-wide percentage changes, filters, policy changes and conflicts', async () => {
    const region = sample.courts.find((court) => court.level === 'intermediate')!.regionCode;
    const patch = {
      capacities: [{ regionCode: region, changePercent: -30 }],
      cases: { categories: ['ordinary'] },
      addConflicts: [{ courtId: busiest.courtId, partyId: sample.cases[0]!.debtor?.id ?? 'nobody', reason: 'a new conflict' }],
      policy: { minCrossRegionKm: 50 },
    };
    const plan = await scenarioPlan({ patch });
    const placed = new Set(plan.assignments.map((entry) => entry.caseId).concat(plan.unassigned.map((entry) => entry.caseId)));
    expect([...placed].every((caseId) => (sample.cases.find((c) => c.id === caseId)!.category ?? 'ordinary') === 'ordinary')).toBe(true);
    for (const court of sample.courts.filter((entry) => entry.regionCode.startsWith(region))) {
      expect(plan.courts.find((row) => row.courtId === court.id)?.capacity ?? Math.round(court.capacity * 0.7)).toBe(Math.round(court.capacity * 0.7));
    }
  });

  it('names an unknown court or case in a patch with a 422 and its path', async () => {
    const unknownCourt = await post('/v1/scenarios', { datasetId, patch: { capacities: [{ courtId: 'atlantis', changePercent: 10 }] } });
    expect(unknownCourt.statusCode).toBe(422);
    expect(unknownCourt.json().errors).toEqual([{ path: 'patch.capacities[0].courtId', message: 'court atlantis is not in the dataset' }]);
    const unknownCase = await post('/v1/scenarios', { datasetId, patch: { cases: { excludeCaseIds: ['nobody'] } } });
    expect(unknownCase.json().errors[0].path).toBe('patch.cases.excludeCaseIds[0]');
    const twoSelectors = await post('/v1/scenarios', { datasetId, patch: { capacities: [{ courtId: 'x', regionCode: '11', set: 1 }] } });
    expect(twoSelectors.statusCode).toBe(400);
    expect((await post('/v1/scenarios', { datasetId: 'ds_missing' })).statusCode).toBe(404);
  });
});

describe('re-planning a stored plan', () => {
  it('closes a court with low disruption: with moves dearer than any penalty, only its cases change', async () => {
    const plan = (await post('/v1/plans', sample)).json<Plan>();
    const court = [...plan.courts].filter((row) => !hasPins(row.courtId)).sort((a, b) => b.load - a.load)[0]!;
    const response = await post(`/v1/plans/${plan.id}/replan`, { patch: { closeCourts: [court.courtId], policy: { changePenalty: 1e9 } } });
    expect(response.statusCode, response.body).toBe(200);
    const replanned = response.json<Plan>();
    expect(replanned.assignments.some((entry) => entry.courtId === court.courtId)).toBe(false);
    const comparison = (await app.inject({ method: 'GET', url: `/v1/plans/${plan.id}/compare/${replanned.id}`, headers: bearer(spcKey) })).json<Comparison>();
    const wasThere = new Set(plan.assignments.filter((entry) => entry.courtId === court.courtId).map((entry) => entry.caseId));
    for (const row of comparison.cases.filter((entry) => entry.change !== 'newly_assigned')) expect(wasThere.has(row.caseId), JSON.stringify(row)).toBe(true);
    expect(replanned.kpis.changedVsReference).toBe(comparison.counts.disruption);
  });

  it('never moves a ruled plan’s assignments: closing a court that holds them is refused, naming the rule', async () => {
    const request = fixtureRequest();
    const plan = (await post('/v1/plans', request)).json<Plan>();
    const held = plan.assignments[0]!;
    await post(`/v1/plans/${plan.id}/approve`, { note: 'ok' });
    await post(`/v1/plans/${plan.id}/rule`, { note: '(2026)冀执1号' });
    const refused = await post(`/v1/plans/${plan.id}/replan`, { patch: { closeCourts: [held.courtId] } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((error: { message: string }) => error.message).join(' ')).toMatch(/rule capacity/);
    const kept = await post(`/v1/plans/${plan.id}/replan`, { patch: { policy: { perKm: 5 } } });
    expect(kept.json<Plan>().assignments.find((entry) => entry.caseId === held.caseId)).toMatchObject({ courtId: held.courtId, mode: held.mode });
  });
});
