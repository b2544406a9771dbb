import type { FastifyInstance } from 'fastify';
import type { Job, PlanRequest } from '../../schemas/index.js';
import { loadSampleRequest } from './sampleRequests.js';
import { bearer, spcKey } from './testApp.js';

/** A request whose solve runs a few seconds (tight capacities, reciprocity forbidden, no gap tolerance). */
export function slowRequest(timeLimitMs = 20_000): PlanRequest {
  const request = loadSampleRequest('small-202-forbid-tight.json');
  return { ...request, options: { ...request.options, timeLimitMs, gapTolerance: 0 } };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a job until `until` holds, at most `withinMs`. */
export async function waitForJob(app: FastifyInstance, id: string, until: (job: Job) => boolean = (job) => !['queued', 'running'].includes(job.status), withinMs = 30_000, key = spcKey): Promise<Job> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const job = (await app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: bearer(key) })).json<Job>();
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} did not reach the state in ${withinMs} ms: ${JSON.stringify(job)}`);
    await pause(50);
  }
}
