import compress from '@fastify/compress';
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { limits } from '../schemas/index.js';
import type { Caller } from './caller.js';
import type { JobRunnerOptions } from './jobs/jobRunner.js';
import apiKeys from './plugins/apiKeys.js';
import jobRunner from './plugins/jobRunner.js';
import loadLimits, { type LoadLimitOptions } from './plugins/loadLimits.js';
import metrics from './plugins/metrics.js';
import openapi from './plugins/openapi.js';
import problemHandler from './plugins/problemHandler.js';
import solverPool, { type SolverPoolOptions } from './plugins/solverPool.js';
import storage from './plugins/storage.js';
import webPage from './plugins/webPage.js';
import api from './routes/api.js';
import type { SyncSolveLimits } from './routes/plans/index.js';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Directory of the SQLite database (DATA_DIR). */
  dataDir: string;
  /** Keys to install at start, e.g. the demo SPC admin key; stored hashed. */
  apiKeys?: { key: string; caller: Caller }[];
  /** Largest request body in bytes; default limits.bodyBytes. */
  bodyLimit?: number;
  solverPool?: SolverPoolOptions;
  jobs?: JobRunnerOptions;
  /** Per-key rate limit and load shedding. */
  loadLimits?: LoadLimitOptions;
  /** Longest time to receive a whole request, in ms; default 120,000. */
  requestTimeoutMs?: number;
  /** Which `POST /v1/plans` requests are solved while the client waits; larger ones become jobs (202). */
  syncSolve?: Partial<SyncSolveLimits>;
  /** The built analysts' page served at `/`; default web/dist. */
  webPageDir?: string;
}

/** The demo key's identity: the SPC (courtId null), admin role. */
export const demoCaller: Caller = { keyId: 'demo-spc-admin', user: 'demo-admin', courtId: null, role: 'admin' };

/** Builds the app: third-party plugins → our decorators → routes → error handler. Never listens. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? limits.bodyBytes,
    requestIdHeader: 'x-request-id',
    // Plugins and ready hooks get 30 s instead of 10: the solver threads' warm-up has its own budget
    // (solverPool's warmUpBudgetMs), which a test may set above 10 s on a busy machine.
    pluginTimeout: 30_000,
    // A client that trickles its body is cut off (408) rather than holding a connection for ever;
    // the server checks for such clients every second instead of Node's default 30 s.
    serverFactory: (handler) => createServer({ requestTimeout: options.requestTimeoutMs ?? 120_000, connectionsCheckingInterval: 1_000 }, handler),
  });
  // Bodies are JSON only: a text/plain body is refused as 415 rather than parsed into a string.
  app.removeContentTypeParser('text/plain');
  // Large datasets travel gzipped: request bodies are inflated (the body limit counts the inflated
  // bytes), and responses are compressed for clients that accept it.
  await app.register(compress, { requestEncodings: ['gzip', 'deflate'] });
  await app.register(openapi);
  await app.register(problemHandler);
  await app.register(storage, { dataDir: options.dataDir });
  await app.register(apiKeys);
  await app.register(loadLimits, options.loadLimits ?? {});
  await app.register(metrics);
  await app.register(solverPool, options.solverPool ?? {});
  await app.register(jobRunner, options.jobs ?? {});
  for (const { key, caller } of options.apiKeys ?? []) app.storage.apiKeys.put(key, caller);
  await app.register(api, { syncSolve: options.syncSolve ?? {} });
  await app.register(webPage, options.webPageDir ? { dir: options.webPageDir } : {});
  return app;
}
