import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/index.js';
import { fixtureCase, fixtureRequest } from '../support/fixtures.js';
import { waitForJob } from '../support/jobs.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
const h11Plans: Plan[] = [];
let h13Plan: Plan;
let jobId: string;
const get = (url: string, key = spcKey) => app.inject({ method: 'GET', url, headers: bearer(key) });

beforeAll(async () => {
  app = await testApp();
  for (let index = 0; index < 3; index++) {
    h11Plans.push((await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(courtKeys.h11), payload: { ...fixtureRequest(), options: { seed: `s${index}` } } })).json<Plan>());
  }
  h13Plan = (await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(courtKeys.h13), payload: fixtureRequest({ decidingCourtId: 'h13', cases: [fixtureCase({ id: 'c13', originCourtId: 'b130101' })] }) })).json<Plan>();
  await app.inject({ method: 'POST', url: `/v1/plans/${h11Plans[0]!.id}/approve`, headers: bearer(courtKeys.h11Approver), payload: { note: 'ok' } });
  jobId = (await app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(courtKeys.h11), payload: fixtureRequest() })).json<{ id: string }>().id;
  await waitForJob(app, jobId);
  const fixture = fixtureRequest();
  await app.inject({ method: 'POST', url: '/v1/datasets', headers: bearer(courtKeys.h11), payload: { name: 'h11 data', courts: fixture.courts, cases: fixture.cases } });
});
afterAll(() => app.close());

describe('listing what a court may see', () => {
  it('lists plans newest first, by page, filtered by lifecycle state, within the jurisdiction', async () => {
    const all = (await get('/v1/plans')).json<{ items: { id: string; state: string }[] }>();
    const jobPlan = (await get(`/v1/jobs/${jobId}`)).json<{ planId: string }>().planId;
    expect(all.items.map((item) => item.id)).toEqual([jobPlan, h13Plan.id, ...h11Plans.map((plan) => plan.id).reverse()]);
    const h11 = (await get('/v1/plans', courtKeys.h11)).json<{ items: { id: string }[] }>();
    expect(h11.items.map((item) => item.id)).not.toContain(h13Plan.id);
    expect(h11.items).toHaveLength(4);
    const first = (await get('/v1/plans?limit=2')).json<{ items: { id: string }[]; nextCursor: number }>();
    const second = (await get(`/v1/plans?limit=2&before=${first.nextCursor}`)).json<{ items: { id: string }[]; nextCursor: number | null }>();
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(all.items.slice(0, 4).map((item) => item.id));
    const approved = (await get('/v1/plans?state=approved')).json<{ items: { id: string; state: string }[] }>();
    expect(approved.items).toEqual([expect.objectContaining({ id: h11Plans[0]!.id, state: 'approved', version: 1 })]);
  });

  it('lists jobs and datasets within the jurisdiction', async () => {
    expect((await get('/v1/jobs?status=done', courtKeys.h11)).json<{ items: { id: string }[] }>().items.map((item) => item.id)).toEqual([jobId]);
    expect((await get('/v1/jobs', courtKeys.h13)).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await get('/v1/datasets', courtKeys.h11)).json<{ items: { name: string }[] }>().items.map((item) => item.name)).toEqual(['h11 data']);
    expect((await get('/v1/datasets', courtKeys.h13)).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await get('/v1/plans?limit=0')).statusCode).toBe(400);
  });
});
