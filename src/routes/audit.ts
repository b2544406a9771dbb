import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditPageSchema, AuditQuerySchema, ProblemSchema } from '../../schemas/index.js';
import { requireCaller } from '../plugins/apiKeys.js';
import { authProblems } from './problemResponses.js';

const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/audit', {
    schema: {
      tags: ['audit'],
      summary: 'The append-only audit log, limited to your jurisdiction, oldest first',
      security: [{ bearer: [] }],
      querystring: AuditQuerySchema,
      response: { 200: AuditPageSchema, 400: ProblemSchema, ...authProblems },
    },
  }, async (request) => app.storage.audit.read(requireCaller(request), request.query));
};

export default auditRoutes;
