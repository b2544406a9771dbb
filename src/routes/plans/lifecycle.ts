import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApprovalRequestSchema, OverridesRequestSchema, PlanSchema, ProblemSchema } from '../../../schemas/index.js';
import { requireCaller, requireRole } from '../../plugins/apiKeys.js';
import { advancePlan, overridePlan, replayPlan } from '../../planning/lifecycle.js';
import { authProblems } from '../problemResponses.js';
import { findVisiblePlan, PlanParams } from './planAccess.js';

const ReplaySchema = z
  .object({
    planId: z.string(),
    identical: z.boolean().describe('The replayed plan equals the stored one byte for byte (id and creation time aside)'),
    inputHash: z.string(),
    solverVersion: z.object({ stored: z.string(), now: z.string() }),
    differences: z.array(z.object({ path: z.string(), stored: z.unknown(), replayed: z.unknown() })),
    note: z.string(),
  })
  .meta({ id: 'ReplayReport' });

/** A plan's life after it is made: approval, ruling, overrides, replay. */
const lifecycleRoutes: FastifyPluginAsyncZod = async (app) => {
  const lifecycleProblems = {
    400: ProblemSchema,
    ...authProblems,
    403: ProblemSchema.describe('Your role may not take this step'),
    404: ProblemSchema,
    409: ProblemSchema.describe('The plan is not in the state this step starts from'),
  };
  const lifecycleResponses = { 200: PlanSchema, ...lifecycleProblems };

  const steps = [
    { step: 'approve', summary: 'Approve a proposed plan (role approver)', action: 'approving a plan' },
    { step: 'rule', summary: 'Record that an approved plan has been ruled (裁定): its assignments become final', action: 'ruling a plan' },
  ] as const;
  for (const { step, summary, action } of steps) {
    app.post(`/v1/plans/:id/${step}`, {
      schema: { tags: ['lifecycle'], summary, security: [{ bearer: [] }], params: PlanParams, body: ApprovalRequestSchema, response: lifecycleResponses },
    }, async (request) => {
      const caller = requireCaller(request);
      const stored = findVisiblePlan(app, request.params.id, caller);
      return advancePlan(app.storage, stored, step, requireRole(caller, ['approver', 'admin'], action), request.body.note).plan;
    });
  }

  app.post('/v1/plans/:id/overrides', {
    schema: {
      tags: ['lifecycle'],
      summary: 'Change assignments by hand: a new plan version, re-checked against every hard rule',
      security: [{ bearer: [] }],
      params: PlanParams,
      body: OverridesRequestSchema,
      response: { ...lifecycleProblems, 201: PlanSchema.describe('The new version, proposed'), 422: ProblemSchema.describe('An override breaks a hard rule; `errors` names it and the rule'), 503: ProblemSchema },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const revised = await overridePlan(app.storage, app.solverPool, findVisiblePlan(app, request.params.id, caller), request.body.overrides, caller);
    return reply.code(201).header('location', `/v1/plans/${revised.plan.id}`).send(revised.plan);
  });

  app.post('/v1/plans/:id/replay', {
    schema: {
      tags: ['plans'],
      summary: 'Solve again from the stored input and seed; report whether the plan is byte-identical',
      security: [{ bearer: [] }],
      params: PlanParams,
      response: { 200: ReplaySchema, 400: ProblemSchema, ...authProblems, 404: ProblemSchema, 409: ProblemSchema, 503: ProblemSchema },
    },
  }, async (request) => {
    const caller = requireCaller(request);
    return replayPlan(app.storage, app.solverPool, findVisiblePlan(app, request.params.id, caller), caller);
  });
};

export default lifecycleRoutes;
