import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ModeSchema, ProblemSchema, unassignedReasons } from '../../../schemas/index.js';
import { requireCaller } from '../../plugins/apiKeys.js';
import { authProblems } from '../problemResponses.js';
import { findVisiblePlan, PlanParams } from './planAccess.js';

const PlanMapSchema = z
  .object({
    planId: z.string(),
    courts: z.array(
      z.object({ id: z.string(), name: z.string(), level: z.string(), regionCode: z.string(), location: z.object({ lat: z.number(), lng: z.number() }), capacity: z.number(), load: z.number() }),
    ),
    flows: z
      .array(z.object({ from: z.string(), to: z.string(), mode: ModeSchema, caseIds: z.array(z.string()), workload: z.number() }))
      .describe('Assigned cases grouped by origin court, assigned court and mode'),
    unassigned: z.array(z.object({ caseId: z.string(), originCourtId: z.string(), reason: z.enum(unassignedReasons) })),
  })
  .meta({ id: 'PlanMap' });

/** A plan as the page draws it: where its courts are, which cases go from which court to which. */
const planMapRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/plans/:id/map', {
    schema: {
      tags: ['plans'],
      summary: 'The plan on a map: its courts with places, loads and capacities; its assignments as flows from origin court to assigned court by mode',
      security: [{ bearer: [] }],
      params: PlanParams,
      response: { 200: PlanMapSchema, ...authProblems, 404: ProblemSchema },
    },
  }, async (request) => {
    const stored = findVisiblePlan(app, request.params.id, requireCaller(request));
    const { plan } = stored;
    const { courts, cases } = stored.request;
    const caseById = new Map(cases.map((courtCase) => [courtCase.id, courtCase]));
    const loadById = new Map(plan.courts.map((row) => [row.courtId, row.load]));
    const flows = new Map<string, { from: string; to: string; mode: z.infer<typeof ModeSchema>; caseIds: string[]; workload: number }>();
    for (const assignment of plan.assignments) {
      const courtCase = caseById.get(assignment.caseId)!;
      const key = `${courtCase.originCourtId}\u0000${assignment.courtId}\u0000${assignment.mode}`;
      let flow = flows.get(key);
      if (!flow) flows.set(key, (flow = { from: courtCase.originCourtId, to: assignment.courtId, mode: assignment.mode, caseIds: [], workload: 0 }));
      flow.caseIds.push(assignment.caseId);
      flow.workload += courtCase.workload ?? 1;
    }
    return {
      planId: plan.id,
      courts: courts.map(({ id, name, level, regionCode, location, capacity }) => ({ id, name, level, regionCode, location, capacity, load: loadById.get(id) ?? 0 })),
      flows: [...flows.values()],
      unassigned: plan.unassigned.map(({ caseId, reason }) => ({ caseId, originCourtId: caseById.get(caseId)!.originCourtId, reason })),
    };
  });
};

export default planMapRoutes;
