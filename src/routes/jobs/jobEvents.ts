import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Job } from '../../../schemas/index.js';
import type { JobEvent, JobRunner } from '../../jobs/jobRunner.js';

const heartbeatMs = 15_000;

/**
 * Server-sent events for one job: its current progress at once, then each update, then `done`
 * and the end of the stream. A comment line every 15 s keeps proxies from closing a quiet stream.
 */
export function streamJobEvents(runner: JobRunner, job: Job, reread: () => Job | null, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  const send = (event: string, payload: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  send('progress', job.progress);
  if (job.status !== 'queued' && job.status !== 'running') {
    send('done', { id: job.id, status: job.status, planId: job.planId });
    raw.end();
    return;
  }
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), heartbeatMs);
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
    if (!raw.writableEnded) raw.end();
  };
  const unsubscribe = runner.watch(job.id, (event: JobEvent) => {
    if (event.type === 'progress') send('progress', event.progress);
    if (event.type === 'done') send('done', event.job);
    if (event.type !== 'progress') stop();
  });
  request.raw.on('close', stop);
  // The job may have ended between the first read and the subscription: look once more.
  const now = reread();
  if (now && now.status !== 'queued' && now.status !== 'running') {
    send('done', { id: now.id, status: now.status, planId: now.planId });
    stop();
  }
}
