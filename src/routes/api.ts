import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import auditRoutes from './audit.js';
import healthRoutes from './health.js';
import jobsRoutes from './jobs/index.js';
import keyRoutes from './keys.js';
import networkRoutes from './network.js';
import plansRoutes, { type SyncSolveLimits } from './plans/index.js';
import lifecycleRoutes from './plans/lifecycle.js';
import planMapRoutes from './plans/planMap.js';
import planWhatIfRoutes from './whatIf/planWhatIf.js';
import datasetRoutes from './whatIf/datasets.js';
import screenRoutes from './whatIf/screen.js';
import sweepRoutes from './whatIf/sweeps.js';

/**
 * The API: every route validated and serialized through its zod schemas. The compilers are set
 * here, inside this encapsulated plugin, so that third-party plugins keep their own.
 */
export default async function api(app: FastifyInstance, options: { syncSolve?: Partial<SyncSolveLimits> }): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(healthRoutes);
  await app.register(plansRoutes, { syncSolve: options.syncSolve ?? {} });
  await app.register(lifecycleRoutes);
  await app.register(planMapRoutes);
  await app.register(planWhatIfRoutes, { syncSolve: options.syncSolve ?? {} });
  await app.register(jobsRoutes);
  await app.register(auditRoutes);
  await app.register(keyRoutes);
  await app.register(networkRoutes);
  await app.register(datasetRoutes);
  await app.register(screenRoutes);
  await app.register(sweepRoutes);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
