import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CourtSchema } from '../../schemas/index.js';
import { courtNetwork } from '../network/courtNetwork.js';
import { requireCaller } from '../plugins/apiKeys.js';
import { authProblems } from './problemResponses.js';

const NetworkSchema = z
  .object({
    about: z.object({
      built: z.string(),
      sources: z.array(z.object({ package: z.string(), version: z.string(), licence: z.string(), used: z.string() })),
      rules: z.record(z.string(), z.string()),
      report: z.object({ counties: z.number(), matchedByCode: z.number(), matchedByName: z.number(), placedAtIntermediateCourt: z.array(z.string()), skippedWithoutCourt: z.array(z.string()), prefecturesWithoutCourts: z.array(z.string()) }),
    }),
    courts: z.array(CourtSchema),
  })
  .meta({ id: 'CourtNetwork' });

const networkRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/network', {
    schema: {
      tags: ['network'],
      summary: 'The court network the service starts with: every court of the administrative map, how it was built, its sources and licences',
      security: [{ bearer: [] }],
      response: { 200: NetworkSchema, ...authProblems },
    },
  }, async (request) => {
    requireCaller(request);
    return courtNetwork();
  });
};

export default networkRoutes;
