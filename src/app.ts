import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { limits } from '../schemas/index.js';
import apiKeys, { type Caller } from './plugins/apiKeys.js';
import openapi from './plugins/openapi.js';
import planStore from './plugins/planStore.js';
import problemHandler from './plugins/problemHandler.js';
import solverPool, { type SolverPoolOptions } from './plugins/solverPool.js';
import api from './routes/api.js';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Keys to install at start, e.g. the demo SPC admin key. */
  apiKeys?: { key: string; caller: Caller }[];
  /** Largest request body in bytes; default limits.bodyBytes. */
  bodyLimit?: number;
  solverPool?: SolverPoolOptions;
}

/** The demo key's identity: the SPC (courtId null), admin role. */
export const demoCaller: Caller = { keyId: 'demo-spc-admin', user: 'demo-admin', courtId: null, role: 'admin' };

/** Builds the app: third-party plugins → our decorators → routes → error handler. Never listens. */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? limits.bodyBytes,
    requestIdHeader: 'x-request-id',
  });
  // Bodies are JSON only: a text/plain body is refused as 415 rather than parsed into a string.
  app.removeContentTypeParser('text/plain');
  await app.register(openapi);
  await app.register(problemHandler);
  await app.register(apiKeys);
  await app.register(planStore);
  await app.register(solverPool, options.solverPool ?? {});
  for (const { key, caller } of options.apiKeys ?? []) app.apiKeys.add(key, caller);
  await app.register(api);
  return app;
}
