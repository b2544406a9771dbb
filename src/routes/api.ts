import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import healthRoutes from './health.js';
import plansRoutes from './plans/index.js';

/**
 * The API: every route validated and serialized through its zod schemas. The compilers are set
 * here, inside this encapsulated plugin, so that third-party plugins keep their own.
 */
export default async function api(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(healthRoutes);
  await app.register(plansRoutes);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
