import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema, JobAcceptedSchema, JobSchema, jobStatuses, PlanRequestSchema, ProblemSchema } from '../../../schemas/index.js';
import { requireCaller } from '../../plugins/apiKeys.js';
import { preparePlanning } from '../../planning/planService.js';
import { problems } from '../../problems.js';
import { authProblems, planningProblems } from '../problemResponses.js';
import { streamJobEvents } from './jobEvents.js';

const JobParams = z.object({ id: IdSchema });

const jobsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/jobs', {
    schema: {
      tags: ['jobs'],
      summary: 'Solve in the background',
      description: 'The job is on disk before the 202 is sent: it survives a crash and resumes at the next start.',
      security: [{ bearer: [] }],
      body: PlanRequestSchema,
      response: {
        202: JobAcceptedSchema,
        ...planningProblems,
      },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const id = app.jobRunner.submit(preparePlanning(request.body, caller), caller);
    return reply.code(202).header('location', `/v1/jobs/${id}`).send({ id, status: 'queued' });
  });

  app.get('/v1/jobs', {
    schema: {
      tags: ['jobs'],
      summary: 'The jobs of your jurisdiction, newest first',
      security: [{ bearer: [] }],
      querystring: z.object({ status: z.enum(jobStatuses).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict(),
      response: { 200: z.object({ items: z.array(JobSchema) }), 400: ProblemSchema, ...authProblems },
    },
  }, async (request) => ({ items: app.storage.jobs.listVisible(requireCaller(request), request.query) }));

  app.get('/v1/jobs/:id', {
    schema: {
      tags: ['jobs'],
      summary: 'A job: status and progress',
      security: [{ bearer: [] }],
      params: JobParams,
      response: { 200: JobSchema, 400: ProblemSchema, ...authProblems, 404: ProblemSchema },
    },
  }, async (request) => {
    const { courtPath: _courtPath, ...job } = findVisibleJob(request.params.id, requireCaller(request));
    return job;
  });

  app.get('/v1/jobs/:id/events', {
    schema: {
      tags: ['jobs'],
      summary: 'Server-sent events: progress, then done',
      description: 'Events `progress` (JobProgress) while the job runs and `done` ({id, status, planId}) at its end; the stream closes after `done`.',
      security: [{ bearer: [] }],
      params: JobParams,
      produces: ['text/event-stream'],
      response: { 200: z.string().describe('text/event-stream'), 400: ProblemSchema, ...authProblems, 404: ProblemSchema },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const job = findVisibleJob(request.params.id, caller);
    streamJobEvents(app.jobRunner, job, () => app.storage.jobs.getVisible(job.id, caller), request, reply);
  });

  app.delete('/v1/jobs/:id', {
    schema: {
      tags: ['jobs'],
      summary: 'Stop a job, keeping the best plan found so far',
      security: [{ bearer: [] }],
      params: JobParams,
      response: {
        200: JobAcceptedSchema.describe('A queued job, now cancelled'),
        202: JobAcceptedSchema.describe('A running job, asked to stop; its best plan will be kept'),
        400: ProblemSchema,
        ...authProblems,
        404: ProblemSchema,
        409: ProblemSchema.describe('The job has already ended'),
      },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const job = findVisibleJob(request.params.id, caller);
    if (job.status !== 'queued' && job.status !== 'running') throw problems.conflict(`job ${job.id} has already ended (${job.status})`);
    const status = app.jobRunner.cancel(job.id, caller) ?? job.status;
    return reply.code(status === 'running' ? 202 : 200).send({ id: job.id, status });
  });

  /** A job the caller may see; another jurisdiction's job is a 404, so existence does not leak. */
  function findVisibleJob(id: string, caller: ReturnType<typeof requireCaller>) {
    const job = app.storage.jobs.getVisible(id, caller);
    if (!job) throw problems.notFound(`job ${id}`);
    return job;
  }
};

export default jobsRoutes;
