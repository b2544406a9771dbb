import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ExplanationSchema, IdSchema, JobAcceptedSchema, lifecycleStates, PlanRequestSchema, PlanSchema, ProblemSchema } from '../../../schemas/index.js';
import { explainPlannedCase } from '../../../solver/index.js';
import { requireCaller } from '../../plugins/apiKeys.js';
import { preparePlanning } from '../../planning/planService.js';
import { problems } from '../../problems.js';
import { authProblems, planningProblems } from '../problemResponses.js';
import { answerPlanning, findVisiblePlan, PlanParams, syncSolveDefaults, type SyncSolveLimits } from './planAccess.js';

export type { SyncSolveLimits } from './planAccess.js';

const PlanListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        decidingCourtId: z.string(),
        status: z.string(),
        objective: z.number(),
        lowerBound: z.number(),
        gap: z.number(),
        state: z.enum(lifecycleStates),
        version: z.number().int(),
        lineageId: z.string(),
        requestedBy: z.object({ courtId: z.string(), user: z.string() }),
        jobId: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
    nextCursor: z.number().int().nullable(),
  })
  .meta({ id: 'PlanList' });

const plansRoutes: FastifyPluginAsyncZod<{ syncSolve?: Partial<SyncSolveLimits> }> = async (app, options) => {
  const syncSolve = { ...syncSolveDefaults, ...options.syncSolve };

  app.post('/v1/plans', {
    schema: {
      tags: ['plans'],
      summary: 'Solve now and answer the plan',
      description: `Requests above ${syncSolve.maxCases} cases or a timeLimitMs above ${syncSolve.maxTimeLimitMs}, or sent with \`Prefer: respond-async\`, become a job: 202 with Location.`,
      security: [{ bearer: [] }],
      body: PlanRequestSchema,
      response: {
        200: PlanSchema,
        202: JobAcceptedSchema.describe('Too large for a short solve: a job was made; follow Location'),
        ...planningProblems,
      },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    return answerPlanning(app, syncSolve, preparePlanning(request.body, caller), caller, request, reply);
  });

  app.get('/v1/plans', {
    schema: {
      tags: ['plans'],
      summary: 'The plans of your jurisdiction, newest first: figures and lifecycle state, a page at a time',
      security: [{ bearer: [] }],
      querystring: z.object({
        state: z.enum(lifecycleStates).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z.coerce.number().int().min(1).optional().describe('Cursor: nextCursor of the previous page'),
      }).strict(),
      response: { 200: PlanListSchema, 400: ProblemSchema, ...authProblems },
    },
  }, async (request) => app.storage.plans.listVisible(requireCaller(request), request.query));

  app.get('/v1/plans/:id', {
    schema: {
      tags: ['plans'],
      summary: 'A stored plan',
      security: [{ bearer: [] }],
      params: PlanParams,
      response: { 200: PlanSchema, 400: ProblemSchema, ...authProblems, 404: ProblemSchema },
    },
  }, async (request) => findVisiblePlan(app, request.params.id, requireCaller(request)).plan);

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
    const stored = findVisiblePlan(app, request.params.id, requireCaller(request));
    const explanation = explainPlannedCase(
      { request: stored.request, policy: stored.policy, decidingCourtId: stored.plan.decidingCourtId, seed: stored.plan.audit.seed },
      stored.plan,
      request.query.caseId,
    );
    if (!explanation) throw problems.notFound(`case ${request.query.caseId} in plan ${stored.plan.id}`);
    return { planId: stored.plan.id, ...explanation };
  });
};

export default plansRoutes;
