import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../problems.js';

export interface LoadLimitOptions {
  /** Requests one API key (or, without a key, one address) may make per minute; default 1,200. */
  requestsPerMinute?: number;
  /** Event-loop delay beyond which requests are shed with 503; default 1,000 ms. */
  maxEventLoopDelayMs?: number;
  /** How often the event-loop delay is sampled; default 1,000 ms. */
  sampleIntervalMs?: number;
}

/**
 * Bounds the work at the edge: a per-key rate limit (429) and load shedding when the event loop
 * falls behind (503), both problem+json with Retry-After. /health and /ready stay outside the rate
 * limit so that probes are never refused for being frequent.
 */
async function loadLimits(app: FastifyInstance, options: LoadLimitOptions): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs ?? 1_000,
    sampleInterval: options.sampleIntervalMs ?? 1_000,
    retryAfter: 5,
    pressureHandler: (_request, _reply, type, value) => {
      throw new ProblemError(503, 'overloaded', 'Service overloaded', `The service is shedding load (${type}: ${Math.round(Number(value))}); try again shortly.`, undefined, { 'retry-after': '5' });
    },
  });
  await app.register(rateLimit, {
    max: options.requestsPerMinute ?? 1_200,
    timeWindow: 60_000,
    keyGenerator: (request) => request.caller?.keyId ?? request.ip,
    allowList: (request) => request.url === '/health' || request.url === '/ready',
    errorResponseBuilder: (_request, context) =>
      new ProblemError(429, 'rate-limited', 'Too many requests', `At most ${context.max} requests a minute per API key; retry in ${context.after}.`, undefined, { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) }),
  });
}

export default fp(loadLimits, { name: 'load-limits', fastify: '5.x', dependencies: ['api-keys'] });
