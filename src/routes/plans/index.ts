import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApprovalRequestSchema, ComparisonSchema, ExplanationSchema, FitRequestSchema, FitSchema, IdSchema, JobAcceptedSchema, OverridesRequestSchema, PlanRequestSchema, PlanSchema, ProblemSchema, ReplanRequestSchema } from '../../../schemas/index.js';
import { explainPlannedCase, type WarmStart } from '../../../solver/index.js';
import type { Caller } from '../../caller.js';
import { requireCaller, requireRole } from '../../plugins/apiKeys.js';
import { advancePlan, overridePlan, replayPlan } from '../../planning/lifecycle.js';
import { keepPlan, preparePlanning, solvePlanning, type PreparedPlanning } from '../../planning/planService.js';
import { comparePlans } from '../../whatIf/comparePlans.js';
import { toCsv, wantsCsv } from '../../whatIf/csv.js';
import { replanRequest } from '../../whatIf/whatIfService.js';
import { problems } from '../../problems.js';
import { authProblems, planningProblems } from '../problemResponses.js';

/** Which requests `POST /v1/plans` solves while the client waits; the rest become jobs. */
export interface SyncSolveLimits {
  maxCases: number;
  maxTimeLimitMs: number;
}
export const syncSolveDefaults: SyncSolveLimits = { maxCases: 20_000, maxTimeLimitMs: 30_000 };

const PlanParams = z.object({ id: IdSchema });

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
    return answerPlanning(preparePlanning(request.body, caller), caller, request, reply);
  });

  /** Solves while the client waits, or hands a large (or `Prefer: respond-async`) request to a job and answers 202. */
  async function answerPlanning(prepared: PreparedPlanning, caller: Caller, request: FastifyRequest, reply: FastifyReply, warmStart?: WarmStart) {
    const preferAsync = /\brespond-async\b/i.test(String(request.headers.prefer ?? ''));
    if (preferAsync || prepared.request.cases.length > syncSolve.maxCases || prepared.options.timeLimitMs > syncSolve.maxTimeLimitMs) {
      const id = app.jobRunner.submit(prepared, caller);
      return reply.code(202).header('location', `/v1/jobs/${id}`).send({ id, status: 'queued' });
    }
    const stored = keepPlan(app.storage, prepared, await solvePlanning(prepared, app.solverPool, {}, warmStart), caller);
    request.log.info({ planId: stored.plan.id, status: stored.plan.status, durationMs: stored.plan.audit.durationMs }, 'plan made');
    return reply.code(200).send(stored.plan);
  }

  app.post('/v1/plans/:id/replan', {
    schema: {
      tags: ['what-if'],
      summary: 'Re-plan with low disruption: the plan’s request, patched, against the plan itself',
      description: 'Each assignment is kept unless moving it gains more than changePenalty; a ruled plan’s assignments never move. Large requests become a job (202).',
      security: [{ bearer: [] }],
      params: PlanParams,
      body: ReplanRequestSchema,
      response: { 200: PlanSchema, 202: JobAcceptedSchema, ...planningProblems, 404: ProblemSchema },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const stored = findVisiblePlan(request.params.id, caller);
    // The plan being re-planned is where the search starts: most of it usually stays.
    const warmStart = { assignments: stored.plan.assignments.map(({ caseId, courtId }) => ({ caseId, courtId })) };
    return answerPlanning(preparePlanning(replanRequest(stored, request.body.patch, request.body.options), caller), caller, request, reply, warmStart);
  });

  app.post('/v1/plans/:id/fit', {
    schema: {
      tags: ['what-if'],
      summary: 'Where one new case could go, without re-solving: courts ranked by cost delta, what would have to move, the rule that blocks every other court',
      security: [{ bearer: [] }],
      params: PlanParams,
      body: FitRequestSchema,
      response: { 200: FitSchema, ...planningProblems, 404: ProblemSchema },
    },
  }, async (request) => {
    const stored = findVisiblePlan(request.params.id, requireCaller(request));
    const outcome = await app.solverPool.fit({ request: stored.request, policy: stored.policy, decidingCourtId: stored.plan.decidingCourtId, plan: stored.plan, newCase: request.body.case });
    if (outcome.kind === 'rejected') throw problems.inconsistentRequest(outcome.errors);
    return { planId: stored.plan.id, ...outcome.fit };
  });

  app.get('/v1/plans/:a/compare/:b', {
    schema: {
      tags: ['what-if'],
      summary: 'Two plans side by side: KPIs with deltas, per-court load deltas, the case diff',
      description: 'JSON by default; `Accept: text/csv` gives the case diff as CSV (`?table=courts` or `?table=kpis` for the other tables).',
      security: [{ bearer: [] }],
      params: z.object({ a: IdSchema, b: IdSchema }),
      querystring: z.object({ table: z.enum(['cases', 'courts', 'kpis']).default('cases') }),
      produces: ['application/json', 'text/csv'],
      response: { 200: ComparisonSchema, 400: ProblemSchema, ...authProblems, 404: ProblemSchema },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const comparison = comparePlans(findVisiblePlan(request.params.a, caller).plan, findVisiblePlan(request.params.b, caller).plan);
    if (!wantsCsv(request.headers.accept)) return comparison;
    const table = request.query.table;
    const csv =
      table === 'kpis'
        ? toCsv(comparison.kpis, ['kpi', 'a', 'b', 'delta'])
        : table === 'courts'
          ? toCsv(comparison.courts, ['courtId', 'loadA', 'loadB', 'loadDelta', 'capacityA', 'capacityB'])
          : toCsv(comparison.cases.map((row) => ({ caseId: row.caseId, change: row.change, fromCourtId: row.from?.courtId, fromMode: row.from?.mode, toCourtId: row.to?.courtId, toMode: row.to?.mode })), ['caseId', 'change', 'fromCourtId', 'fromMode', 'toCourtId', 'toMode']);
    // A CSV body bypasses the JSON serializer: strings are sent as they are.
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="compare-${table}.csv"`).send(csv as never);
  });

  app.get('/v1/plans/:id', {
    schema: {
      tags: ['plans'],
      summary: 'A stored plan',
      security: [{ bearer: [] }],
      params: PlanParams,
      response: { 200: PlanSchema, 400: ProblemSchema, ...authProblems, 404: ProblemSchema },
    },
  }, async (request) => findVisiblePlan(request.params.id, requireCaller(request)).plan);

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
    const stored = findVisiblePlan(request.params.id, requireCaller(request));
    const explanation = explainPlannedCase(
      { request: stored.request, policy: stored.policy, decidingCourtId: stored.plan.decidingCourtId, seed: stored.plan.audit.seed },
      stored.plan,
      request.query.caseId,
    );
    if (!explanation) throw problems.notFound(`case ${request.query.caseId} in plan ${stored.plan.id}`);
    return { planId: stored.plan.id, ...explanation };
  });

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
      const stored = findVisiblePlan(request.params.id, caller);
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
    const revised = await overridePlan(app.storage, app.solverPool, findVisiblePlan(request.params.id, caller), request.body.overrides, caller);
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
    return replayPlan(app.storage, app.solverPool, findVisiblePlan(request.params.id, caller), caller);
  });

  /** A plan the caller may read; another jurisdiction's plan is a 404, so existence does not leak. */
  function findVisiblePlan(id: string, caller: Caller) {
    const stored = app.storage.plans.getVisible(id, caller);
    if (!stored) throw problems.notFound(`plan ${id}`);
    return stored;
  }
};

export default plansRoutes;
