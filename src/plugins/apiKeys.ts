import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Caller, Role } from '../caller.js';
import { problems } from '../problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** Bearer keys, looked up by hash in the key table; routes that need a caller use `requireCaller`. */
async function apiKeys(app: FastifyInstance): Promise<void> {
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) request.caller = app.storage.apiKeys.find(match[1]!);
  });
}

export function requireCaller(request: FastifyRequest): Caller {
  if (request.caller) return request.caller;
  throw problems.unauthenticated(request.headers.authorization === undefined ? 'send Authorization: Bearer <api key>' : 'the API key is not valid');
}

/** The caller must hold one of `roles` (403 otherwise). Check visibility first, so that a hidden resource stays a 404. */
export function requireRole(caller: Caller, roles: readonly Role[], action: string): Caller {
  if (!roles.includes(caller.role)) throw problems.forbiddenRole(`${action} needs the role ${roles.join(' or ')}; your key has ${caller.role}`);
  return caller;
}

export default fp(apiKeys, { name: 'api-keys', fastify: '5.x', dependencies: ['storage'] });
