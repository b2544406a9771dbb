import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../schemas/index.js';
import { ProblemError } from '../problems.js';

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadySchema = z.object({
  status: z.literal('ok'),
  jobs: z.object({ queued: z.number().int(), running: z.number().int() }),
  solvers: z.object({ threads: z.number().int(), queued: z.number().int() }),
});

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { schema: { tags: ['service'], summary: 'Liveness', response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }));
  app.get('/ready', {
    schema: { tags: ['service'], summary: 'Readiness: the database answers and jobs are taken', response: { 200: ReadySchema, 503: ProblemSchema } },
  }, async () => {
    let queued: number;
    try {
      queued = app.storage.jobs.countQueued();
    } catch (error) {
      app.log.error({ err: error }, 'database not answering');
      throw new ProblemError(503, 'not-ready', 'Not ready', 'The database does not answer.', undefined, { 'retry-after': '5' });
    }
    return { status: 'ok' as const, jobs: { queued, running: app.jobRunner.activeCount }, solvers: { threads: app.solverPool.threads, queued: app.solverPool.queued } };
  });
  app.get('/metrics', {
    schema: { tags: ['service'], summary: 'Prometheus metrics (text exposition format)', produces: ['text/plain'], response: { 200: z.string() } },
  }, async (_request, reply) => reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics()));
};

export default healthRoutes;

