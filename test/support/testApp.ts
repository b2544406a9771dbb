import type { FastifyInstance } from 'fastify';
import { buildApp, demoCaller, type AppOptions } from '../../src/app.js';
import type { Caller } from '../../src/plugins/apiKeys.js';

export const spcKey = 'test-spc-admin-key-0123456789';
/** Keys bound to lower courts of the fixture tree (test/support/fixtures.ts). */
export const courtKeys = {
  h11: 'test-h11-analyst-key-0123456789',
  h13: 'test-h13-analyst-key-0123456789',
};

const courtCaller = (courtId: string): Caller => ({ keyId: `key-${courtId}`, user: `analyst@${courtId}`, courtId, role: 'analyst' });

/** The real app with the demo SPC key and two court-bound keys; close it after the test. */
export function testApp(options: AppOptions = {}): Promise<FastifyInstance> {
  return buildApp({
    apiKeys: [
      { key: spcKey, caller: demoCaller },
      { key: courtKeys.h11, caller: courtCaller('h11') },
      { key: courtKeys.h13, caller: courtCaller('h13') },
    ],
    ...options,
  });
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
