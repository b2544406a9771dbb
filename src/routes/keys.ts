import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema, ProblemSchema, TextSchema } from '../../schemas/index.js';
import { createKey, revokeKey } from '../access/keyAdministration.js';
import type { Caller } from '../caller.js';
import { requireCaller, requireRole } from '../plugins/apiKeys.js';
import { problems } from '../problems.js';
import { authProblems, bodyProblems } from './problemResponses.js';

const ApiKeySchema = z
  .object({ id: z.string(), user: z.string(), courtId: z.string().nullable().describe('null: the SPC'), role: z.enum(['analyst', 'approver', 'admin']), createdAt: z.string(), revokedAt: z.string().nullable() })
  .meta({ id: 'ApiKey' });

const NewApiKeySchema = z
  .object({ user: TextSchema.min(1), courtId: IdSchema.nullable().describe('The court the key acts for; null for the SPC'), role: z.enum(['analyst', 'approver', 'admin']) })
  .strict()
  .meta({ id: 'NewApiKey' });

const keyRoutes: FastifyPluginAsyncZod = async (app) => {
  /** An admin manages the keys of its own court; the SPC's admin any court's. */
  const requireKeyAdmin = (caller: Caller, courtId: string | null) => {
    requireRole(caller, ['admin'], 'managing API keys');
    if (caller.courtId !== null && caller.courtId !== courtId) throw problems.outsideJurisdiction(`your key manages the keys of court ${caller.courtId} only`);
  };

  app.post('/v1/keys', {
    schema: {
      tags: ['keys'],
      summary: 'Make an API key for a person at a court with a role (role admin); the key is shown once',
      security: [{ bearer: [] }],
      body: NewApiKeySchema,
      response: { 201: ApiKeySchema.extend({ key: z.string().describe('Shown only now; stored as a hash') }), ...bodyProblems, ...authProblems, 403: ProblemSchema },
    },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    requireKeyAdmin(caller, request.body.courtId);
    const created = createKey(app.storage, request.body, caller);
    return reply.code(201).send({ ...created.record, key: created.key });
  });

  app.get('/v1/keys', {
    schema: { tags: ['keys'], summary: 'The keys you manage (no secrets)', security: [{ bearer: [] }], response: { 200: z.object({ items: z.array(ApiKeySchema) }), ...authProblems, 403: ProblemSchema } },
  }, async (request) => {
    const caller = requireRole(requireCaller(request), ['admin'], 'listing API keys');
    return { items: app.storage.apiKeys.list(caller.courtId) };
  });

  app.delete('/v1/keys/:id', {
    schema: { tags: ['keys'], summary: 'Revoke a key at once', security: [{ bearer: [] }], params: z.object({ id: IdSchema }), response: { 200: ApiKeySchema, 400: ProblemSchema, ...authProblems, 403: ProblemSchema, 404: ProblemSchema } },
  }, async (request) => {
    const caller = requireCaller(request);
    const record = app.storage.apiKeys.record(request.params.id);
    // Another court's key reads as absent: the existence of keys does not leak.
    if (!record || (caller.courtId !== null && record.courtId !== caller.courtId)) throw problems.notFound(`key ${request.params.id}`);
    requireKeyAdmin(caller, record.courtId);
    return revokeKey(app.storage, record, caller);
  });
};

export default keyRoutes;
