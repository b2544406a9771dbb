import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ComparisonSchema, FitRequestSchema, FitSchema, IdSchema, JobAcceptedSchema, PlanSchema, ProblemSchema, ReplanRequestSchema } from '../../../schemas/index.js';
import { requireCaller } from '../../plugins/apiKeys.js';
import { preparePlanning } from '../../planning/planService.js';
import { problems } from '../../problems.js';
import { comparePlans } from '../../whatIf/comparePlans.js';
import { toCsv, wantsCsv } from '../../whatIf/csv.js';
import { replanRequest } from '../../whatIf/whatIfService.js';
import { answerPlanning, findVisiblePlan, PlanParams, syncSolveDefaults, type SyncSolveLimits } from '../plans/planAccess.js';
import { authProblems, planningProblems } from '../problemResponses.js';

/** What-if on a stored plan: re-plan it, fit a new case into it, compare it with another. */
const planWhatIfRoutes: FastifyPluginAsyncZod<{ syncSolve?: Partial<SyncSolveLimits> }> = async (app, options) => {
  const syncSolve = { ...syncSolveDefaults, ...options.syncSolve };

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
    const stored = findVisiblePlan(app, request.params.id, caller);
    // The plan being re-planned is where the search starts: most of it usually stays.
    const warmStart = { assignments: stored.plan.assignments.map(({ caseId, courtId }) => ({ caseId, courtId })) };
    return answerPlanning(app, syncSolve, preparePlanning(replanRequest(stored, request.body.patch, request.body.options), caller), caller, request, reply, warmStart);
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
    const stored = findVisiblePlan(app, request.params.id, requireCaller(request));
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
    const comparison = comparePlans(findVisiblePlan(app, request.params.a, caller).plan, findVisiblePlan(app, request.params.b, caller).plan);
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
};

export default planWhatIfRoutes;
