import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { problems } from '../problems.js';

export type Role = 'analyst' | 'approver' | 'admin';

/**
 * Who is calling: a court and a role. `courtId` null stands for the Supreme People's Court, which
 * is matched to the `supreme` court of whatever tree a request carries.
 */
export interface Caller {
  keyId: string;
  user: string;
  courtId: string | null;
  role: Role;
}

interface StoredKey extends Caller {
  /** sha256 of the key: keys are never kept in the clear. */
  hash: Buffer;
}

declare module 'fastify' {
  interface FastifyInstance {
    apiKeys: { add(key: string, caller: Caller): void };
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** A fresh key for the demo start: 32 random bytes, URL-safe. */
export function newApiKey(): string {
  return `ca_${randomBytes(32).toString('base64url')}`;
}

/**
 * Bearer keys. Keys live in memory until the storage issue lands; routes that need a caller use
 * `requireCaller`. Comparison is by constant-time equality of hashes.
 */
async function apiKeys(app: FastifyInstance): Promise<void> {
  const keys: StoredKey[] = [];
  app.decorate('apiKeys', {
    add(key: string, caller: Caller) {
      keys.push({ ...caller, hash: hashKey(key) });
    },
  });
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return;
    const hash = hashKey(match[1]!);
    const found = keys.find((stored) => timingSafeEqual(stored.hash, hash));
    if (found) request.caller = { keyId: found.keyId, user: found.user, courtId: found.courtId, role: found.role };
  });
}

export function requireCaller(request: FastifyRequest): Caller {
  if (request.caller) return request.caller;
  throw problems.unauthenticated(request.headers.authorization === undefined ? 'send Authorization: Bearer <api key>' : 'the API key is not valid');
}

export default fp(apiKeys, { name: 'api-keys', fastify: '5.x' });
