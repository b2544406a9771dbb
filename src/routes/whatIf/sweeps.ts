import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema, sweepColumns, SweepRequestSchema, SweepSchema } from '../../../schemas/index.js';
import { requireCaller } from '../../plugins/apiKeys.js';
import { toCsv, wantsCsv } from '../../whatIf/csv.js';
import { runSweep } from '../../whatIf/sweep.js';
import { planningProblems } from '../problemResponses.js';

const sweepRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/sweeps', {
    schema: {
      tags: ['what-if'],
      summary: 'Vary one parameter over a list of values: a KPI table, one stored plan per value',
      description: 'The solves run in parallel on the worker pool, warm-started from the middle value’s plan. `Accept: text/csv` gives the table as CSV.',
      security: [{ bearer: [] }],
      body: SweepRequestSchema,
      produces: ['application/json', 'text/csv'],
      response: { 200: SweepSchema, ...planningProblems, 404: ProblemSchema },
    },
  }, async (request, reply) => {
    const rows = await runSweep(app.storage, app.solverPool, request.body, requireCaller(request));
    if (!wantsCsv(request.headers.accept)) return { datasetId: request.body.datasetId, vary: request.body.vary, rows } as never;
    return reply.type('text/csv; charset=utf-8').send(toCsv(rows, sweepColumns) as never);
  });
};

export default sweepRoutes;
