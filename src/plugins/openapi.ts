import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** The OpenAPI 3 document, generated from the routes' zod schemas, and Swagger UI at /docs. */
async function openapi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'court-assign',
        description: 'Plans cross-court execution (交叉执行): which court takes which stalled enforcement case, with the reason for every decision.',
        version: '1.0.0',
      },
      tags: [
        { name: 'plans', description: 'Assignment plans and their explanations' },
        { name: 'service', description: 'Liveness, readiness and documents' },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key bound to one court and a role' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}

export default fp(openapi, { name: 'openapi', fastify: '5.x' });
