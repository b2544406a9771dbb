import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ExplanationSchema, IdSchema, PlanRequestSchema, PlanSchema, ProblemSchema } from '../../../schemas/index.js';
import { explainPlannedCase } from '../../../solver/index.js';
import { requireCaller } from '../../plugins/apiKeys.js';
import { mayRead } from '../../planning/jurisdiction.js';
import { planRequest } from '../../planning/planService.js';
import { problems } from '../../problems.js';
import { authProblems, bodyProblems } from '../problemResponses.js';

const PlanParams = z.object({ id: IdSchema });

const plansRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/plans', {
    schema: {
      tags: ['plans'],
      summary: 'Solve now and answer the plan',
      security: [{ bearer: [] }],
      body: PlanRequestSchema,
      response: {
        200: PlanSchema,
        ...bodyProblems,
        ...authProblems,
        403: ProblemSchema.describe('The deciding court is outside your jurisdiction'),
        422: ProblemSchema.describe('Unknown or duplicate ids, a broken court tree, a pin that breaks a rule, or a request too large for a short solve'),
      },
    },
  }, async (request) => {
    const caller = requireCaller(request);
    const planned = await planRequest(request.body, caller, app.solverPool);
    app.planStore.save(planned);
    request.log.info({ planId: planned.plan.id, status: planned.plan.status, durationMs: planned.plan.audit.durationMs }, 'plan made');
    return planned.plan;
  });

  app.get('/v1/plans/:id', {
    schema: {
      tags: ['plans'],
      summary: 'A stored plan',
      security: [{ bearer: [] }],
      params: PlanParams,
      response: { 200: PlanSchema, 400: ProblemSchema, ...authProblems, 404: ProblemSchema },
    },
  }, async (request) => findReadablePlan(request.params.id, requireCaller(request)).plan);

  app.get('/v1/plans/:id/explain', {
    schema: {
      tags: ['plans'],
      summary: 'Why this court and not another, for one case',
      security: [{ bearer: [] }],
      params: PlanParams,
      querystring: z.object({ caseId: IdSchema }),
      response: { 200: ExplanationSchema, 400: ProblemSchema, ...authProblems, 404: ProblemSchema },
    },
  }, async (request) => {
    const stored = findReadablePlan(request.params.id, requireCaller(request));
    const explanation = explainPlannedCase(
      { request: stored.request, policy: stored.policy, decidingCourtId: stored.plan.decidingCourtId, seed: stored.plan.audit.seed },
      stored.plan,
      request.query.caseId,
    );
    if (!explanation) throw problems.notFound(`case ${request.query.caseId} in plan ${stored.plan.id}`);
    return { planId: stored.plan.id, ...explanation };
  });

  /** A plan the caller may read; another jurisdiction's plan is a 404, so existence does not leak. */
  function findReadablePlan(id: string, caller: Parameters<typeof mayRead>[0]) {
    const stored = app.planStore.get(id);
    if (!stored || !mayRead(caller, stored.request.courts, stored.plan.decidingCourtId)) throw problems.notFound(`plan ${id}`);
    return stored;
  }
};

export default plansRoutes;
