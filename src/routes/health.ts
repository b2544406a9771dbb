import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const HealthSchema = z.object({ status: z.literal('ok') });

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { schema: { tags: ['service'], summary: 'Liveness', response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }));
  app.get('/ready', { schema: { tags: ['service'], summary: 'Readiness: plugins loaded, accepting plans', response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }));
};

export default healthRoutes;
