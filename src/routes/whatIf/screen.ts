import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema, resolvePolicy, ScreenRequestSchema, ScreenResponseSchema } from '../../../schemas/index.js';
import { screenInventory } from '../../../solver/index.js';
import { requireCaller } from '../../plugins/apiKeys.js';
import { callerCourtIn, isWithinTree } from '../../planning/jurisdiction.js';
import { problems } from '../../problems.js';
import { toCsv, wantsCsv } from '../../whatIf/csv.js';
import { authProblems, bodyProblems } from '../problemResponses.js';

const screenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/screen', {
    schema: {
      tags: ['what-if'],
      summary: 'Screen an inventory: net six-month clock, triggers, category and modes, or where a case should go instead',
      description: '`Accept: text/csv` gives one line per case.',
      security: [{ bearer: [] }],
      body: ScreenRequestSchema,
      produces: ['application/json', 'text/csv'],
      response: { 200: ScreenResponseSchema, ...bodyProblems, ...authProblems, 403: ProblemSchema, 422: ProblemSchema },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const { cases, courts } = request.body;
    if (courts) {
      const known = new Set(courts.map((court) => court.id));
      const unknown = cases.flatMap((courtCase, index) => (known.has(courtCase.originCourtId) ? [] : [{ path: `cases[${index}].originCourtId`, message: `court ${courtCase.originCourtId} is not among the courts` }]));
      if (unknown.length > 0) throw problems.inconsistentRequest(unknown);
      const own = callerCourtIn(courts, caller);
      if (caller.courtId !== null && (!own || cases.some((courtCase) => !isWithinTree(courts, courtCase.originCourtId, own.id)))) {
        throw problems.outsideJurisdiction(`some origin courts are outside the jurisdiction of your court ${caller.courtId}`);
      }
    }
    const policy = resolvePolicy(request.body.policy, { today: new Date().toISOString().slice(0, 10), decidingLevel: 'high' });
    const results = screenInventory(cases, policy);
    if (!wantsCsv(request.headers.accept)) return { asOf: policy.asOf, results };
    const rows = results.map((result) => ({ ...result, triggers: result.triggers.join(' '), allowedModes: result.allowedModes.join(' '), screenedOutRule: result.screenedOut?.rule, routeTo: result.screenedOut?.routeTo }));
    const csv = toCsv(rows, ['caseId', 'netAgeDays', 'excludedDays', 'sixMonthsReachedOn', 'triggers', 'category', 'allowedModes', 'screenedOutRule', 'routeTo']);
    return reply.type('text/csv; charset=utf-8').send(csv as never);
  });
};

export default screenRoutes;
