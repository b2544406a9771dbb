import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../schemas/index.js';
import { fixtureCase, fixtureRequest } from '../support/fixtures.js';
import { checkPlan } from '../support/independentChecker.js';
import { slowRequest, waitForJob } from '../support/jobs.js';
import { loadSampleRequest } from '../support/sampleRequests.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
afterEach(() => app?.close());

const postJob = (payload: object, key = spcKey) => app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(key), payload });
const getPlan = (id: string, key = spcKey) => app.inject({ method: 'GET', url: `/v1/plans/${id}`, headers: bearer(key) });

/** Parses a text/event-stream body into its events. */
function parseEvents(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) };
    });
}

describe('jobs', () => {
  it('accepts a job with 202 and Location, reports progress, and ends with a plan that passes the checker', async () => {
    app = await testApp();
    const request = loadSampleRequest('tiny-101-default.json');
    const accepted = await postJob(request);
    expect(accepted.statusCode).toBe(202);
    const { id, status } = accepted.json<{ id: string; status: string }>();
    expect(status).toBe('queued');
    expect(accepted.headers.location).toBe(`/v1/jobs/${id}`);

    const job = await waitForJob(app, id);
    expect(job.status).toBe('done');
    expect(job.attempts).toBe(1);
    expect(job.progress.phase).toBe('finished');
    const plan = (await getPlan(job.planId!)).json<Plan>();
    expect(job.progress.objective).toBe(plan.objective);
    expect(plan.lifecycle).toMatchObject({ state: 'proposed', version: 1 });
    expect(checkPlan(request, plan).problems).toEqual([]);
  });

  it('streams progress events and then done, and closes the stream', async () => {
    app = await testApp();
    const { id } = (await postJob(slowRequest(1_500))).json<{ id: string }>();
    await waitForJob(app, id, (job) => job.status === 'running');
    const stream = await app.inject({ method: 'GET', url: `/v1/jobs/${id}/events`, headers: bearer(spcKey) });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseEvents(stream.body);
    expect(events.at(-1)).toEqual({ event: 'done', data: { id, status: 'done', planId: expect.any(String) } });
    const progress = events.filter((event) => event.event === 'progress').map((event) => event.data as Job['progress']);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.some((update) => update.phase === 'local_search' || update.phase === 'lagrangian')).toBe(true);
    // Once the job has ended the stream answers at once: its last progress, then done.
    const replayed = parseEvents((await app.inject({ method: 'GET', url: `/v1/jobs/${id}/events`, headers: bearer(spcKey) })).body);
    expect(replayed.map((event) => event.event)).toEqual(['progress', 'done']);
  });

  it('stops a running job on DELETE and keeps the best plan found so far', async () => {
    app = await testApp();
    const request = slowRequest();
    const { id } = (await postJob(request)).json<{ id: string }>();
    await waitForJob(app, id, (job) => job.status === 'running' && job.progress.objective !== null);
    const stop = await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: bearer(spcKey) });
    expect(stop.statusCode).toBe(202);
    const job = await waitForJob(app, id);
    expect(job.status).toBe('cancelled');
    expect(job.planId).not.toBeNull();
    const plan = (await getPlan(job.planId!)).json<Plan>();
    expect(plan.status).toBe('feasible');
    expect(job.progress.elapsedMs).toBeLessThan(request.options!.timeLimitMs!);
    expect(checkPlan(request, plan).problems).toEqual([]);
    expect((await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: bearer(spcKey) })).statusCode).toBe(409);
  });

  it('cancels a queued job at once, without a plan', async () => {
    app = await testApp({ jobs: { concurrency: 1 } });
    const first = (await postJob(slowRequest(3_000))).json<{ id: string }>();
    const second = (await postJob(slowRequest(3_000))).json<{ id: string }>();
    const stop = await app.inject({ method: 'DELETE', url: `/v1/jobs/${second.id}`, headers: bearer(spcKey) });
    expect(stop.statusCode).toBe(200);
    expect(stop.json()).toEqual({ id: second.id, status: 'cancelled' });
    const cancelled = await waitForJob(app, second.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', planId: null, attempts: 0 });
    await app.inject({ method: 'DELETE', url: `/v1/jobs/${first.id}`, headers: bearer(spcKey) });
  });

  it('refuses jobs beyond the bounded queue with 503 and Retry-After', async () => {
    app = await testApp({ jobs: { concurrency: 1, maxQueued: 2 } });
    const answers = [];
    for (let index = 0; index < 5; index++) answers.push(await postJob(slowRequest(2_000)));
    const codes = answers.map((answer) => answer.statusCode);
    expect(codes.filter((code) => code === 202).length).toBeGreaterThanOrEqual(2);
    expect(codes.filter((code) => code === 202).length).toBeLessThanOrEqual(3);
    const refused = answers.find((answer) => answer.statusCode === 503)!;
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const answer of answers.filter((answer) => answer.statusCode === 202)) {
      await app.inject({ method: 'DELETE', url: `/v1/jobs/${answer.json<{ id: string }>().id}`, headers: bearer(spcKey) });
    }
  });

  it('hands a request too large for a short solve to a job (202) from POST /v1/plans, and honours Prefer: respond-async', async () => {
    app = await testApp({ syncSolve: { maxCases: 2 } });
    const small = fixtureRequest({ cases: [fixtureCase({ id: 'a' }), fixtureCase({ id: 'b' })] });
    expect((await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: small })).statusCode).toBe(200);
    const large = fixtureRequest({ cases: ['a', 'b', 'c'].map((id) => fixtureCase({ id })) });
    const handedOff = await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: large });
    expect(handedOff.statusCode).toBe(202);
    expect(handedOff.headers.location).toBe(`/v1/jobs/${handedOff.json<{ id: string }>().id}`);
    expect((await waitForJob(app, handedOff.json<{ id: string }>().id)).status).toBe('done');
    const preferred = await app.inject({ method: 'POST', url: '/v1/plans', headers: { ...bearer(spcKey), prefer: 'respond-async' }, payload: small });
    expect(preferred.statusCode).toBe(202);
  });

  it('checks jurisdiction and consistency before accepting, and hides other jurisdictions’ jobs', async () => {
    app = await testApp();
    expect((await postJob(fixtureRequest({ decidingCourtId: 'h11' }), courtKeys.h13)).statusCode).toBe(403);
    expect((await postJob(fixtureRequest({ cases: [fixtureCase({ originCourtId: 'nowhere' })] }))).statusCode).toBe(422);
    const { id } = (await postJob(fixtureRequest(), courtKeys.h11)).json<{ id: string }>();
    const job = await waitForJob(app, id, undefined, 30_000, courtKeys.h11);
    expect(job.status).toBe('done');
    for (const url of [`/v1/jobs/${id}`, `/v1/jobs/${id}/events`, `/v1/plans/${job.planId}`]) {
      const hidden = await app.inject({ method: 'GET', url, headers: bearer(courtKeys.h13) });
      expect(hidden.statusCode, url).toBe(404);
    }
    expect((await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: bearer(courtKeys.h13) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: bearer(spcKey) })).statusCode).toBe(200);
  });

  it('records a job whose pins break a rule as failed, naming the rule', async () => {
    app = await testApp();
    const pinned = fixtureRequest({ cases: [fixtureCase({ pinned: { courtId: 'b110101', mode: 'designated' } })] });
    const { id } = (await postJob(pinned)).json<{ id: string }>();
    const job = await waitForJob(app, id);
    expect(job.status).toBe('failed');
    expect(job.planId).toBeNull();
    expect(job.error!.errors![0]!.path).toBe('cases[0].pinned.courtId');
  });
});
