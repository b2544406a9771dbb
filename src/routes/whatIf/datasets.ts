import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DatasetRequestSchema, DatasetSummarySchema, IdSchema, JobAcceptedSchema, ProblemSchema, ScenarioRequestSchema, ScenarioSchema } from '../../../schemas/index.js';
import { requireCaller } from '../../plugins/apiKeys.js';
import { preparePlanning } from '../../planning/planService.js';
import { problems } from '../../problems.js';
import { createDataset, findDataset, findScenarioBase, scenarioRequest } from '../../whatIf/whatIfService.js';
import { authProblems, planningProblems } from '../problemResponses.js';


const IdParams = z.object({ id: IdSchema });

const datasetRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/datasets', {
    schema: {
      tags: ['what-if'],
      summary: 'Store courts, cases and conflicts once',
      description: 'Validated once (shape 400, consistency 422, jurisdiction 403). Bodies may be sent with `Content-Encoding: gzip`.',
      security: [{ bearer: [] }],
      body: DatasetRequestSchema,
      response: { 201: DatasetSummarySchema, ...planningProblems },
    },
  }, async (request, reply) => {
    const summary = createDataset(app.storage, request.body, requireCaller(request));
    return reply.code(201).header('location', `/v1/datasets/${summary.id}`).send(summary);
  });

  app.get('/v1/datasets', {
    schema: {
      tags: ['what-if'],
      summary: 'The datasets of your jurisdiction, newest first',
      security: [{ bearer: [] }],
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }).strict(),
      response: { 200: z.object({ items: z.array(DatasetSummarySchema) }), 400: ProblemSchema, ...authProblems },
    },
  }, async (request) => ({ items: app.storage.datasets.listVisible(requireCaller(request), request.query.limit) }));

  app.get('/v1/datasets/:id', {
    schema: { tags: ['what-if'], summary: 'A dataset’s summary', security: [{ bearer: [] }], params: IdParams, response: { 200: DatasetSummarySchema, 400: ProblemSchema, ...authProblems, 404: ProblemSchema } },
  }, async (request) => findDataset(app.storage, request.params.id, requireCaller(request)).summary);

  app.post('/v1/scenarios', {
    schema: {
      tags: ['what-if'],
      summary: 'A dataset, a patch and a policy, solved as a job',
      description: 'Answers 202 with the job (Location) and the scenario id; the job’s plan is the scenario’s plan. Unknown ids in the patch are 422 with their path.',
      security: [{ bearer: [] }],
      body: ScenarioRequestSchema,
      response: { 202: JobAcceptedSchema.extend({ scenarioId: z.string() }), ...planningProblems, 404: ProblemSchema.describe('No such dataset or reference plan in your jurisdiction') },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const base = findScenarioBase(app.storage, request.body, caller);
    const prepared = preparePlanning(scenarioRequest(base, request.body), caller);
    const scenarioId = `sc_${randomUUID()}`;
    const jobId = app.storage.transaction(() => {
      const id = app.jobRunner.submit(prepared, caller);
      app.storage.scenarios.insert({ id: scenarioId, datasetId: base.dataset.id, name: request.body.name ?? '', patch: request.body.patch, policy: request.body.policy, jobId: id, courtPath: prepared.courtPath, createdBy: caller });
      return id;
    });
    return reply.code(202).header('location', `/v1/jobs/${jobId}`).send({ id: jobId, status: 'queued', scenarioId });
  });

  app.get('/v1/scenarios/:id', {
    schema: { tags: ['what-if'], summary: 'A scenario: its patch, job status and plan', security: [{ bearer: [] }], params: IdParams, response: { 200: ScenarioSchema, 400: ProblemSchema, ...authProblems, 404: ProblemSchema } },
  }, async (request) => {
    const scenario = app.storage.scenarios.getVisible(request.params.id, requireCaller(request));
    if (!scenario) throw problems.notFound(`scenario ${request.params.id}`);
    return scenario;
  });
};

export default datasetRoutes;
